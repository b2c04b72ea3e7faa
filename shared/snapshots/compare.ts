import type { Snapshot, SnapshotSections } from './schema';

export const diffSections = [
  'spec',
  'status',
  'components',
  'users',
  'groups',
  'bindings',
  'matrix',
] as const;
export type DiffSection = (typeof diffSections)[number];

/** One difference: `key` names the item (a user's email, a binding, a component, a matrix cell). */
export interface DiffEntry {
  section: DiffSection;
  change: 'added' | 'removed' | 'changed';
  key: string;
  /** Value on the left side, as text; null when added. */
  before: string | null;
  /** Value on the right side, as text; null when removed. */
  after: string | null;
}

/** Sections that one side could not compare because its data was not saved. */
export interface SnapshotDiff {
  entries: DiffEntry[];
  /** Sections missing on either side, which are left out of the comparison. */
  unavailable: DiffSection[];
}

type Keyed = Map<string, string>;

/** Compares two keyed lists: keys only on the right are added, only on the left removed, in both with other values changed. */
function diffMaps(section: DiffSection, before: Keyed, after: Keyed): DiffEntry[] {
  const entries: DiffEntry[] = [];
  for (const [key, value] of before) {
    const next = after.get(key);
    if (next === undefined)
      entries.push({ section, change: 'removed', key, before: value, after: null });
    else if (next !== value)
      entries.push({ section, change: 'changed', key, before: value, after: next });
  }
  for (const [key, value] of after) {
    if (!before.has(key))
      entries.push({ section, change: 'added', key, before: null, after: value });
  }
  return entries.sort((a, b) => a.key.localeCompare(b.key));
}

const text = (value: unknown): string =>
  value === null || value === undefined
    ? '—'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

/** Flattens a JSON value into dotted paths, so a spec change names the field that changed. */
function flatten(value: unknown, prefix: string, into: Keyed): Keyed {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) into.set(prefix, '{}');
    for (const [key, nested] of entries) flatten(nested, prefix ? `${prefix}.${key}` : key, into);
    return into;
  }
  into.set(prefix, text(value));
  return into;
}

type SectionReader = (sections: SnapshotSections) => Keyed | null;

const readers: Record<DiffSection, SectionReader> = {
  spec: ({ instance }) => (instance ? flatten(instance.spec, '', new Map()) : null),
  status: ({ status }) =>
    status
      ? new Map([
          ['phase', status.phase],
          ['reason', text(status.reason)],
        ])
      : null,
  components: ({ status }) =>
    status
      ? new Map(
          status.components.map((component) => [
            component.id,
            `${component.observedVersion ?? '—'} (expected ${component.expectedVersion ?? '—'})`,
          ]),
        )
      : null,
  users: ({ access }) =>
    access
      ? new Map([
          ...access.owners.map((owner): [string, string] => [owner, 'owner']),
          ...access.users.map((user): [string, string] => [user.email, user.role]),
        ])
      : null,
  groups: ({ access }) =>
    access
      ? new Map(access.groups.map((group) => [group.name, [...group.members].sort().join(', ')]))
      : null,
  bindings: ({ access }) =>
    access
      ? new Map(
          access.bindings.map((binding) => [
            `${binding.subjectKind} ${binding.subject} in ${binding.namespace ?? '(cluster)'}`,
            binding.role,
          ]),
        )
      : null,
  matrix: ({ matrix }) =>
    matrix
      ? new Map(matrix.cells.map((cell) => [`${cell.role} / ${cell.permission}`, cell.value]))
      : null,
};

/**
 * Compares two snapshots' sections (or a snapshot with the live cluster read
 * into the same shape): users, groups, bindings, component versions, matrix
 * cells, spec fields and the phase that were added, removed or changed going
 * from `before` to `after`.
 */
export function compareSections(before: SnapshotSections, after: SnapshotSections): SnapshotDiff {
  const diff: SnapshotDiff = { entries: [], unavailable: [] };
  for (const section of diffSections) {
    const left = readers[section](before);
    const right = readers[section](after);
    if (left === null || right === null) {
      diff.unavailable.push(section);
      continue;
    }
    diff.entries.push(...diffMaps(section, left, right));
  }
  return diff;
}

export function compareSnapshots(before: Snapshot, after: Snapshot): SnapshotDiff {
  return compareSections(before.sections, after.sections);
}
