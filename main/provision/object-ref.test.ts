import { describe, expect, it } from 'vitest';

import {
  canonicalJson,
  contentHash,
  formatRef,
  refKey,
  refOf,
  type KubeObject,
} from './object-ref';

const configMap: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'kubeflow' },
  data: { b: '2', a: '1' },
};

describe('object references', () => {
  it('formats namespaced objects', () => {
    expect(formatRef(refOf(configMap))).toBe('ConfigMap kubeflow/settings');
  });

  it('formats cluster-scoped objects', () => {
    expect(
      formatRef({ apiVersion: 'v1', kind: 'Namespace', namespace: null, name: 'kubeflow' }),
    ).toBe('Namespace kubeflow');
  });

  it('keys by group, not version', () => {
    const v1 = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      namespace: 'a',
      name: 'b',
    };
    const v2 = { ...v1, apiVersion: 'autoscaling/v2' };
    expect(refKey(v1)).toBe(refKey(v2));
    expect(refKey(v1)).toBe('autoscaling/HorizontalPodAutoscaler/a/b');
  });

  it('keys the core group as empty', () => {
    expect(refKey(refOf(configMap))).toBe('/ConfigMap/kubeflow/settings');
  });
});

describe('contentHash', () => {
  it('ignores key order', () => {
    const reordered = { ...configMap, data: { a: '1', b: '2' } };
    expect(contentHash(reordered)).toBe(contentHash(configMap));
  });

  it('ignores status and server fields', () => {
    const live: KubeObject = {
      ...configMap,
      metadata: {
        ...configMap.metadata,
        uid: 'x',
        resourceVersion: '7',
        managedFields: [],
        creationTimestamp: 'now',
      },
      status: { phase: 'Active' },
    };
    expect(contentHash(live)).toBe(contentHash(configMap));
  });

  it('changes with the data', () => {
    expect(contentHash({ ...configMap, data: { a: '1', b: '3' } })).not.toBe(
      contentHash(configMap),
    );
  });

  it('changes with labels', () => {
    const labelled = { ...configMap, metadata: { ...configMap.metadata, labels: { app: 'x' } } };
    expect(contentHash(labelled)).not.toBe(contentHash(configMap));
  });

  it('is sha256 hex', () => {
    expect(contentHash(configMap)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('canonicalJson', () => {
  it('sorts nested keys', () => {
    expect(canonicalJson({ b: { d: 1, c: [2, { f: 1, e: 0 }] }, a: null })).toBe(
      '{"a":null,"b":{"c":[2,{"e":0,"f":1}],"d":1}}',
    );
  });

  it('drops undefined fields', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});
