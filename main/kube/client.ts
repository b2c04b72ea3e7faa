import { readFileSync } from 'node:fs';

import {
  KubeConfig,
  Observable,
  type ConfigurationOptions,
  type Cluster,
  type User,
} from '@kubernetes/client-node';

import type { ResolvedContext } from './context-registry';

/** Default per-call timeout; @kubernetes/client-node 1.4 sets none of its own. */
export const defaultTimeoutMs = 10_000;

/**
 * Builds a client configuration holding exactly one context, so a call can
 * never fall back to another file's current-context.
 */
export function toKubeConfig(resolved: ResolvedContext): KubeConfig {
  const { cluster, user, context } = resolved;
  const raw = user.raw;
  const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);

  const clientCluster: Cluster = {
    name: cluster.name,
    server: cluster.server ?? '',
    caData: cluster.certificateAuthorityData ?? undefined,
    caFile: cluster.certificateAuthority ?? undefined,
    skipTLSVerify: cluster.insecureSkipTlsVerify,
    tlsServerName: cluster.tlsServerName ?? undefined,
    proxyUrl: cluster.proxyUrl ?? undefined,
  };

  // NOTE: kubectl re-reads tokenFile on every request. This reads it once, when
  // the client is built, so a rotated token takes effect with the next client.
  const tokenFile = text('tokenFile');
  const token = tokenFile ? readFileSync(tokenFile, 'utf8').trim() : text('token');

  const clientUser: User = {
    name: user.name,
    certData: text('client-certificate-data'),
    certFile: text('client-certificate'),
    keyData: text('client-key-data'),
    keyFile: text('client-key'),
    token,
    username: text('username'),
    password: text('password'),
    exec: raw.exec,
    authProvider: raw['auth-provider'],
  };

  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [clientCluster],
    users: [clientUser],
    contexts: [
      {
        name: context.name,
        cluster: cluster.name,
        user: user.name,
        namespace: context.namespace ?? undefined,
      },
    ],
    currentContext: context.name,
  });
  return config;
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
