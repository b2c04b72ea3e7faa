import type { V1Node } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import { poolsOf } from './cluster-facts';

// The sandbox's kwok nodes carry no taints and no MIG resources, so these
// shapes are written here; test/integration/instance-options.test.ts reads
// the real nodes.

function node(name: string, labels: Record<string, string>, extra: Partial<V1Node> = {}): V1Node {
  return { metadata: { name, labels }, ...extra };
}

const gpuTaint = { key: 'nvidia.com/gpu', effect: 'NoSchedule' };

describe('poolsOf', () => {
  it('keeps taints shared by every node', () => {
    const nodes = [
      node(
        'a',
        { 'eks.amazonaws.com/nodegroup': 'gpu' },
        { spec: { taints: [gpuTaint, { key: 'spot', value: 'true', effect: 'NoExecute' }] } },
      ),
      node('b', { 'eks.amazonaws.com/nodegroup': 'gpu' }, { spec: { taints: [gpuTaint] } }),
    ];

    const [pool] = poolsOf(nodes);

    expect(pool?.taints).toEqual([{ key: 'nvidia.com/gpu', value: null, effect: 'NoSchedule' }]);
  });

  it('sums GPUs and lists MIG profiles', () => {
    const nodes = [
      node(
        'a',
        { 'kubeflow-desktop.io/pool': 'gpu' },
        { status: { allocatable: { 'nvidia.com/gpu': '4', 'nvidia.com/mig-1g.10gb': '7' } } },
      ),
      node(
        'b',
        { 'kubeflow-desktop.io/pool': 'gpu' },
        { status: { allocatable: { 'nvidia.com/gpu': '2', 'nvidia.com/mig-2g.20gb': '3' } } },
      ),
    ];

    const [pool] = poolsOf(nodes);

    expect(pool).toMatchObject({ nodeCount: 2, gpuCount: 6, migProfiles: ['1g.10gb', '2g.20gb'] });
  });

  it('lists a node under each pool label', () => {
    const nodes = [
      node('a', { 'kubeflow-desktop.io/pool': 'worker', 'karpenter.sh/nodepool': 'default' }),
      node('b', {}),
    ];

    const pools = poolsOf(nodes);

    expect(pools.map((pool) => `${pool.label}=${pool.value}:${pool.nodeCount}`)).toEqual([
      'kubeflow-desktop.io/pool=worker:1',
      'karpenter.sh/nodepool=default:1',
    ]);
  });
});
