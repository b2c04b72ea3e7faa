import { readFileSync } from 'node:fs';
import path from 'node:path';

import { stringify } from 'yaml';

export interface KubeconfigUser {
  name: string;
  certFile: string;
  keyFile: string;
}

export interface KubeconfigCluster {
  name: string;
  server: string;
  caFile: string;
}

export interface KubeconfigContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

/** Renders a kubeconfig with certificate data embedded, so the file is self-contained. */
export function renderKubeconfig(
  clusters: KubeconfigCluster[],
  users: KubeconfigUser[],
  contexts: KubeconfigContext[],
  currentContext: string,
): string {
  const base64 = (file: string) => readFileSync(file).toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': currentContext,
    clusters: clusters.map((cluster) => ({
      name: cluster.name,
      cluster: { server: cluster.server, 'certificate-authority-data': base64(cluster.caFile) },
    })),
    users: users.map((user) => ({
      name: user.name,
      user: {
        'client-certificate-data': base64(user.certFile),
        'client-key-data': base64(user.keyFile),
      },
    })),
    contexts: contexts.map((context) => ({
      name: context.name,
      context: {
        cluster: context.cluster,
        user: context.user,
        ...(context.namespace ? { namespace: context.namespace } : {}),
      },
    })),
  });
}

/** Renders the kubeconfig of one control-plane component, with its certificate pair from the PKI folder. */
export function componentKubeconfig(server: string, pkiDir: string, identity: string): string {
  return renderKubeconfig(
    [{ name: 'sandbox', server, caFile: path.join(pkiDir, 'ca.crt') }],
    [
      {
        name: identity,
        certFile: path.join(pkiDir, `${identity}.crt`),
        keyFile: path.join(pkiDir, `${identity}.key`),
      },
    ],
    [{ name: identity, cluster: 'sandbox', user: identity }],
    identity,
  );
}
