// Naming and comparison rules of users, groups and group users. Binding names
// follow Kubeflow's access management (KFAM, kubeflow/kubeflow v1.10
// components/access-management/kfam/bindings.go): kind, user name, roleRef
// kind and roleRef name joined with '-', lowercased, and every run of other
// characters than a-z and 0-9 replaced by '-'.

/** Group roles on the wire, as KFAM and the Central Dashboard name them. */
export const groupRoles = ['admin', 'edit', 'view'] as const;
export type GroupRole = (typeof groupRoles)[number];

export const defaultUserPrefix = 'u-';
export const defaultGroupPrefix = 'g-';

/** Maximum length of a namespace name (a DNS-1123 label). */
export const maxNamespaceLength = 63;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isValidEmail(value: string): boolean {
  return value.length <= 254 && emailPattern.test(value);
}

/** Key for comparing emails: mail providers treat addresses without regard to case. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function sameEmail(a: string, b: string): boolean {
  return emailKey(a) === emailKey(b);
}

export function isValidNamespaceName(value: string): boolean {
  return value.length <= maxNamespaceLength && dns1123Label.test(value);
}

/** Lowercases a value and replaces every run of characters other than a-z and 0-9 with '-'. */
function slug(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/**
 * Suggests a namespace name: the prefix and the email's local part (or a
 * group name), as a DNS-1123 label of at most 63 characters.
 */
export function suggestNamespace(prefix: string, nameOrEmail: string): string {
  const base = nameOrEmail.includes('@')
    ? nameOrEmail.slice(0, nameOrEmail.indexOf('@'))
    : nameOrEmail;
  const name = `${prefix}${slug(base)}`
    .replace(/^-+/, '')
    .slice(0, maxNamespaceLength)
    .replace(/-+$/, '');
  return name;
}

/** The RoleBinding name KFAM gives a contributor, such as user-alice-corp-com-clusterrole-edit. */
export function contributorBindingName(email: string, role: GroupRole): string {
  const joined = ['User', slug(email), 'ClusterRole', role].join('-');
  return slug(joined).slice(0, 253).replace(/-+$/, '');
}

/**
 * A stable suffix for a binding whose KFAM name is already taken by another
 * email: six hex digits of a 32-bit FNV-1a hash of the lowercased email, so
 * the same email always gets the same name. Two emails share a suffix with a
 * chance of about 1 in 16 million, which chooseBindingName does not check.
 */
export function collisionSuffix(email: string): string {
  let hash = 0x811c9dc5;
  for (const char of emailKey(email)) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0').slice(0, 6);
}

/** The existing bindings' names and the email each one is for. */
export type TakenBindingNames = ReadonlyMap<string, string>;

/**
 * Chooses the binding name for an email and role: KFAM's name, or that name
 * with the email's stable suffix when another email already has it.
 */
export function chooseBindingName(
  email: string,
  role: GroupRole,
  taken: TakenBindingNames,
): string {
  const base = contributorBindingName(email, role);
  const holder = taken.get(base);
  if (holder === undefined || sameEmail(holder, email)) return base;
  return `${base}-${collisionSuffix(email)}`;
}

/** Name of the ClusterRoleBinding that makes an email an owner of an instance. */
export function ownerBindingName(instanceName: string, email: string): string {
  return (
    `kubeflow-desktop-owner-${slug(instanceName)}-${slug(email)}`.slice(0, 240).replace(/-+$/, '') +
    `-${collisionSuffix(email)}`
  );
}

/** Splits a pasted list or CSV into rows of email and role; the role column is optional. */
export interface BulkRow {
  line: number;
  email: string;
  role: GroupRole | null;
  /** The reason the row cannot be used, or null. */
  problem: 'invalidEmail' | 'invalidRole' | 'duplicate' | null;
}

export function parseBulkMembers(text: string, defaultRole: GroupRole): BulkRow[] {
  const rows: BulkRow[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const cells = raw
      .split(/[,;\t]/)
      .map((cell) => cell.trim().replace(/^"|"$/g, ''))
      .filter((cell) => cell !== '');
    if (cells.length === 0) return;
    const [email = '', roleCell] = cells;
    if (index === 0 && !email.includes('@') && /^e-?mail$/i.test(email)) return;
    const role = roleCell === undefined ? defaultRole : parseRole(roleCell);
    let problem: BulkRow['problem'] = null;
    if (!isValidEmail(email)) problem = 'invalidEmail';
    else if (role === null) problem = 'invalidRole';
    else if (seen.has(emailKey(email))) problem = 'duplicate';
    seen.add(emailKey(email));
    rows.push({ line: index + 1, email, role, problem });
  });
  return rows;
}

function parseRole(value: string): GroupRole | null {
  const lower = value.toLowerCase();
  return (groupRoles as readonly string[]).includes(lower) ? (lower as GroupRole) : null;
}
