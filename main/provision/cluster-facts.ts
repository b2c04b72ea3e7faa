import {
  ApiextensionsV1Api,
  CoreV1Api,
  StorageV1Api,
  type KubeConfig,
  type V1Node,
} from '@kubernetes/client-node';

import type { ClusterFacts, NodePoolFact } from '../../shared/contract/areas/instance-options';
import { AppError } from '../../shared/errors';
import { poolLabel } from '../../shared/provision/options';
import { defaultTimeoutMs, withTimeout } from '../kube/client';
import { classifyKubeError } from '../kube/kube-errors';

/**
 * Node labels that name a node pool: the app's own label first, then the
 * labels of common managed Kubernetes services (GKE, EKS, AKS, Karpenter)
 * and the generic `node-pool` and `nodepool`.
 */
export const poolLabels = [
  poolLabel,
  'cloud.google.com/gke-nodepool',
  'eks.amazonaws.com/nodegroup',
  'kubernetes.azure.com/agentpool',
  'agentpool',
  'karpenter.sh/nodepool',
  'node-pool',
  'nodepool',
] as const;

const defaultClassAnnotations = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];

export interface ClusterFactsOptions {
  timeoutMs?: number;
  now?: () => Date;
}

function gpuCountOf(node: V1Node): number {
  return Number(node.status?.allocatable?.['nvidia.com/gpu'] ?? 0) || 0;
}

function migProfilesOf(node: V1Node): string[] {
  return Object.keys(node.status?.allocatable ?? {})
    .filter((key) => key.startsWith('nvidia.com/mig-'))
    .map((key) => key.slice('nvidia.com/mig-'.length));
}

/** Groups nodes by each pool label's values; a node may appear under several labels. */
export function poolsOf(nodes: readonly V1Node[]): NodePoolFact[] {
  const pools: NodePoolFact[] = [];
  for (const label of poolLabels) {
    const byValue = new Map<string, V1Node[]>();
    for (const node of nodes) {
      const value = node.metadata?.labels?.[label];
      if (value === undefined) continue;
      byValue.set(value, [...(byValue.get(value) ?? []), node]);
    }
    for (const [value, members] of [...byValue].sort(([a], [b]) => a.localeCompare(b))) {
      const taintKeys = (node: V1Node) =>
        (node.spec?.taints ?? []).map(
          (taint) => `${taint.key}\u0000${taint.value ?? ''}\u0000${taint.effect}`,
        );
      const shared = members
        .map(taintKeys)
        .reduce((common, keys) => common.filter((key) => keys.includes(key)));
      pools.push({
        label,
        value,
        nodeCount: members.length,
        gpuCount: members.reduce((sum, node) => sum + gpuCountOf(node), 0),
        migProfiles: [...new Set(members.flatMap(migProfilesOf))].sort(),
        taints: shared.map((key) => {
          const [taintKey = '', taintValue = '', effect = ''] = key.split('\u0000');
          return { key: taintKey, value: taintValue === '' ? null : taintValue, effect };
        }),
      });
    }
  }
  return pools;
}

/**
 * Reads what the options form offers from a cluster: its node pools with
 * node counts and GPU capacity, its StorageClasses and which is the
 * default, and whether Istio's Gateway kind and ingress gateway exist.
 * Every call has the timeout; failures become classified AppErrors.
 */
export async function readClusterFacts(
  config: KubeConfig,
  options: ClusterFactsOptions = {},
): Promise<ClusterFacts> {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const target = {
    server: config.getCurrentCluster()?.server ?? '',
    user: config.getCurrentUser()?.name ?? '',
  };
  const call = async <T>(resource: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw classifyKubeError(error, { ...target, resource }, timeoutMs);
    }
  };
  const unlessNotFound = async <T>(resource: string, run: () => Promise<T>): Promise<T | null> => {
    try {
      return await call(resource, run);
    } catch (error) {
      if (error instanceof AppError && error.kind === 'not-found') return null;
      throw error;
    }
  };

  const core = config.makeApiClient(CoreV1Api);
  const storage = config.makeApiClient(StorageV1Api);
  const extensions = config.makeApiClient(ApiextensionsV1Api);
  const timeout = withTimeout(timeoutMs);

  const [nodes, classes, gatewayCrd, ingressService] = await Promise.all([
    call('nodes', () => core.listNode({}, timeout)),
    call('storageclasses', () => storage.listStorageClass({}, timeout)),
    unlessNotFound('CustomResourceDefinition gateways.networking.istio.io', () =>
      extensions.readCustomResourceDefinition({ name: 'gateways.networking.istio.io' }, timeout),
    ),
    unlessNotFound('Service istio-system/istio-ingressgateway', () =>
      core.readNamespacedService(
        { namespace: 'istio-system', name: 'istio-ingressgateway' },
        timeout,
      ),
    ),
  ]);

  const storageClasses = classes.items
    .map((item) => ({
      name: item.metadata?.name ?? '',
      provisioner: item.provisioner,
      isDefault: defaultClassAnnotations.some(
        (key) => item.metadata?.annotations?.[key] === 'true',
      ),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));

  return {
    nodeCount: nodes.items.length,
    pools: poolsOf(nodes.items),
    storageClasses,
    defaultStorageClass: storageClasses.find((entry) => entry.isDefault)?.name ?? null,
    istioGatewayKind: gatewayCrd !== null,
    ingressGateway: ingressService !== null,
    readAt: (options.now?.() ?? new Date()).toISOString(),
  };
}
