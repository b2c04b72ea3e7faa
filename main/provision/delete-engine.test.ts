import { describe, expect, it } from 'vitest';

import type { InventoryEntry } from '../../shared/provision/instance';
import {
  deleteDecision,
  deletePhaseNames,
  deletePhaseOf,
  propagationPolicyOf,
  stuckObjectOf,
} from './delete-engine';
import type { KubeObject, ObjectRef } from './object-ref';

const configMap: ObjectRef = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  namespace: 'kubeflow',
  name: 'settings',
};

function entry(extra: Partial<InventoryEntry> = {}): InventoryEntry {
  return {
    ref: configMap,
    hash: 'a1',
    component: 'profiles',
    appliedAt: '2026-01-01T00:00:00.000Z',
    created: true,
    uid: 'uid-1',
    ...extra,
  };
}

function live(uid: string, managers: string[] = ['kubeflow-desktop']): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'settings',
      namespace: 'kubeflow',
      uid,
      managedFields: managers.map((manager) => ({ manager, operation: 'Apply' })),
    },
  };
}

describe('deletePhaseOf', () => {
  const customKinds = new Set(['kubeflow.org/Notebook']);
  const phase = (apiVersion: string, kind: string) =>
    deletePhaseOf({ apiVersion, kind, namespace: null, name: 'x' }, customKinds);

  it('puts custom resources first and namespaces last', () => {
    expect(deletePhaseNames[0]).toBe('custom-resources');
    expect(deletePhaseNames.at(-1)).toBe('namespaces');
    expect(deletePhaseNames.indexOf('crds')).toBeGreaterThan(deletePhaseNames.indexOf('rbac'));
  });

  it('sorts kinds into phases', () => {
    expect(phase('kubeflow.org/v1', 'Notebook')).toBe('custom-resources');
    expect(phase('apps/v1', 'Deployment')).toBe('workloads');
    expect(phase('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration')).toBe(
      'webhooks',
    );
    expect(phase('rbac.authorization.k8s.io/v1', 'RoleBinding')).toBe('rbac');
    expect(phase('v1', 'Service')).toBe('configuration');
    expect(phase('apiextensions.k8s.io/v1', 'CustomResourceDefinition')).toBe('crds');
    expect(phase('v1', 'Namespace')).toBe('namespaces');
  });

  it('treats an unknown group as configuration', () => {
    expect(phase('example.com/v1', 'Gadget')).toBe('configuration');
  });
});

describe('propagationPolicyOf', () => {
  it('waits for the dependents of workloads only', () => {
    expect(propagationPolicyOf('workloads')).toBe('Foreground');
    expect(propagationPolicyOf('namespaces')).toBe('Background');
    expect(propagationPolicyOf('custom-resources')).toBe('Background');
  });
});

describe('deleteDecision', () => {
  it('deletes what the app created', () => {
    expect(deleteDecision(entry(), live('uid-1'))).toBeNull();
  });

  it('skips what existed before', () => {
    expect(deleteDecision(entry({ created: false }), live('uid-1'))?.reason).toBe('not-created');
    expect(deleteDecision(entry({ created: undefined }), live('uid-1'))?.reason).toBe(
      'not-created',
    );
  });

  it('skips an object with another UID', () => {
    const decision = deleteDecision(entry(), live('uid-2'));
    expect(decision?.reason).toBe('replaced');
    expect(decision?.detail).toContain('uid-2');
  });

  it('checks the field manager without a recorded UID', () => {
    expect(deleteDecision(entry({ uid: undefined }), live('uid-9'))).toBeNull();
    expect(deleteDecision(entry({ uid: undefined }), live('uid-9', ['helm']))?.reason).toBe(
      'replaced',
    );
  });
});

describe('stuckObjectOf', () => {
  it('names finalizers', () => {
    const object = live('uid-1');
    object.metadata.finalizers = ['example.com/hold'];
    object.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    const stuck = stuckObjectOf(configMap, object);
    expect(stuck.finalizers).toEqual(['example.com/hold']);
    expect(stuck.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(stuck.detail).toBe(
      'ConfigMap kubeflow/settings is still present (finalizers example.com/hold).',
    );
  });

  it('names the conditions of a namespace', () => {
    const namespace: KubeObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'kubeflow', deletionTimestamp: '2026-01-01T00:00:00Z' },
      spec: { finalizers: ['kubernetes'] },
      status: {
        phase: 'Terminating',
        conditions: [
          {
            type: 'NamespaceFinalizersRemaining',
            status: 'True',
            reason: 'SomeFinalizersRemain',
            message:
              'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
          },
          {
            type: 'NamespaceDeletionDiscoveryFailure',
            status: 'False',
            reason: 'ResourcesDiscovered',
            message: 'All resources successfully discovered',
          },
        ],
      },
    };
    const ref = { apiVersion: 'v1', kind: 'Namespace', namespace: null, name: 'kubeflow' };
    const stuck = stuckObjectOf(ref, namespace);
    expect(stuck.finalizers).toEqual(['spec:kubernetes']);
    expect(stuck.conditions.map((condition) => condition.type)).toEqual([
      'NamespaceFinalizersRemaining',
    ]);
    expect(stuck.detail).toContain('example.com/hold in 1 resource instances');
  });

  it('says when deletion has not started', () => {
    expect(stuckObjectOf(configMap, live('uid-1')).detail).toContain(
      'its deletion has not started',
    );
  });
});
