import { z } from 'zod';

import type { RequestSpecs } from './spec';

/** A taint of a node pool, as the options form suggests it for the pool's tolerations. */
export const PoolTaintSchema = z.object({
  key: z.string(),
  value: z.string().nullable(),
  effect: z.string(),
});

/** Nodes that share one value of a pool label. */
export const NodePoolFactSchema = z.object({
  /** Label key, such as kubeflow-desktop.io/pool or eks.amazonaws.com/nodegroup. */
  label: z.string(),
  value: z.string(),
  nodeCount: z.number().int().min(0),
  /** Sum of the allocatable `nvidia.com/gpu` of the pool's nodes. */
  gpuCount: z.number().int().min(0),
  /** MIG profiles that the pool's nodes offer (resources `nvidia.com/mig-<profile>`), such as 1g.10gb. */
  migProfiles: z.array(z.string()),
  /** Taints that every node of the pool carries. */
  taints: z.array(PoolTaintSchema),
});
export type NodePoolFact = z.infer<typeof NodePoolFactSchema>;

export const StorageClassFactSchema = z.object({
  name: z.string(),
  provisioner: z.string(),
  isDefault: z.boolean(),
});
export type StorageClassFact = z.infer<typeof StorageClassFactSchema>;

/** Facts of a cluster that the options form offers choices from. */
export const ClusterFactsSchema = z.object({
  nodeCount: z.number().int().min(0),
  pools: z.array(NodePoolFactSchema),
  storageClasses: z.array(StorageClassFactSchema),
  /** Name of the StorageClass annotated as the default, or null when there is none. */
  defaultStorageClass: z.string().nullable(),
  /** Whether the cluster serves Istio's Gateway kind (networking.istio.io). */
  istioGatewayKind: z.boolean(),
  /** Whether Service istio-ingressgateway exists in istio-system. */
  ingressGateway: z.boolean(),
  readAt: z.iso.datetime(),
});
export type ClusterFacts = z.infer<typeof ClusterFactsSchema>;

/** Requests of the creation options, spread into the instances area by its owner. */
export const instanceOptionRequests = {
  /** Node pools, StorageClasses and the ingress gateway of a context's cluster, for the options form. */
  'instances.clusterFacts': {
    request: z.object({ contextId: z.string().min(1).max(4096) }).strict(),
    response: ClusterFactsSchema,
  },
} as const satisfies RequestSpecs;
