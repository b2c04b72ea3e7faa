import { describe, expect, it } from 'vitest';

import { applyDomain } from './domain';
import { findIn, ingressObjects } from './upstream-fixtures';

describe('applyDomain', () => {
  it('sets the hosts of the ingress gateway', () => {
    const objects = ingressObjects();

    applyDomain(objects, 'kubeflow.example.org');

    const spec = findIn(objects, 'Gateway', 'kubeflow-gateway')?.['spec'] as {
      servers: { hosts: string[] }[];
    };
    expect(spec.servers[0]?.hosts).toEqual(['kubeflow.example.org']);
  });

  it('leaves the cluster-local gateway alone', () => {
    const objects = ingressObjects();

    applyDomain(objects, 'kubeflow.example.org');

    const spec = findIn(objects, 'Gateway', 'knative-local-gateway')?.['spec'] as {
      servers: { hosts: string[] }[];
    };
    expect(spec.servers[0]?.hosts).toEqual(['*']);
  });

  it('sets the Knative domain', () => {
    const objects = ingressObjects();

    const effects = applyDomain(objects, 'kubeflow.example.org');

    expect(findIn(objects, 'ConfigMap', 'config-domain')?.['data']).toEqual({
      _example: '# example.com: ""',
      'kubeflow.example.org': '',
    });
    expect(effects.map((entry) => entry.ref.kind)).toEqual(['Gateway', 'ConfigMap']);
  });
});
