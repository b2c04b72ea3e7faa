/**
 * The fake nodes each sandbox cluster registers. kwok manages nodes that carry
 * its annotation: it marks them Ready, renews their leases and runs the pods
 * bound to them without containers. The pool label is the one the creation
 * form's node placement selects on.
 */
export const poolLabel = 'kubeflow-desktop.io/pool';
export const kwokAnnotation = 'kwok.x-k8s.io/node';

export interface FakeNode {
  name: string;
  pool: 'ingress' | 'worker' | 'gpu';
  labels?: Record<string, string>;
  capacity?: Record<string, string>;
}

export const primaryNodes: FakeNode[] = [
  { name: 'sandbox-ingress-0', pool: 'ingress' },
  { name: 'sandbox-worker-0', pool: 'worker' },
  { name: 'sandbox-worker-1', pool: 'worker' },
  {
    name: 'sandbox-gpu-0',
    pool: 'gpu',
    // Labels as NVIDIA's GPU feature discovery sets them on a real GPU node.
    labels: { 'nvidia.com/gpu.present': 'true', 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-40GB' },
    capacity: { 'nvidia.com/gpu': '2' },
  },
];

export const secondaryNodes: FakeNode[] = [
  { name: 'sandbox-b-worker-0', pool: 'worker' },
  { name: 'sandbox-b-worker-1', pool: 'worker' },
];

/** Builds the Node object for the API; status is accepted on create, as kwok's own examples rely on. */
export function nodeManifest(node: FakeNode): Record<string, unknown> {
  const capacity = {
    cpu: '16',
    memory: '64Gi',
    pods: '110',
    'ephemeral-storage': '200Gi',
    ...node.capacity,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      annotations: { [kwokAnnotation]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/hostname': node.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        type: 'kwok',
        [poolLabel]: node.pool,
        ...node.labels,
      },
    },
    spec: {},
    status: {
      capacity,
      allocatable: capacity,
      nodeInfo: { kubeletVersion: 'fake', architecture: 'amd64', operatingSystem: 'linux' },
    },
  };
}
