import { randomBytes } from 'node:crypto';

import { AppsV1Api, CoreV1Api, StorageV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';

import { applyPlan } from '../../main/provision/apply-engine';
import { planApply } from '../../main/provision/apply-plan';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { createClientConfig } from '../../main/kube/client';
import { silentLogger } from '../../main/log';
import { readClusterFacts } from '../../main/provision/cluster-facts';
import { createClusterFactsHandler } from '../../main/provision/options/handlers';
import { createServices, type Services } from '../../main/services';
import { ClusterFactsSchema } from '../../shared/contract/areas/instance-options';
import { refKey, refOf, type KubeObject } from '../../main/provision/object-ref';
import { applyInstanceOptions } from '../../main/provision/options/apply-options';
import { podTemplateOf } from '../../main/provision/options/objects';
import { generateSandboxBundle } from '../../main/provision/sandbox-bundle';
import { InstanceSpecSchema } from '../../shared/provision/instance';
import { createTestNamespace, deleteNamespace, eventually, kubeConfigFor } from '../kube-helpers';

const kubeconfig = inject('sandboxKubeconfig');
const admin = kubeConfigFor(kubeconfig, 'sandbox-admin');
const target = { server: admin.getCurrentCluster()?.server ?? '', user: 'sandbox-admin' };
const pool = (value: string) => ({ nodeSelector: { 'kubeflow-desktop.io/pool': value } });

function deployment(
  namespace: string,
  name: string,
  resources: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'main', image: 'registry.example/placeholder:1', resources }],
        },
      },
    },
  };
}

function specFor(
  storageClass: string,
  objectStorage: Record<string, unknown> = { kind: 'bundled-minio' },
) {
  return InstanceSpecSchema.parse({
    name: 'options-test',
    release: '1.10.0',
    serviceType: 'serving',
    context: { source: kubeconfig, name: 'sandbox-admin' },
    owners: ['alice@example.com'],
    manifestSource: { kind: 'sandbox-simulation', path: null, tag: null },
    options: {
      nodePlacement: {
        ingress: pool('ingress'),
        worker: pool('worker'),
        gpu: { ...pool('gpu'), gpuCount: 1 },
      },
      storageClass,
      domain: 'kubeflow.example.test',
      database: { kind: 'bundled-mysql' },
      objectStorage,
    },
  });
}

/**
 * Moves every namespaced object into one test namespace and drops the
 * cluster-scoped ones (Namespaces, CRDs, ClusterRoles, the Profile), so the
 * shared sandbox's namespaces and cluster-wide objects stay untouched and
 * the server checks each namespaced object for real.
 */
function retarget(objects: KubeObject[], namespace: string): KubeObject[] {
  const seen = new Set<string>();
  const moved: KubeObject[] = [];
  for (const object of objects) {
    if (object.metadata.namespace === undefined) continue;
    const copy = structuredClone(object);
    copy.metadata.namespace = namespace;
    const key = refKey(refOf(copy));
    if (seen.has(key)) continue;
    seen.add(key);
    moved.push(copy);
  }
  return moved;
}

describe('instance options on the sandbox', () => {
  let namespace: string;

  beforeAll(async () => {
    namespace = await createTestNamespace(admin, 'options');
  });
  afterAll(async () => {
    await deleteNamespace(admin, namespace);
  });

  it('passes a server-side dry run', async () => {
    const bundle = generateSandboxBundle('1.10.0', 'serving');
    const extra = [
      deployment('kubeflow', 'gpu-runner', { limits: { 'nvidia.com/gpu': 1 } }),
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data', namespace: 'kubeflow' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    ];
    const password = randomBytes(12).toString('base64url');

    const external = {
      kind: 'external-s3',
      endpoint: 's3.example.test',
      bucket: 'kfd-artifacts',
      region: 'us-east-1',
    };
    const keys = {
      accessKeyId: randomBytes(8).toString('hex'),
      secretAccessKey: randomBytes(16).toString('hex'),
    };

    const result = await applyInstanceOptions(
      [...bundle.objects, ...extra],
      specFor('kfd-options-fast', external),
      {
        credentials: { database: { password }, objectStorage: keys },
        bcryptCost: 10,
      },
    );
    const plan = planApply(retarget(result.objects, namespace));
    const applied = await applyPlan(plan, { config: admin, target, dryRun: true });

    expect(applied.status).toBe('completed');
    expect(applied.applied.length + applied.unverified.length).toBe(plan.total);
    expect(applied.unverified).toEqual([]);
    const gpu = applied.applied.find((entry) => entry.ref.name === 'gpu-runner');
    expect(gpu?.ref.namespace).toBe(namespace);
    expect(result.effects.some((entry) => entry.option === 'storageClass')).toBe(true);
    const names = applied.applied.map((entry) => `${entry.ref.kind}/${entry.ref.name}`);
    expect(names).toContain('Secret/mlpipeline-minio-artifact');
    expect(names).toContain('Secret/mysql-secret');
    expect(names).not.toContain('Deployment/minio');
    const core = admin.makeApiClient(CoreV1Api);
    const secrets = await core.listNamespacedSecret({ namespace });
    expect(secrets.items.map((item) => item.metadata?.name)).not.toContain('mysql-secret');
  });

  it('schedules GPU workloads on the GPU pool', async () => {
    const objects = [
      deployment(namespace, 'gpu-runner', { limits: { 'nvidia.com/gpu': 1 } }),
      deployment(namespace, 'web'),
    ];
    const result = await applyInstanceOptions(objects, specFor('kfd-options-fast'), {
      credentials: { database: { password: randomBytes(12).toString('base64url') } },
      bcryptCost: 10,
    });
    const workloads = result.objects.filter((object) => object.kind === 'Deployment');
    expect(podTemplateOf(workloads[0] as KubeObject)?.spec?.nodeSelector).toEqual({
      'kubeflow-desktop.io/pool': 'gpu',
    });

    await applyPlan(planApply(workloads), { config: admin, target });

    const core = admin.makeApiClient(CoreV1Api);
    const nodeOf = (app: string) =>
      eventually(`a scheduled ${app} pod`, async () => {
        const pods = await core.listNamespacedPod({ namespace, labelSelector: `app=${app}` });
        return pods.items[0]?.spec?.nodeName || undefined;
      });
    const nodes = await core.listNode({});
    const poolOfNode = (name: string) =>
      nodes.items.find((node) => node.metadata?.name === name)?.metadata?.labels?.[
        'kubeflow-desktop.io/pool'
      ];
    expect(poolOfNode(await nodeOf('gpu-runner'))).toBe('gpu');
    expect(poolOfNode(await nodeOf('web'))).toBe('worker');
    const apps = admin.makeApiClient(AppsV1Api);
    await apps.deleteCollectionNamespacedDeployment({ namespace });
  });
});

describe('readClusterFacts on the sandbox', () => {
  const className = `kfd-facts-${randomBytes(4).toString('hex')}`;
  const storage = admin.makeApiClient(StorageV1Api);

  beforeAll(async () => {
    await storage.createStorageClass({
      body: { metadata: { name: className }, provisioner: 'example.com/test' },
    });
  });
  afterAll(async () => {
    await storage.deleteStorageClass({ name: className }).catch(() => undefined);
  });

  it('lists pools and GPU capacity', async () => {
    const facts = await readClusterFacts(admin);

    const pools = facts.pools.filter((entry) => entry.label === 'kubeflow-desktop.io/pool');
    expect(pools.map((entry) => [entry.value, entry.nodeCount, entry.gpuCount])).toEqual([
      ['gpu', 1, 2],
      ['ingress', 1, 0],
      ['worker', 2, 0],
    ]);
    expect(facts.nodeCount).toBeGreaterThanOrEqual(4);
  });

  it('lists StorageClasses', async () => {
    const facts = await readClusterFacts(admin);

    const created = facts.storageClasses.find((entry) => entry.name === className);
    expect(created).toEqual({ name: className, provisioner: 'example.com/test', isDefault: false });
  });

  it('rejects a user without rights', async () => {
    const alice = kubeConfigFor(kubeconfig, 'sandbox-alice');

    await expect(readClusterFacts(alice)).rejects.toMatchObject({ kind: 'forbidden' });
  });
});

describe('instances.clusterFacts handler', () => {
  let services: Services;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-facts-'));
    services = await createServices({
      shell: 'web',
      dataDir,
      systemLanguage: 'en',
      kubeconfigPaths: [kubeconfig],
      live: false,
      log: silentLogger,
    });
  });
  afterAll(async () => {
    await services?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function handlerAndContext(name: string) {
    // The same client lookup as InstanceService.client, without the service's other dependencies.
    const service = {
      client: async (id: string) => {
        const resolved = await services.kube.resolve(id);
        return { resolved, config: await createClientConfig(resolved, services.kube.deps) };
      },
    };
    const { contexts } = await services.kube.listContexts();
    const context = contexts.find((candidate) => candidate.ref.name === name);
    if (!context) throw new Error(`context ${name} is missing`);
    return { handler: createClusterFactsHandler(service), contextId: context.id };
  }

  it('returns facts of a context', async () => {
    const { handler, contextId } = await handlerAndContext('sandbox-admin');

    const facts = ClusterFactsSchema.parse(await handler({ contextId }));

    expect(facts.pools.some((pool) => pool.value === 'gpu' && pool.gpuCount === 2)).toBe(true);
  });

  it('classifies rejected credentials', async () => {
    const { handler, contextId } = await handlerAndContext('sandbox-expired');

    await expect(handler({ contextId })).rejects.toMatchObject({ kind: 'unauthorized' });
  });
});
