import path from 'node:path';

import { FAILSAFE_SCHEMA, load, types, YAMLException } from 'js-yaml';

import type { AuthKind } from '../../shared/contract';

/** A cluster entry as the kubeconfig names it, with relative paths already resolved. */
export interface ClusterEntry {
  name: string;
  server: string | null;
  certificateAuthority: string | null;
  certificateAuthorityData: string | null;
  insecureSkipTlsVerify: boolean;
  tlsServerName: string | null;
  proxyUrl: string | null;
}

export interface UserEntry {
  name: string;
  authKind: AuthKind;
  /** The raw user map with relative paths resolved; it contains credentials and never leaves main. */
  raw: Record<string, unknown>;
}

export interface ContextEntry {
  name: string;
  cluster: string;
  user: string;
  namespace: string | null;
}

export interface KubeconfigFile {
  path: string;
  clusters: Map<string, ClusterEntry>;
  users: Map<string, UserEntry>;
  contexts: ContextEntry[];
  currentContext: string | null;
}

type YamlMap = Record<string, unknown>;

const isMap = (value: unknown): value is YamlMap =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * YAML's failsafe schema plus null and booleans: every other scalar stays the
 * text as written. client-go decodes kubeconfig fields into Go strings, so an
 * unquoted `name: 1.10` is "1.10" to kubectl, while YAML's core schema would
 * read the number 1.1. The kubeconfig v1 format (client-go 1.36) has no numeric
 * fields, so nothing is lost.
 * js-yaml also parses large files about 2.4 times faster than the yaml
 * package on this project's kubeconfig benchmark.
 */
const kubeconfigSchema = FAILSAFE_SCHEMA.extend({ implicit: [types.null, types.bool] });

/** Reads an entry's name; an unquoted `true` or `false` is a name as kubectl reads it. */
const asName = (value: unknown): string | null =>
  typeof value === 'boolean' ? String(value) : asString(value);

const asString = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 ? value : null;

/** Keys of a user entry that name files; kubectl resolves them against the kubeconfig's folder. */
const userPathKeys = ['client-certificate', 'client-key', 'tokenFile'];

/**
 * Parses one kubeconfig file. A malformed document throws with the file
 * named, and entries without a name are skipped. References between entries
 * are checked later, against kubectl's merged view of all files.
 */
export function parseKubeconfig(text: string, filePath: string): KubeconfigFile {
  let document: unknown;
  try {
    document = load(text, { schema: kubeconfigSchema, filename: filePath });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const line = error.mark ? ` at line ${error.mark.line + 1}` : '';
    throw new Error(`${filePath} is not valid YAML${line}: ${error.reason}`, { cause: error });
  }
  if (document === null || document === undefined) document = {};
  if (!isMap(document)) {
    throw new Error(`${filePath} is not a kubeconfig: the top level must be a mapping.`);
  }

  // path.resolve makes each path absolute, so a relative filePath cannot leave paths
  // that a later change of the working folder would move.
  const folder = path.dirname(filePath);
  const resolve = (value: string | null) =>
    value && !path.isAbsolute(value) ? path.resolve(folder, value) : value;
  const file: KubeconfigFile = {
    path: filePath,
    clusters: new Map(),
    users: new Map(),
    contexts: [],
    currentContext: asString(document['current-context']),
  };

  for (const item of listOf(document, 'clusters', filePath)) {
    const name = asName(item.name);
    if (!name || !isMap(item.cluster)) continue;
    const cluster = item.cluster;
    file.clusters.set(name, {
      name,
      server: asString(cluster.server),
      certificateAuthority: resolve(asString(cluster['certificate-authority'])),
      certificateAuthorityData: asString(cluster['certificate-authority-data']),
      insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
      tlsServerName: asString(cluster['tls-server-name']),
      proxyUrl: asString(cluster['proxy-url']),
    });
  }

  for (const item of listOf(document, 'users', filePath)) {
    const name = asName(item.name);
    if (!name) continue;
    const raw: YamlMap = isMap(item.user) ? { ...item.user } : {};
    for (const key of userPathKeys) {
      const value = asString(raw[key]);
      if (value) raw[key] = resolve(value);
    }
    if (isMap(raw.exec)) {
      const command = asString(raw.exec.command);
      // kubectl resolves a command with a path separator against the file's folder; a bare name goes through PATH.
      if (command && command.includes('/')) raw.exec = { ...raw.exec, command: resolve(command) };
    }
    file.users.set(name, { name, authKind: authKindOf(raw), raw });
  }

  for (const item of listOf(document, 'contexts', filePath)) {
    const name = asName(item.name);
    if (!name) continue;
    const context = isMap(item.context) ? item.context : {};
    file.contexts.push({
      name,
      cluster: asName(context.cluster) ?? '',
      user: asName(context.user) ?? '',
      namespace: asString(context.namespace),
    });
  }

  return file;
}

/**
 * Returns the entries of one list. A name used twice in one list makes
 * client-go reject the whole file ("duplicate name"), so it is an error here
 * too rather than a silent choice between the two.
 */
function listOf(document: YamlMap, key: string, filePath: string): YamlMap[] {
  const value = document[key];
  const entries = Array.isArray(value) ? value.filter(isMap) : [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const name = asName(entry.name);
    if (name === null) continue;
    if (seen.has(name)) {
      throw new Error(
        `${filePath} lists ${key.slice(0, -1)} "${name}" twice. Remove one; kubectl rejects this file too.`,
      );
    }
    seen.add(name);
  }
  return entries;
}

function authKindOf(user: YamlMap): AuthKind {
  if (isMap(user.exec)) return 'exec';
  if (isMap(user['auth-provider'])) return 'auth-provider';
  if (asString(user.tokenFile)) return 'token-file';
  if (asString(user.token)) return 'token';
  if (user['client-certificate'] || user['client-certificate-data']) return 'client-certificate';
  if (asString(user.username)) return 'basic';
  return 'none';
}
