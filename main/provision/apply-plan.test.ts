import { describe, expect, it } from 'vitest';

import { phaseOf, planApply } from './apply-plan';
import type { KubeObject } from './object-ref';

const object = (
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
): KubeObject => ({
  apiVersion,
  kind,
  metadata: namespace ? { name, namespace } : { name },
});

const widgetCrd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets' },
    versions: [{ name: 'v1', served: true, storage: true }],
  },
};

describe('planApply', () => {
  const objects = [
    object('example.com/v1', 'Widget', 'w', 'kubeflow'),
    object('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'hook'),
    object('apps/v1', 'Deployment', 'web', 'kubeflow'),
    object('v1', 'ConfigMap', 'settings', 'kubeflow'),
    object('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rb', 'kubeflow'),
    object('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader'),
    widgetCrd,
    object('v1', 'Namespace', 'kubeflow'),
    object('v1', 'ConfigMap', 'more', 'kubeflow'),
  ];
  const plan = planApply(objects);

  it('orders phases', () => {
    expect(plan.phases.map((phase) => phase.name)).toEqual([
      'namespaces',
      'crds',
      'cluster-rbac',
      'configuration',
      'workloads',
      'webhooks',
      'custom-resources',
    ]);
  });

  it('counts all objects', () => {
    expect(plan.total).toBe(objects.length);
  });

  it('counts kinds per phase', () => {
    const configuration = plan.phases.find((phase) => phase.name === 'configuration');
    expect(configuration?.countsByKind).toEqual({ ConfigMap: 2, RoleBinding: 1 });
  });

  it('keeps input order within a phase', () => {
    const configuration = plan.phases.find((phase) => phase.name === 'configuration');
    expect(configuration?.objects.map((planned) => planned.ref.name)).toEqual([
      'settings',
      'rb',
      'more',
    ]);
  });

  it('labels components by default', () => {
    expect(plan.phases[0]?.objects[0]?.component).toBe('cluster');
    expect(plan.phases.find((phase) => phase.name === 'workloads')?.objects[0]?.component).toBe(
      'kubeflow',
    );
  });

  it('uses componentOf', () => {
    const labelled = planApply(objects, { componentOf: (entry) => `c-${entry.kind}` });
    expect(labelled.phases[0]?.objects[0]?.component).toBe('c-Namespace');
  });

  it('hashes each object', () => {
    expect(plan.phases[0]?.objects[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('phaseOf', () => {
  const ref = (apiVersion: string, kind: string) => ({
    apiVersion,
    kind,
    namespace: null,
    name: 'x',
  });

  it('puts APIService with webhooks', () => {
    expect(phaseOf(ref('apiregistration.k8s.io/v1', 'APIService'), new Set())).toBe('webhooks');
  });

  it('puts cluster-known custom kinds last', () => {
    expect(
      phaseOf(ref('cert-manager.io/v1', 'Certificate'), new Set(['cert-manager.io/Certificate'])),
    ).toBe('custom-resources');
  });

  it('puts unknown kinds with configuration', () => {
    expect(phaseOf(ref('policy/v1', 'PodDisruptionBudget'), new Set())).toBe('configuration');
  });

  it('puts Jobs with workloads', () => {
    expect(phaseOf(ref('batch/v1', 'Job'), new Set())).toBe('workloads');
  });
});
