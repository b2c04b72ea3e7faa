import { describe, expect, it } from 'vitest';

import { resources } from '../i18n';
import {
  componentsFor,
  crdName,
  findComponent,
  getRelease,
  listReleases,
  matchImage,
  parseImageReference,
  serviceTypesFor,
} from './index';
import type { CatalogCrd, ComponentId, ServiceTypeId } from './index';

const releaseIds = ['1.8.0', '1.10.0'];
const serviceTypeIds: ServiceTypeId[] = ['essential', 'hpt', 'serving'];

function idsFor(release: string, serviceType: ServiceTypeId): ComponentId[] {
  return componentsFor(release, serviceType).map((entry) => entry.id);
}

/** Looks up a dotted i18n key in a locale tree. */
function lookup(tree: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>(
      (node, part) =>
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[part]
          : undefined,
      tree,
    );
}

describe('releases', () => {
  it('lists 1.8.0 and 1.10.0', () => {
    expect(listReleases().map((release) => release.id)).toEqual(releaseIds);
  });

  it('finds a release by id', () => {
    expect(getRelease('1.10.0')?.manifestsTag).toBe('v1.10.0');
  });

  it('returns undefined for an unknown id', () => {
    expect(getRelease('1.9.0')).toBeUndefined();
  });

  it('rejects an unknown id in componentsFor', () => {
    expect(() => componentsFor('1.9.0', 'essential')).toThrow(/Unknown Kubeflow release "1.9.0"/);
  });

  it.each(releaseIds)('%s offers three service types', (release) => {
    expect(serviceTypesFor(release).map((type) => type.id)).toEqual(serviceTypeIds);
  });
});

describe('service type rule', () => {
  it.each(releaseIds)('%s essential has no Katib or KServe', (release) => {
    const ids = idsFor(release, 'essential');

    expect(ids).not.toContain('katib');
    expect(ids).not.toContain('kserve');
    expect(ids).not.toContain('knative-serving');
  });

  it.each(releaseIds)('%s essential has the other components', (release) => {
    const ids = idsFor(release, 'essential');

    for (const id of [
      'jupyter',
      'pipelines',
      'trainer',
      'tensorboard',
      'model-registry',
    ] as const) {
      expect(ids, id).toContain(id);
    }
  });

  it.each(releaseIds)('%s hpt adds only Katib', (release) => {
    const essential = idsFor(release, 'essential');
    const hpt = idsFor(release, 'hpt');

    expect(hpt.filter((id) => !essential.includes(id))).toEqual(['katib']);
    expect(hpt).not.toContain('kserve');
  });

  it.each(releaseIds)('%s serving adds KServe and Knative', (release) => {
    const hpt = idsFor(release, 'hpt');
    const serving = idsFor(release, 'serving');

    expect(serving.filter((id) => !hpt.includes(id))).toEqual(['knative-serving', 'kserve']);
    expect(serving).toContain('katib');
  });

  it.each(releaseIds)('%s brings the platform pieces', (release) => {
    const ids = idsFor(release, 'essential');

    for (const id of [
      'cert-manager',
      'istio',
      'dex',
      'kubeflow-namespace',
      'profiles',
      'central-dashboard',
    ] as const) {
      expect(ids, id).toContain(id);
    }
  });

  it('uses oidc-authservice in 1.8.0', () => {
    const ids = idsFor('1.8.0', 'essential');

    expect(ids).toContain('oidc-authservice');
    expect(ids).not.toContain('oauth2-proxy');
  });

  it('uses oauth2-proxy in 1.10.0', () => {
    const ids = idsFor('1.10.0', 'essential');

    expect(ids).toContain('oauth2-proxy');
    expect(ids).not.toContain('oidc-authservice');
  });

  it('lists components in install order', () => {
    const ids = idsFor('1.10.0', 'serving');

    expect(ids.indexOf('cert-manager')).toBeLessThan(ids.indexOf('istio'));
    expect(ids.indexOf('istio')).toBeLessThan(ids.indexOf('kubeflow-namespace'));
    expect(ids.indexOf('knative-serving')).toBeLessThan(ids.indexOf('kserve'));
    expect(ids.indexOf('central-dashboard')).toBeLessThan(ids.indexOf('pipelines'));
  });
});

describe('versions', () => {
  // Catalog versions as the managed service lists them.
  const catalogVersions: Record<string, Partial<Record<ComponentId, string>>> = {
    '1.8.0': {
      jupyter: '4.2.1',
      pipelines: '2.0.5',
      trainer: 'v1-855e096',
      katib: '0.16.0',
      tensorboard: '2.5.1',
      kserve: '0.11.2',
      'model-registry': '0.2.5-alpha',
    },
    '1.10.0': {
      jupyter: '4.3.5',
      pipelines: '2.4.1',
      trainer: 'v1-3f15cb',
      katib: '0.18.0',
      tensorboard: '2.5.1',
      kserve: '0.15.0',
      'model-registry': '0.2.19',
      'spark-operator': '2.1.0',
    },
  };

  const cases = Object.entries(catalogVersions).flatMap(([release, versions]) =>
    Object.entries(versions).map(([id, version]) => [release, id as ComponentId, version] as const),
  );

  it.each(cases)('%s %s is %s', (release, id, version) => {
    expect(findComponent(release, id)?.version).toBe(version);
  });

  it('1.8.0 lists exactly the catalog components', () => {
    const applications = getRelease('1.8.0')
      ?.components.filter((entry) => entry.category === 'application')
      .map((entry) => entry.id)
      .sort();

    expect(applications).toEqual(Object.keys(catalogVersions['1.8.0'] ?? {}).sort());
  });

  it('1.10.0 lists exactly the catalog components', () => {
    const applications = getRelease('1.10.0')
      ?.components.filter((entry) => entry.category === 'application')
      .map((entry) => entry.id)
      .sort();

    expect(applications).toEqual(Object.keys(catalogVersions['1.10.0'] ?? {}).sort());
  });

  it('records upstream drift beside the catalog version', () => {
    expect(findComponent('1.8.0', 'pipelines')?.upstreamVersion).toBe('2.0.3');
    expect(findComponent('1.8.0', 'kserve')?.upstreamVersion).toBe('v0.11.1');
    expect(findComponent('1.10.0', 'kserve')?.upstreamVersion).toBe('v0.14.1');
    expect(findComponent('1.10.0', 'model-registry')?.upstreamVersion).toBe('v0.2.15.3');
  });

  it('has no upstream model registry in 1.8.0', () => {
    const modelRegistry = findComponent('1.8.0', 'model-registry');

    expect(modelRegistry?.upstreamVersion).toBeNull();
    expect(modelRegistry?.kustomizePaths).toEqual([]);
  });
});

describe('1.10.0-only facts', () => {
  it('has Spark operator only in 1.10.0', () => {
    expect(findComponent('1.8.0', 'spark-operator')).toBeUndefined();
    expect(findComponent('1.10.0', 'spark-operator')).toBeDefined();
  });

  it('keeps Spark and Model registry out of example', () => {
    expect(findComponent('1.10.0', 'spark-operator')?.inUpstreamExample).toBe(false);
    expect(findComponent('1.10.0', 'model-registry')?.inUpstreamExample).toBe(false);
    expect(findComponent('1.10.0', 'pipelines')?.inUpstreamExample).toBe(true);
  });

  it('renders training-operator without a tag', () => {
    const trainer = findComponent('1.10.0', 'trainer');

    expect(trainer?.workloads[0]?.images).toEqual(['kubeflow/training-operator']);
  });

  it('flags server-side apply for KServe and Trainer', () => {
    expect(findComponent('1.10.0', 'kserve')?.needsServerSideApply).toBe(true);
    expect(findComponent('1.10.0', 'trainer')?.needsServerSideApply).toBe(true);
    expect(findComponent('1.10.0', 'jupyter')?.needsServerSideApply).toBe(false);
  });
});

describe('kustomize paths', () => {
  it('use the per-release KServe location', () => {
    expect(findComponent('1.8.0', 'kserve')?.kustomizePaths).toContain('contrib/kserve/kserve');
    expect(findComponent('1.10.0', 'kserve')?.kustomizePaths).toContain('apps/kserve/kserve');
  });

  it('use the per-release auth proxy overlay', () => {
    expect(findComponent('1.8.0', 'oidc-authservice')?.kustomizePaths).toEqual([
      'common/oidc-client/oidc-authservice/base',
    ]);
    expect(findComponent('1.10.0', 'oauth2-proxy')?.kustomizePaths).toEqual([
      'common/oauth2-proxy/overlays/m2m-dex-only',
    ]);
  });
});

describe('CRDs', () => {
  // kustomize build example renders 77 CRDs for v1.8.0, 11 of them from
  // Knative Eventing, which the catalog leaves out, and 69 for v1.10.0.
  it.each([
    ['1.8.0', 66],
    ['1.10.0', 69],
  ] as const)('%s example components define %i', (release, count) => {
    const crds = componentsFor(release, 'serving')
      .filter((entry) => entry.inUpstreamExample)
      .flatMap((entry) => entry.crds);

    expect(crds).toHaveLength(count);
  });

  it.each(releaseIds)('%s has unique CRD names', (release) => {
    const names = getRelease(release)?.components.flatMap((entry) => entry.crds.map(crdName)) ?? [];

    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
  });

  it('names Profile CRD by plural and group', () => {
    const profile = findComponent('1.8.0', 'profiles')?.crds[0];

    expect(profile).toBeDefined();
    expect(crdName(profile as CatalogCrd)).toBe('profiles.kubeflow.org');
    expect(profile?.scope).toBe('Cluster');
  });

  it('has MXJob only in 1.8.0 and JAXJob only in 1.10.0', () => {
    const kinds18 = findComponent('1.8.0', 'trainer')?.crds.map((entry) => entry.kind);
    const kinds110 = findComponent('1.10.0', 'trainer')?.crds.map((entry) => entry.kind);

    expect(kinds18).toContain('MXJob');
    expect(kinds18).not.toContain('JAXJob');
    expect(kinds110).toContain('JAXJob');
    expect(kinds110).not.toContain('MXJob');
  });
});

describe('uniqueness', () => {
  it.each(releaseIds)('%s has unique component ids', (release) => {
    const ids = getRelease(release)?.components.map((entry) => entry.id) ?? [];

    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(releaseIds)('%s has unique workload names per namespace', (release) => {
    const keys =
      getRelease(release)?.components.flatMap((entry) =>
        entry.workloads.map((workload) => `${entry.namespace}/${workload.name}`),
      ) ?? [];

    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(releaseIds)('%s has unique ClusterRole names', (release) => {
    const names =
      getRelease(release)?.components.flatMap((entry) =>
        entry.clusterRoles.map((role) => role.name),
      ) ?? [];

    expect(new Set(names).size).toBe(names.length);
  });

  it.each(releaseIds)('%s workload images are component images', (release) => {
    for (const entry of getRelease(release)?.components ?? []) {
      for (const image of entry.workloads.flatMap((workload) => workload.images)) {
        expect(entry.images, `${entry.id} ${image}`).toContain(image);
      }
    }
  });
});

describe('parseImageReference', () => {
  it('splits repository and tag', () => {
    expect(parseImageReference('docker.io/istio/pilot:1.17.5')).toEqual({
      repository: 'istio/pilot',
      tag: '1.17.5',
      digest: null,
    });
  });

  it('keeps a registry port out of the tag', () => {
    expect(parseImageReference('localhost:5000/kfp/api-server')).toEqual({
      repository: 'localhost:5000/kfp/api-server',
      tag: null,
      digest: null,
    });
  });

  it('splits a digest', () => {
    const parsed = parseImageReference('gcr.io/x/activator@sha256:abc');

    expect(parsed.repository).toBe('gcr.io/x/activator');
    expect(parsed.digest).toBe('sha256:abc');
    expect(parsed.tag).toBeNull();
  });

  it('drops the Docker Hub library prefix', () => {
    expect(parseImageReference('docker.io/library/mysql:8.0.29').repository).toBe('mysql');
  });
});

describe('matchImage', () => {
  const digest = `sha256:${'0'.repeat(64)}`;

  it.each([
    ['1.8.0', 'gcr.io/ml-pipeline/api-server:2.0.3', 'pipelines'],
    ['1.8.0', 'docker.io/kubeflowkatib/katib-controller:v0.16.0', 'katib'],
    ['1.8.0', 'kubeflow/training-operator:v1-855e096', 'trainer'],
    ['1.8.0', 'docker.io/kubeflowmanifestswg/oidc-authservice:e236439', 'oidc-authservice'],
    ['1.8.0', 'kserve/kserve-controller:v0.11.1', 'kserve'],
    ['1.8.0', 'docker.io/istio/proxyv2:1.17.5', 'istio'],
    ['1.10.0', 'ghcr.io/kubeflow/kfp-api-server:2.4.1', 'pipelines'],
    ['1.10.0', 'ghcr.io/kubeflow/kubeflow/central-dashboard:v1.10.0', 'central-dashboard'],
    ['1.10.0', 'ghcr.io/kubeflow/kubeflow/kfam:v1.10.0', 'profiles'],
    ['1.10.0', 'kubeflow/training-operator', 'trainer'],
    ['1.10.0', 'docker.io/kubeflow/spark-operator:2.1.0', 'spark-operator'],
    ['1.10.0', 'ghcr.io/kubeflow/model-registry/server:v0.2.15.3', 'model-registry'],
    ['1.10.0', 'quay.io/oauth2-proxy/oauth2-proxy:v7.7.1', 'oauth2-proxy'],
    ['1.10.0', 'mysql:8.0.29', 'katib'],
  ] as const)('%s matches %s', (release, image, expected) => {
    expect(matchImage(release, image)).toBe(expected);
  });

  it('matches a digest-pinned Knative image', () => {
    const image = `gcr.io/knative-releases/knative.dev/serving/cmd/activator@${digest}`;

    expect(matchImage('1.10.0', image)).toBe('knative-serving');
  });

  it('matches a digest-pinned net-istio image', () => {
    const image = `gcr.io/knative-releases/knative.dev/net-istio/cmd/webhook@${digest}`;

    expect(matchImage('1.8.0', image)).toBe('knative-serving');
  });

  it('matches a drifted tag by repository', () => {
    expect(matchImage('1.10.0', 'ghcr.io/kubeflow/kfp-api-server:2.5.0')).toBe('pipelines');
  });

  it('matches the fixed training-operator image', () => {
    const image = 'ghcr.io/kubeflow/training-v1/training-operator:v1-3f15cb8';

    expect(matchImage('1.10.0', image)).toBe('trainer');
  });

  it('matches a tagged training-operator by repository', () => {
    expect(matchImage('1.10.0', 'docker.io/kubeflow/training-operator:latest')).toBe('trainer');
  });

  it('returns null for an unknown image', () => {
    expect(matchImage('1.10.0', 'nginx:1.27')).toBeNull();
  });

  it('returns null for an image two components share', () => {
    const image = 'gcr.io/tfx-oss-public/ml_metadata_store_server:1.14.0';

    expect(matchImage('1.10.0', image)).toBeNull();
    expect(matchImage('1.8.0', image)).toBe('pipelines');
  });

  it('returns null for a repository two components share', () => {
    expect(matchImage('1.10.0', 'mysql:5.7')).toBeNull();
  });

  it('keeps 1.10.0 images out of 1.8.0', () => {
    expect(matchImage('1.8.0', 'ghcr.io/kubeflow/kfp-api-server:2.4.1')).toBeNull();
  });
});

describe('display names', () => {
  const keys = [
    ...listReleases().flatMap((release) => [
      release.displayNameKey,
      ...release.components.map((entry) => entry.displayNameKey),
      ...serviceTypesFor(release).map((type) => type.displayNameKey),
    ]),
  ];

  it.each([...new Set(keys)])('%s exists in en and ko', (key) => {
    expect(typeof lookup(resources.en.translation, key), 'en').toBe('string');
    expect(typeof lookup(resources.ko.translation, key), 'ko').toBe('string');
  });
});
