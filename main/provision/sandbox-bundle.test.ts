import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

import { componentsFor, getRelease } from '../../shared/catalog';
import type { Release, ServiceTypeId } from '../../shared/catalog';
import type { KubeObject } from './object-ref';
import { generateSandboxBundle, profileNameForEmail, simulationAnnotation } from './sandbox-bundle';

const releaseIds = ['1.8.0', '1.10.0'] as const;
const serviceTypeIds: ServiceTypeId[] = ['essential', 'hpt', 'serving'];
const combinations = releaseIds.flatMap((release) =>
  serviceTypeIds.map((serviceType) => [release, serviceType] as const),
);

function countKinds(objects: readonly KubeObject[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const object of objects) counts[object.kind] = (counts[object.kind] ?? 0) + 1;
  return counts;
}

function componentOf(object: KubeObject): string | undefined {
  return object.metadata.labels?.['app.kubernetes.io/component'];
}

interface PodTemplate {
  spec: { containers: { image: string }[] };
}

function imagesOf(object: KubeObject): string[] {
  const spec = object.spec as { template: PodTemplate };
  return spec.template.spec.containers.map((container) => container.image);
}

const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

describe('generateSandboxBundle counts', () => {
  // Counts for the catalog as it is today. A change here means that the
  // catalog or the generator changed, so check the new numbers by hand.
  const expected: Record<string, Record<string, number>> = {
    '1.8.0 essential': {
      Namespace: 4,
      CustomResourceDefinition: 45,
      ClusterRole: 21,
      ConfigMap: 2,
      ServiceAccount: 33,
      Service: 33,
      Deployment: 31,
      StatefulSet: 2,
      ValidatingWebhookConfiguration: 4,
    },
    '1.8.0 hpt': {
      Namespace: 4,
      CustomResourceDefinition: 48,
      ClusterRole: 23,
      ConfigMap: 2,
      ServiceAccount: 37,
      Service: 37,
      Deployment: 35,
      StatefulSet: 2,
      ValidatingWebhookConfiguration: 5,
    },
    '1.8.0 serving': {
      Namespace: 5,
      CustomResourceDefinition: 66,
      ClusterRole: 28,
      ConfigMap: 2,
      ServiceAccount: 47,
      Service: 47,
      Deployment: 45,
      StatefulSet: 2,
      ValidatingWebhookConfiguration: 6,
    },
    '1.10.0 essential': {
      Namespace: 5,
      CustomResourceDefinition: 47,
      ClusterRole: 23,
      ConfigMap: 2,
      ServiceAccount: 38,
      Service: 38,
      Deployment: 37,
      StatefulSet: 1,
      ValidatingWebhookConfiguration: 5,
    },
    '1.10.0 hpt': {
      Namespace: 5,
      CustomResourceDefinition: 50,
      ClusterRole: 25,
      ConfigMap: 2,
      ServiceAccount: 42,
      Service: 42,
      Deployment: 41,
      StatefulSet: 1,
      ValidatingWebhookConfiguration: 6,
    },
    '1.10.0 serving': {
      Namespace: 6,
      CustomResourceDefinition: 71,
      ClusterRole: 30,
      ConfigMap: 2,
      ServiceAccount: 52,
      Service: 52,
      Deployment: 50,
      StatefulSet: 1,
      DaemonSet: 1,
      ValidatingWebhookConfiguration: 7,
    },
  };

  it.each(combinations)('%s %s has stable counts', (release, serviceType) => {
    const { objects } = generateSandboxBundle(release, serviceType);

    expect(countKinds(objects)).toEqual(expected[`${release} ${serviceType}`]);
  });

  // kustomize build example renders 45 Deployments for v1.10.0, and the
  // catalog adds Model registry (3) and Spark operator (2).
  it('1.10.0 serving matches upstream Deployments', () => {
    const { objects } = generateSandboxBundle('1.10.0', 'serving');

    expect(countKinds(objects).Deployment).toBe(45 + 3 + 2);
  });

  it.each(combinations)('%s %s pairs each workload', (release, serviceType) => {
    const counts = countKinds(generateSandboxBundle(release, serviceType).objects);
    const workloads =
      (counts.Deployment ?? 0) + (counts.StatefulSet ?? 0) + (counts.DaemonSet ?? 0);

    expect(counts.Service).toBe(workloads);
    expect(counts.ServiceAccount).toBe(workloads);
  });
});

describe('generateSandboxBundle consistency', () => {
  it.each(combinations)('%s %s creates every namespace it uses', (release, serviceType) => {
    const { objects } = generateSandboxBundle(release, serviceType);
    const namespaces = new Set(
      objects.filter((object) => object.kind === 'Namespace').map((object) => object.metadata.name),
    );

    for (const object of objects) {
      const namespace = object.metadata.namespace;
      if (namespace === undefined) continue;
      expect(namespaces.has(namespace), `${object.kind} ${namespace}/${object.metadata.name}`).toBe(
        true,
      );
    }
  });

  it.each(combinations)('%s %s defines every custom kind', (release, serviceType) => {
    const { objects } = generateSandboxBundle(release, serviceType, {
      ownerEmail: 'owner@example.com',
    });
    const defined = new Set(
      objects
        .filter((object) => object.kind === 'CustomResourceDefinition')
        .map((object) => {
          const spec = object.spec as { group: string; names: { kind: string } };
          return `${spec.group}/${spec.names.kind}`;
        }),
    );
    const builtInGroups = new Set([
      '',
      'apps',
      'apiextensions.k8s.io',
      'rbac.authorization.k8s.io',
      'admissionregistration.k8s.io',
    ]);

    for (const object of objects) {
      const group = object.apiVersion.includes('/') ? (object.apiVersion.split('/')[0] ?? '') : '';
      if (builtInGroups.has(group)) continue;
      expect(defined.has(`${group}/${object.kind}`), `${object.apiVersion} ${object.kind}`).toBe(
        true,
      );
    }
  });

  it.each(combinations)('%s %s marks every object', (release, serviceType) => {
    const { objects } = generateSandboxBundle(release, serviceType);

    for (const object of objects) {
      expect(object.metadata.annotations?.[simulationAnnotation], object.metadata.name).toBe(
        'true',
      );
    }
  });

  it.each(combinations)('%s %s has unique objects', (release, serviceType) => {
    const keys = generateSandboxBundle(release, serviceType).objects.map(
      (object) =>
        `${object.apiVersion}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`,
    );

    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is deterministic', () => {
    const first = generateSandboxBundle('1.10.0', 'serving', { ownerEmail: 'a@example.com' });
    const second = generateSandboxBundle('1.10.0', 'serving', { ownerEmail: 'a@example.com' });

    expect(second.yaml).toBe(first.yaml);
  });
});

describe('generateSandboxBundle service types', () => {
  it.each(releaseIds)('%s has KServe only in serving', (release) => {
    for (const serviceType of serviceTypeIds) {
      const kserveObjects = generateSandboxBundle(release, serviceType).objects.filter(
        (object) => componentOf(object) === 'kserve' || componentOf(object) === 'knative-serving',
      );

      if (serviceType === 'serving') {
        expect(kserveObjects.length, serviceType).toBeGreaterThan(0);
      } else {
        expect(kserveObjects, serviceType).toEqual([]);
      }
    }
  });

  it.each(releaseIds)('%s has Katib only from hpt', (release) => {
    for (const serviceType of serviceTypeIds) {
      const katibObjects = generateSandboxBundle(release, serviceType).objects.filter(
        (object) => componentOf(object) === 'katib',
      );

      if (serviceType === 'essential') {
        expect(katibObjects, serviceType).toEqual([]);
      } else {
        expect(katibObjects.length, serviceType).toBeGreaterThan(0);
      }
    }
  });

  it('has no InferenceService CRD in hpt', () => {
    const names = generateSandboxBundle('1.10.0', 'hpt').objects.map(
      (object) => object.metadata.name,
    );

    expect(names).not.toContain('inferenceservices.serving.kserve.io');
    expect(names).toContain('experiments.kubeflow.org');
  });
});

describe('generateSandboxBundle workloads', () => {
  it.each(combinations)('%s %s uses catalog images', (release, serviceType) => {
    const catalogImages = new Set(
      componentsFor(release, serviceType).flatMap((entry) => entry.images),
    );
    const workloads = generateSandboxBundle(release, serviceType).objects.filter((object) =>
      workloadKinds.has(object.kind),
    );

    for (const workload of workloads) {
      for (const image of imagesOf(workload)) {
        expect(catalogImages.has(image), `${workload.metadata.name} ${image}`).toBe(true);
      }
    }
  });

  it('keeps the tag-less training-operator image', () => {
    const trainer = generateSandboxBundle('1.10.0', 'essential').objects.find(
      (object) => object.kind === 'Deployment' && object.metadata.name === 'training-operator',
    );

    expect(trainer).toBeDefined();
    expect(imagesOf(trainer as KubeObject)).toEqual(['kubeflow/training-operator']);
  });

  it('labels workloads and their selectors', () => {
    const deployment = generateSandboxBundle('1.8.0', 'essential').objects.find(
      (object) => object.kind === 'Deployment' && object.metadata.name === 'ml-pipeline',
    );
    const spec = deployment?.spec as {
      replicas: number;
      selector: { matchLabels: Record<string, string> };
      template: { metadata: { labels: Record<string, string> } };
    };

    expect(deployment?.metadata.labels?.['app.kubernetes.io/part-of']).toBe('kubeflow');
    expect(componentOf(deployment as KubeObject)).toBe('pipelines');
    expect(spec.replicas).toBe(1);
    expect(spec.selector.matchLabels['app.kubernetes.io/component']).toBe('pipelines');
    expect(spec.template.metadata.labels).toMatchObject(spec.selector.matchLabels);
  });

  it('puts the Istio gateway in istio-system', () => {
    const gateway = generateSandboxBundle('1.10.0', 'essential').objects.find(
      (object) => object.kind === 'Deployment' && object.metadata.name === 'istio-ingressgateway',
    );

    expect(gateway?.metadata.namespace).toBe('istio-system');
  });
});

describe('generateSandboxBundle RBAC', () => {
  function clusterRole(name: string) {
    return generateSandboxBundle('1.10.0', 'serving').objects.find(
      (object) => object.kind === 'ClusterRole' && object.metadata.name === name,
    );
  }

  it('aggregates kubeflow-view into kubeflow-edit', () => {
    const view = clusterRole('kubeflow-view');
    const selector = (view?.aggregationRule as { clusterRoleSelectors: unknown[] })
      .clusterRoleSelectors;

    expect(
      view?.metadata.labels?.['rbac.authorization.kubeflow.org/aggregate-to-kubeflow-edit'],
    ).toBe('true');
    expect(selector).toEqual([
      { matchLabels: { 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow-view': 'true' } },
    ]);
  });

  it('aggregates kubeflow-edit into kubeflow-admin', () => {
    const labels = clusterRole('kubeflow-edit')?.metadata.labels;

    expect(labels?.['rbac.authorization.kubeflow.org/aggregate-to-kubeflow-admin']).toBe('true');
  });

  it('labels component roles for aggregation', () => {
    const labels = clusterRole('kubeflow-katib-edit')?.metadata.labels;

    expect(labels?.['rbac.authorization.kubeflow.org/aggregate-to-kubeflow-edit']).toBe('true');
  });

  it('reduces Istio edit to reads in 1.10.0', () => {
    const rules = clusterRole('kubeflow-istio-edit')?.rules as { verbs: string[] }[];

    expect(rules.flatMap((rule) => rule.verbs)).toEqual(['get', 'list', 'watch']);
  });
});

describe('generateSandboxBundle CRDs', () => {
  it('gives CRDs a structural schema', () => {
    const crd = generateSandboxBundle('1.8.0', 'essential').objects.find(
      (object) => object.metadata.name === 'notebooks.kubeflow.org',
    );
    const spec = crd?.spec as {
      scope: string;
      names: { plural: string; kind: string };
      versions: { name: string; storage: boolean; schema: unknown }[];
    };

    expect(spec.scope).toBe('Namespaced');
    expect(spec.names).toMatchObject({ plural: 'notebooks', kind: 'Notebook' });
    expect(spec.versions.filter((version) => version.storage)).toHaveLength(1);
    expect(spec.versions[0]?.schema).toEqual({
      openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    });
  });

  it('matches the catalog CRD count', () => {
    const catalogCount = componentsFor('1.10.0', 'serving').flatMap((entry) => entry.crds).length;
    const bundleCount = countKinds(
      generateSandboxBundle('1.10.0', 'serving').objects,
    ).CustomResourceDefinition;

    expect(bundleCount).toBe(catalogCount);
  });
});

describe('generateSandboxBundle Profile', () => {
  it('skips the Profile without an owner', () => {
    const kinds = generateSandboxBundle('1.10.0', 'essential').objects.map((object) => object.kind);

    expect(kinds).not.toContain('Profile');
  });

  it('creates the owner Profile', () => {
    const { objects } = generateSandboxBundle('1.10.0', 'essential', {
      ownerEmail: 'user@example.com',
    });
    const profile = objects.find((object) => object.kind === 'Profile');

    expect(profile?.apiVersion).toBe('kubeflow.org/v1');
    expect(profile?.metadata.name).toBe('kubeflow-user-example-com');
    expect(profile?.metadata.namespace).toBeUndefined();
    expect(profile?.spec).toEqual({ owner: { kind: 'User', name: 'user@example.com' } });
  });

  it('uses the given owner namespace', () => {
    const { objects } = generateSandboxBundle('1.8.0', 'essential', {
      ownerEmail: 'alice@corp.com',
      ownerNamespace: 'u-alice',
    });

    expect(objects.find((object) => object.kind === 'Profile')?.metadata.name).toBe('u-alice');
  });

  it('rejects an invalid owner email', () => {
    expect(() => generateSandboxBundle('1.8.0', 'essential', { ownerEmail: 'alice' })).toThrow(
      /Invalid owner email "alice"/,
    );
  });

  it('limits derived names to 63 characters', () => {
    const name = profileNameForEmail(`${'a'.repeat(80)}@example.com`);

    expect(name.length).toBeLessThanOrEqual(63);
    expect(name.endsWith('-')).toBe(false);
  });
});

describe('generateSandboxBundle YAML', () => {
  it.each(combinations)('%s %s round-trips', (release, serviceType) => {
    const bundle = generateSandboxBundle(release, serviceType, { ownerEmail: 'a@example.com' });
    const documents = parseAllDocuments(bundle.yaml);
    const errors = documents.flatMap((document) => document.errors);

    expect(errors).toEqual([]);
    expect(documents.map((document) => document.toJS())).toEqual(bundle.objects);
  });

  it('quotes the simulation annotation value', () => {
    const { yaml } = generateSandboxBundle('1.8.0', 'essential');

    expect(yaml).toContain(`${simulationAnnotation}: "true"`);
  });

  it('rejects an unknown release', () => {
    expect(() => generateSandboxBundle('0.9.0', 'essential')).toThrow(/Unknown Kubeflow release/);
  });

  it('accepts a release object', () => {
    const release = getRelease('1.8.0');

    expect(release).toBeDefined();
    expect(generateSandboxBundle(release as Release, 'hpt').release).toBe('1.8.0');
  });
});

describe('generateSandboxBundle admission details', () => {
  const { objects } = generateSandboxBundle('1.10.0', 'serving');

  it('marks CRDs of protected groups as unapproved, as the API server requires', () => {
    const protectedCrds = objects.filter(
      (object) =>
        object.kind === 'CustomResourceDefinition' &&
        /(^|\.)(k8s|kubernetes)\.io$/.test((object.spec as { group: string }).group),
    );

    expect(protectedCrds.length).toBeGreaterThan(0);
    for (const crd of protectedCrds) {
      expect(crd.metadata.annotations, crd.metadata.name).toMatchObject({
        'api-approved.kubernetes.io': 'unapproved, request not yet submitted',
      });
    }
  });

  it('points every webhook at a Service of the bundle and never blocks writes', () => {
    const services = new Set(
      objects
        .filter((object) => object.kind === 'Service')
        .map((object) => `${object.metadata.namespace}/${object.metadata.name}`),
    );
    const webhooks = objects
      .filter((object) => object.kind === 'ValidatingWebhookConfiguration')
      .flatMap((object) => object.webhooks as Record<string, unknown>[]);

    expect(webhooks.length).toBe(7);
    for (const webhook of webhooks) {
      const { service } = webhook.clientConfig as { service: { namespace: string; name: string } };
      expect(services.has(`${service.namespace}/${service.name}`)).toBe(true);
      expect(webhook.failurePolicy).toBe('Ignore');
    }
  });
});
