import { describe, expect, it } from 'vitest';

import { applyBodyOf } from './apply-engine';
import type { KubeObject } from './object-ref';

describe('applyBodyOf', () => {
  const role = (extra: Record<string, unknown>): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'kubeflow-edit' },
    rules: [],
    ...extra,
  });

  it('drops rules of an aggregated role', () => {
    const aggregated = role({ aggregationRule: { clusterRoleSelectors: [] } });
    expect(applyBodyOf(aggregated)).not.toHaveProperty('rules');
    expect(applyBodyOf(aggregated).aggregationRule).toEqual({ clusterRoleSelectors: [] });
  });

  it('keeps rules of a plain role', () => {
    const plain = role({ rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] });
    expect(applyBodyOf(plain)).toBe(plain);
  });

  it('keeps other kinds unchanged', () => {
    const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } };
    expect(applyBodyOf(configMap)).toBe(configMap);
  });
});
