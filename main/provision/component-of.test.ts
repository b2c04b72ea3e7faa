import { describe, expect, it } from 'vitest';

import { catalogComponentOf } from './component-of';
import type { KubeObject } from './object-ref';
import { generateSandboxBundle } from './sandbox-bundle';

const componentOf = catalogComponentOf('1.10.0');

function object(kind: string, name: string, namespace?: string, extra: object = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    ...extra,
  } as KubeObject;
}

describe('catalogComponentOf', () => {
  it('names the component of every object of the sandbox bundle from its label', () => {
    const { objects } = generateSandboxBundle('1.10.0', 'serving');
    for (const entry of objects) {
      expect(componentOf(entry), entry.metadata.name).toBe(
        entry.metadata.labels?.['app.kubernetes.io/component'],
      );
    }
  });

  it('finds unlabelled upstream objects through CRDs, workloads and images', () => {
    expect(componentOf(object('CustomResourceDefinition', 'experiments.kubeflow.org'))).toBe(
      'katib',
    );
    expect(
      componentOf(
        object('Deployment', 'unlisted-helper', 'default', {
          spec: {
            template: {
              spec: { containers: [{ image: 'ghcr.io/kubeflow/katib/katib-controller:v0.18.0' }] },
            },
          },
        }),
      ),
    ).toBe('katib');
  });

  it('falls back to the part-of label, the namespace, then "cluster"', () => {
    expect(componentOf(object('ConfigMap', 'x', 'team-ns'))).toBe('team-ns');
    expect(componentOf(object('ClusterRoleBinding', 'x'))).toBe('cluster');
    expect(
      componentOf({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'y', labels: { 'app.kubernetes.io/part-of': 'kubeflow' } },
      }),
    ).toBe('kubeflow');
  });
});
