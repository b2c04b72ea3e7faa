import { describe, expect, it } from 'vitest';

import {
  backoffDelayMs,
  ConflictError,
  defaultRetryPolicy,
  diffFields,
  fieldConflictsOf,
  objectPath,
  retryAfterMs,
  webhookServicesOf,
} from './apply-engine';
import type { PlannedObject } from './apply-plan';
import type { KubeObject } from './object-ref';

describe('backoffDelayMs', () => {
  it('doubles per attempt', () => {
    expect(backoffDelayMs(1, defaultRetryPolicy, () => 1)).toBe(250);
    expect(backoffDelayMs(3, defaultRetryPolicy, () => 1)).toBe(1000);
  });

  it('caps at maxDelayMs', () => {
    expect(backoffDelayMs(20, defaultRetryPolicy, () => 1)).toBe(10_000);
  });

  it('jitters down to half', () => {
    expect(backoffDelayMs(3, defaultRetryPolicy, () => 0)).toBe(500);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds', () => {
    expect(retryAfterMs({ 'retry-after': '3' })).toBe(3000);
  });

  it('ignores HTTP dates', () => {
    expect(retryAfterMs({ 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' })).toBeNull();
  });

  it('ignores a missing header', () => {
    expect(retryAfterMs({})).toBeNull();
  });
});

describe('fieldConflictsOf', () => {
  const status = {
    kind: 'Status',
    reason: 'Conflict',
    message: 'Apply failed with 1 conflict: conflict with "other" using v1: .data.key',
    details: {
      causes: [
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "other" using v1',
          field: '.data.key',
        },
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "helm" with subresource "status" using v1',
          field: '.status.x',
        },
      ],
    },
  };

  it('lists fields and managers', () => {
    expect(fieldConflictsOf(status).map((conflict) => [conflict.field, conflict.manager])).toEqual([
      ['.data.key', 'other'],
      ['.status.x', 'helm'],
    ]);
  });

  it('ignores optimistic-lock conflicts', () => {
    expect(
      fieldConflictsOf({ reason: 'Conflict', message: 'the object has been modified' }),
    ).toEqual([]);
  });

  it('names the object in ConflictError', () => {
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kubeflow', name: 'settings' };
    const error = new ConflictError(ref, fieldConflictsOf(status), { server: 's', user: 'u' });
    expect(error.message).toContain('ConfigMap kubeflow/settings');
    expect(error.message).toContain('.data.key (other)');
    expect(error.params.managers).toBe('other, helm');
  });
});

describe('diffFields', () => {
  it('finds nothing in equal values', () => {
    expect(diffFields({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });

  it('paths nested changes', () => {
    const before = { spec: { containers: [{ image: 'a:1' }] } };
    const after = { spec: { containers: [{ image: 'a:2' }] } };
    expect(diffFields(before, after)).toEqual([
      { path: '.spec.containers[0].image', before: 'a:1', after: 'a:2' },
    ]);
  });

  it('quotes keys with dots', () => {
    const changes = diffFields({ labels: {} }, { labels: { 'app.kubernetes.io/name': 'x' } });
    expect(changes.map((change) => change.path)).toEqual(['.labels["app.kubernetes.io/name"]']);
  });

  it('reports added list items', () => {
    expect(diffFields({ a: [1] }, { a: [1, 2] })).toEqual([
      { path: '.a[1]', before: undefined, after: 2 },
    ]);
  });
});

describe('objectPath', () => {
  it('builds core namespaced paths', () => {
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kubeflow', name: 'settings' };
    const type = {
      group: '',
      version: 'v1',
      kind: 'ConfigMap',
      resource: 'configmaps',
      namespaced: true,
      source: 'cluster' as const,
    };
    expect(objectPath(ref, type)).toBe('/api/v1/namespaces/kubeflow/configmaps/settings');
  });

  it('builds group cluster paths', () => {
    const ref = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      namespace: null,
      name: 'kubeflow:edit',
    };
    const type = {
      group: 'rbac.authorization.k8s.io',
      version: 'v1',
      kind: 'ClusterRole',
      resource: 'clusterroles',
      namespaced: false,
      source: 'cluster' as const,
    };
    expect(objectPath(ref, type)).toBe(
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/kubeflow%3Aedit',
    );
  });
});

describe('webhookServicesOf', () => {
  const planned = (object: KubeObject): PlannedObject => ({
    object,
    ref: {
      apiVersion: object.apiVersion,
      kind: object.kind,
      namespace: null,
      name: object.metadata.name,
    },
    hash: '',
    component: '',
    source: null,
  });

  it('collects unique services', () => {
    const hook = planned({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: { name: 'hooks' },
      webhooks: [
        { clientConfig: { service: { namespace: 'kubeflow', name: 'a' } } },
        { clientConfig: { service: { namespace: 'kubeflow', name: 'a' } } },
        { clientConfig: { url: 'https://example.invalid' } },
      ],
    });
    const apiService = planned({
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1beta1.metrics.k8s.io' },
      spec: { service: { namespace: 'kube-system', name: 'metrics-server' } },
    });
    expect(
      webhookServicesOf([hook, apiService]).map(
        (service) => `${service.namespace}/${service.name}`,
      ),
    ).toEqual(['kubeflow/a', 'kube-system/metrics-server']);
  });
});
