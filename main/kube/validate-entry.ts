import { readFileSync } from 'node:fs';

import { describeExecProblem } from './exec-credentials';
import type { ClusterEntry, UserEntry } from './kubeconfig-file';

/** Proxy schemes that kubectl supports in a cluster's proxy-url. */
const proxySchemes = ['http:', 'https:', 'socks5:'];

/**
 * Returns the first problem of a cluster and user pair that would make every
 * request fail, in plain words naming the entry, the field and its value or
 * path, or null when there is none. Files named by the entries are read
 * synchronously to check that they can be. Data fields are named but never
 * quoted, because a key or token must not reach a message.
 */
export function validateEntry(cluster: ClusterEntry, user: UserEntry): string | null {
  return clusterProblem(cluster) ?? userProblem(user);
}

function clusterProblem(cluster: ClusterEntry): string | null {
  const prefix = `cluster "${cluster.name}"`;

  if (!cluster.server) return `${prefix} has no server`;
  const server = parseUrl(cluster.server);
  if (!server || (server.protocol !== 'https:' && server.protocol !== 'http:')) {
    return `${prefix}: server "${cluster.server}" is not an https:// or http:// URL`;
  }

  const authorityData = base64Problem(cluster.certificateAuthorityData);
  if (authorityData) return `${prefix}: certificate-authority-data ${authorityData}`;
  const authorityFile = unreadable(cluster.certificateAuthority);
  if (authorityFile) return `${prefix}: certificate-authority ${authorityFile}`;
  if (
    cluster.insecureSkipTlsVerify &&
    (cluster.certificateAuthority || cluster.certificateAuthorityData)
  ) {
    // kubectl 1.36 rejects this pair too: "specifying a root certificates file with the insecure flag is not allowed".
    return `${prefix} sets insecure-skip-tls-verify together with a certificate authority; remove one of them`;
  }

  if (cluster.proxyUrl) {
    const proxy = parseUrl(cluster.proxyUrl);
    if (!proxy) return `${prefix}: proxy-url "${cluster.proxyUrl}" is not a URL`;
    if (!proxySchemes.includes(proxy.protocol)) {
      return `${prefix}: proxy-url "${cluster.proxyUrl}" has the scheme ${proxy.protocol.slice(0, -1)}; use http, https or socks5`;
    }
  }
  return null;
}

function userProblem(user: UserEntry): string | null {
  const prefix = `user "${user.name}"`;
  const raw = user.raw;
  const text = (key: string) =>
    typeof raw[key] === 'string' && raw[key].length > 0 ? raw[key] : null;

  for (const key of ['client-certificate-data', 'client-key-data']) {
    const problem = base64Problem(text(key));
    if (problem) return `${prefix}: ${key} ${problem}`;
  }
  for (const key of ['client-certificate', 'client-key', 'tokenFile']) {
    const problem = unreadable(text(key));
    if (problem) return `${prefix}: ${key} ${problem}`;
  }

  const hasCertificate = Boolean(text('client-certificate') ?? text('client-certificate-data'));
  const hasKey = Boolean(text('client-key') ?? text('client-key-data'));
  if (hasCertificate && !hasKey) {
    return `${prefix} has a client certificate but no client-key or client-key-data`;
  }
  if (hasKey && !hasCertificate) {
    return `${prefix} has a client key but no client-certificate or client-certificate-data`;
  }

  if (raw.exec !== undefined && raw.exec !== null) {
    const problem = describeExecProblem(raw.exec);
    if (problem) return `${prefix}: ${problem}`;
  }
  return null;
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * Checks standard base64 as Go's encoding/base64 decodes kubeconfig data:
 * padding required, line breaks ignored. Returns the problem, or null.
 */
function base64Problem(value: string | null): string | null {
  if (value === null) return null;
  const compact = value.replace(/[\r\n]/g, '');
  const invalid = compact.search(/[^A-Za-z0-9+/=]/);
  if (invalid >= 0) return `is not valid base64: invalid character at position ${invalid + 1}`;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    return 'is not valid base64: "=" may appear only as padding at the end';
  }
  if (compact.length % 4 !== 0) {
    return `is not valid base64: its length ${compact.length} is not a multiple of 4`;
  }
  return null;
}

/** Returns "<path> cannot be read: <OS reason>" when the file cannot be read, or null. */
function unreadable(file: string | null): string | null {
  if (file === null) return null;
  try {
    readFileSync(file);
    return null;
  } catch (error) {
    return `${file} cannot be read: ${osReason(error)}`;
  }
}

/**
 * Returns the OS reason without the code and path that Node adds, for example
 * "no such file or directory" from "ENOENT: no such file or directory, open '/x'".
 */
function osReason(error: unknown): string {
  if ((error as NodeJS.ErrnoException).code === 'EISDIR') return 'it is a folder, not a file';
  const message = error instanceof Error ? error.message : String(error);
  const match = /^[A-Z]+: (.*?), \w+(?: '|$)/.exec(message);
  return match?.[1] ?? message;
}
