import { readFile } from 'node:fs/promises';

import {
  ApiException,
  KubeConfig,
  Observable,
  type ConfigurationOptions,
  type Cluster,
  type User,
} from '@kubernetes/client-node';

import { AppError } from '../../shared/errors';
import type { ResolvedContext } from './context-registry';
import { execCredentialKey, type ExecCredentialSource } from './exec-credentials';

/** Default per-call timeout; @kubernetes/client-node 1.4 sets none of its own. */
export const defaultTimeoutMs = 10_000;

/** Services a client configuration needs besides the context itself. */
export interface ClientDeps {
  execCredentials: ExecCredentialSource;
}

/** Cache key of the exec credential of a context's user. */
export function execKeyOf(resolved: ResolvedContext): string {
  // NOTE: the key uses the context's file. A user found in another file through
  // kubectl's merged view is therefore cached once per file that refers to it.
  return execCredentialKey(resolved.summary.ref.source, resolved.user.name);
}

const isExecUser = (resolved: ResolvedContext) =>
  typeof resolved.user.raw.exec === 'object' && resolved.user.raw.exec !== null;

/**
 * Builds a client configuration holding exactly one context, so a call can
 * never fall back to another file's current-context. An exec user's
 * credential comes from `deps.execCredentials` (and may run the plugin), and
 * a tokenFile is read again on every build. An auth-provider (OIDC) is left
 * to @kubernetes/client-node.
 *
 * Throws an AppError: exec-failed when the plugin fails, invalid-request
 * when the tokenFile cannot be read.
 */
export async function createClientConfig(
  resolved: ResolvedContext,
  deps: ClientDeps,
): Promise<KubeConfig> {
  const { cluster, context } = resolved;
  const server = cluster.server ?? '';

  const clientCluster: Cluster = {
    name: cluster.name,
    server,
    caData: cluster.certificateAuthorityData ?? undefined,
    caFile: cluster.certificateAuthority ?? undefined,
    // client-node 1.4 rejects an http:// server unless skipTLSVerify is set,
    // although no TLS is involved; kubectl accepts such a server as it is.
    skipTLSVerify: cluster.insecureSkipTlsVerify || server.startsWith('http:'),
    tlsServerName: cluster.tlsServerName ?? undefined,
    proxyUrl: cluster.proxyUrl ?? undefined,
  };

  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [clientCluster],
    users: [await clientUser(resolved, deps)],
    contexts: [
      {
        name: context.name,
        cluster: cluster.name,
        user: resolved.user.name,
        namespace: context.namespace ?? undefined,
      },
    ],
    currentContext: context.name,
  });
  return config;
}

async function clientUser(resolved: ResolvedContext, deps: ClientDeps): Promise<User> {
  const { user, cluster } = resolved;
  const raw = user.raw;
  const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);

  const tokenFile = text('tokenFile');
  const fromKubeconfig: User = {
    name: user.name,
    certData: text('client-certificate-data'),
    certFile: text('client-certificate'),
    keyData: text('client-key-data'),
    keyFile: text('client-key'),
    token: tokenFile ? await readTokenFile(tokenFile, user.name) : text('token'),
    username: text('username'),
    password: text('password'),
    authProvider: raw['auth-provider'],
  };
  if (!isExecUser(resolved)) return fromKubeconfig;

  // The exec map is not passed on, so client-node's own exec support never runs.
  const credential = await deps.execCredentials.get({
    key: execKeyOf(resolved),
    user: user.name,
    exec: raw.exec,
    cluster,
  });
  const withToken = credential.token ? { token: credential.token } : {};
  if (!credential.clientCertificateData || !credential.clientKeyData) {
    return { ...fromKubeconfig, ...withToken };
  }
  // client-node reads certFile before certData, and decodes certData from base64.
  return {
    ...fromKubeconfig,
    ...withToken,
    certFile: undefined,
    keyFile: undefined,
    certData: Buffer.from(credential.clientCertificateData).toString('base64'),
    keyData: Buffer.from(credential.clientKeyData).toString('base64'),
  };
}

/** Reads a bearer token file as kubectl does: on every use, with surrounding whitespace removed. */
async function readTokenFile(file: string, user: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    const detail = (error as Error).message;
    throw new AppError(
      'invalid-request',
      'tokenFileUnreadable',
      `The tokenFile ${file} of user ${user} cannot be read: ${detail}`,
      { user, path: file, detail },
    );
  }
}

/** True for a 401, as @kubernetes/client-node throws it or as classifyKubeError reports it. */
function isUnauthorized(error: unknown): boolean {
  if (error instanceof ApiException) return Number(error.code) === 401;
  return error instanceof AppError && error.kind === 'unauthorized';
}

/**
 * Runs `fn` with a client configuration for the context. When the context's
 * user is an exec user and `fn` fails with a 401, the cached credential may
 * have been revoked before it expired, so it is dropped, the plugin runs
 * again and `fn` is retried once. Other errors are thrown unchanged.
 */
export async function callWithReauth<T>(
  resolved: ResolvedContext,
  deps: ClientDeps,
  fn: (config: KubeConfig) => Promise<T>,
): Promise<T> {
  const config = await createClientConfig(resolved, deps);
  try {
    return await fn(config);
  } catch (error) {
    if (!isExecUser(resolved) || !isUnauthorized(error)) throw error;
    deps.execCredentials.invalidate(execKeyOf(resolved));
    return fn(await createClientConfig(resolved, deps));
  }
}

/** Per-call options that abort the request after `timeoutMs`. */
export function withTimeout(timeoutMs = defaultTimeoutMs): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (context) => {
          context.setSignal(AbortSignal.timeout(timeoutMs));
          return new Observable(Promise.resolve(context));
        },
        post: (response) => new Observable(Promise.resolve(response)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}
