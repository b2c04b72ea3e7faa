import { describe, expect, it } from 'vitest';

import { instanceKey, parseInstanceKey } from './instance-key';

describe('instance keys', () => {
  it('round-trips context ids with any characters', () => {
    const contextId = '/home/admin/.kube/a@b/config#prod/east';
    const key = instanceKey(contextId, 'kubeflow', 'team-a');

    expect(parseInstanceKey(key)).toEqual({ contextId, namespace: 'kubeflow', name: 'team-a' });
  });

  it.each(['', 'kubeflow/team', 'Kubeflow/team@ctx', 'kubeflow/@ctx', '/team@ctx'])(
    'rejects %j',
    (value) => {
      expect(parseInstanceKey(value)).toBeNull();
    },
  );
});
