import { CoreV1Api, VersionApi, type KubeConfig } from '@kubernetes/client-node';

import type { ClusterProbe } from '../../shared/contract';
import { callWithReauth, defaultTimeoutMs, withTimeout, type ClientDeps } from './client';
import type { ResolvedContext } from './context-registry';
import { classifyKubeError } from './kube-errors';

/**
 * Asks the cluster behind a context for its version and for the UID of its
 * kube-system namespace. The UID distinguishes clusters even when two contexts
 * use the same server name. A user who may not read kube-system still gets
 * the version, with the UID left null.
 */
export async function probeCluster(
  resolved: ResolvedContext,
  deps: ClientDeps,
  timeoutMs = defaultTimeoutMs,
): Promise<ClusterProbe> {
  return callWithReauth(resolved, deps, (config) => probeWith(config, resolved, timeoutMs));
}

async function probeWith(
  config: KubeConfig,
  resolved: ResolvedContext,
  timeoutMs: number,
): Promise<ClusterProbe> {
  const target = { server: resolved.cluster.server ?? '', user: resolved.context.user };
  const started = performance.now();

  let version;
  try {
    version = await config.makeApiClient(VersionApi).getCode(withTimeout(timeoutMs));
  } catch (error) {
    throw classifyKubeError(error, { ...target, resource: '/version' }, timeoutMs);
  }
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;

  let clusterUid: string | null = null;
  try {
    const namespace = await config
      .makeApiClient(CoreV1Api)
      .readNamespace({ name: 'kube-system' }, withTimeout(timeoutMs));
    clusterUid = namespace.metadata?.uid ?? null;
  } catch (error) {
    const classified = classifyKubeError(
      error,
      { ...target, resource: 'namespace kube-system' },
      timeoutMs,
    );
    if (classified.kind !== 'forbidden') throw classified;
  }

  return {
    contextId: resolved.summary.id,
    serverVersion: version.gitVersion,
    clusterUid,
    latencyMs,
    checkedAt: new Date().toISOString(),
  };
}
