import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { ApiextensionsV1Api, CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { silentLogger } from '../../main/log';
import { listRecords, readRecord } from '../../main/provision/inventory';
import { transformWithOptions } from '../../main/provision/options/transform';
import { buildObjects } from '../../main/provision/plan-builder';
import { createServices, type Services } from '../../main/services';
import type { Job, PlanView } from '../../shared/contract/areas/instances';
import { AppError } from '../../shared/errors';
import { instanceKey } from '../../shared/provision/instance-key';
import { inventoryKey, type InstanceSpec } from '../../shared/provision/instance';
import { start, type SandboxHandle } from '../../sandbox/sandbox';
import { eventually, kubeConfigFor } from '../kube-helpers';

// Provisioning installs cluster-wide objects (CRDs, cluster roles, the
// kubeflow namespace) under their real names, so this file runs on a
// sandbox of its own: sandbox-admin for the full install, sandbox-b for the
// kill-and-resume run, which both need an empty cluster.
let sandbox: SandboxHandle;
let services: Services;
let dataDir: string;
const repoRoot = path.resolve(__dirname, '..', '..');

beforeAll(async () => {
  sandbox = await start({ binDir: inject('sandboxBinDir'), log: () => undefined });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-provision-'));
  services = await createServices({
    shell: 'web',
    dataDir,
    systemLanguage: 'en',
    kubeconfigPaths: [sandbox.kubeconfigPath],
    live: false,
    log: silentLogger,
  });
}, 180_000);

afterAll(async () => {
  await services?.close();
  await sandbox?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const result = await services.router.dispatch(channel, payload);
  if (!result.ok) throw AppError.fromShape(result.error);
  return result.value as T;
}

async function contextId(name: string): Promise<string> {
  const { contexts } = await services.kube.listContexts();
  const context = contexts.find((candidate) => candidate.ref.name === name);
  if (!context) throw new Error(`context ${name} missing`);
  return context.id;
}

function waitForJob(jobId: string): Promise<Job> {
  return eventually(
    `job ${jobId} to end`,
    async () => {
      const { jobs } = await call<{ jobs: Job[] }>('instances.jobs', {});
      const job = jobs.find((candidate) => candidate.jobId === jobId);
      return job && ['completed', 'failed', 'cancelled'].includes(job.state) ? job : undefined;
    },
    240_000,
  );
}

function planRequest(context: string, patch: Record<string, unknown> = {}) {
  return {
    contextId: context,
    name: 'kubeflow',
    release: '1.10.0',
    serviceType: 'serving',
    owners: ['admin@example.com'],
    source: { kind: 'sandbox-simulation' },
    ...patch,
  };
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('provisioning through the services', () => {
  it('refuses a context without rights with a clear message and writes nothing', async () => {
    const alice = await contextId('sandbox-alice');
    const error = await errorOf(call('instances.plan', planRequest(alice)));

    expect(error.kind).toBe('forbidden');
    expect(error.message).toContain('alice@example.com');
    const admin = kubeConfigFor(sandbox.kubeconfigPath, 'sandbox-admin');
    expect((await listRecords(admin)).records).toEqual([]);
  });

  it('reports malformed YAML and unknown kinds with file and document, and applies nothing', async () => {
    const bundle = path.join(dataDir, 'broken.yaml');
    await writeFile(
      bundle,
      [
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: broken-ns',
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: broken-ns\ndata: [unclosed',
        'apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g\n  namespace: broken-ns',
        'kind: ConfigMap\nmetadata:\n  name: no-version',
      ].join('\n---\n'),
    );
    const admin = await contextId('sandbox-admin');
    const plan = await call<PlanView>(
      'instances.plan',
      planRequest(admin, { name: 'broken', source: { kind: 'bundle', path: bundle } }),
    );

    expect(plan.planId).toBeNull();
    const codes = plan.problems.map((problem) => `${problem.code}@${problem.document}`);
    expect(codes).toEqual(
      expect.arrayContaining(['yaml-syntax@1', 'unknown-kind@2', 'missing-api-version@3']),
    );
    for (const problem of plan.problems) expect(problem.file).toBe(bundle);
    const core = kubeConfigFor(sandbox.kubeconfigPath, 'sandbox-admin').makeApiClient(CoreV1Api);
    await expect(core.readNamespace({ name: 'broken-ns' })).rejects.toThrow();
  });

  it('names a bundle that cannot be read', async () => {
    const admin = await contextId('sandbox-admin');
    const missing = path.join(dataDir, 'missing.yaml');
    const error = await errorOf(
      call('instances.plan', planRequest(admin, { source: { kind: 'bundle', path: missing } })),
    );

    expect(error.code).toBe('bundleUnreadable');
    expect(error.params.path).toBe(missing);
  });

  it('rejects an invalid spec with the value and the fix', async () => {
    const admin = await contextId('sandbox-admin');
    const error = await errorOf(
      call('instances.plan', planRequest(admin, { name: 'Team_A', owners: ['not-an-email'] })),
    );

    expect(error.code).toBe('instanceSpecInvalid');
    expect(error.message).toContain('Team_A');
    expect(error.message).toContain('not-an-email');
  });

  it('provisions 1.10.0 with the Serving API type through every phase', async () => {
    const admin = await contextId('sandbox-admin');
    const password = randomBytes(12).toString('base64url');
    const plan = await call<PlanView>(
      'instances.plan',
      planRequest(admin, {
        options: { database: { kind: 'bundled-mysql' }, domain: 'kubeflow.example.test' },
        credentials: { database: { password } },
      }),
    );

    expect(plan.problems).toEqual([]);
    expect(plan.simulation).toBe(true);
    expect(plan.phases.map((phase) => phase.name)).toEqual([
      'namespaces',
      'crds',
      'cluster-rbac',
      'configuration',
      'workloads',
      'webhooks',
      'custom-resources',
    ]);
    expect(plan.diff.created).toBe(plan.total);
    expect(plan.effects.map((effect) => effect.code)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^instanceOptions\.effect\./)]),
    );
    expect(JSON.stringify(plan)).not.toContain(password);

    const { job } = await call<{ job: Job }>('instances.apply', { planId: plan.planId });
    const ended = await waitForJob(job.jobId);

    expect(ended.state).toBe('completed');
    expect(ended.done).toBe(plan.total);
    expect(ended.phases.every((phase) => phase.done === phase.total)).toBe(true);

    const config = kubeConfigFor(sandbox.kubeconfigPath, 'sandbox-admin');
    const record = await readRecord(config, 'kubeflow', 'kubeflow');
    expect(record.inventory).toHaveLength(plan.total);
    expect(record.status.phase).toBe('Creating');
    // The record keeps the options but never the credentials.
    expect(record.spec.options.database).toMatchObject({ kind: 'bundled-mysql' });
    expect(JSON.stringify(record)).not.toContain(password);
    const secrets = record.inventory.filter((entry) => entry.ref.kind === 'Secret');
    expect(secrets.length).toBeGreaterThan(0);
    const crds = await config.makeApiClient(ApiextensionsV1Api).listCustomResourceDefinition();
    expect(crds.items.length).toBeGreaterThanOrEqual(plan.phases[1]?.count ?? 0);

    const detail = await call<{ summary: { key: string; objectCount: number } }>('instances.get', {
      key: instanceKey(admin, 'kubeflow', 'kubeflow'),
    });
    expect(detail.summary.objectCount).toBe(plan.total);
  });

  it('refuses a second instance on a cluster that already has one, naming it', async () => {
    const admin = await contextId('sandbox-admin');
    const error = await errorOf(call('instances.plan', planRequest(admin, { name: 'second' })));

    expect(error.code).toBe('clusterHasInstance');
    expect(error.params.instance).toBe('kubeflow');
  });

  it('deletes the instance to Terminated with nothing of it left', async () => {
    const admin = await contextId('sandbox-admin');
    const key = instanceKey(admin, 'kubeflow', 'kubeflow');
    const config = kubeConfigFor(sandbox.kubeconfigPath, 'sandbox-admin');
    const before = await readRecord(config, 'kubeflow', 'kubeflow');

    const mismatch = await errorOf(call('instances.delete', { key, confirmName: 'Kubeflow' }));
    expect(mismatch.code).toBe('deleteNameMismatch');

    // What the Access and Roles screens create carries the instance label and
    // is not in the inventory; objects without the label are not the app's.
    const rbac = config.makeApiClient(RbacAuthorizationV1Api);
    const labels = {
      'app.kubernetes.io/managed-by': 'kubeflow-desktop',
      'kubeflow-desktop.io/instance': 'kubeflow',
    };
    await rbac.createClusterRole({
      body: { metadata: { name: 'kubeflow-desktop-kubeflow-user', labels }, rules: [] },
    });
    await rbac.createClusterRole({ body: { metadata: { name: 'someone-elses-role' }, rules: [] } });
    const userCore = config.makeApiClient(CoreV1Api);
    await userCore.createNamespace({ body: { metadata: { name: 'u-alice', labels } } });

    const job = await call<Job>('instances.delete', { key, confirmName: 'kubeflow' });
    const ended = await waitForJob(job.jobId);
    await expect(
      rbac.readClusterRole({ name: 'kubeflow-desktop-kubeflow-user' }),
    ).rejects.toThrow();
    await rbac.readClusterRole({ name: 'someone-elses-role' });
    const userNamespace = await userCore.readNamespace({ name: 'u-alice' }).catch(() => null);
    expect(userNamespace === null || userNamespace.status?.phase === 'Terminating').toBe(true);

    expect(ended.state).toBe('completed');
    expect(ended.phases.at(-1)?.name).toBe('delete-namespaces');
    expect((await listRecords(config)).records).toEqual([]);
    const core = config.makeApiClient(CoreV1Api);
    const namespaces = before.inventory.filter((entry) => entry.ref.kind === 'Namespace');
    for (const entry of namespaces) {
      await expect(core.readNamespace({ name: entry.ref.name })).rejects.toThrow();
    }
    const crds = config.makeApiClient(ApiextensionsV1Api);
    for (const entry of before.inventory.filter(
      (item) => item.ref.kind === 'CustomResourceDefinition',
    )) {
      await expect(crds.readCustomResourceDefinition({ name: entry.ref.name })).rejects.toThrow();
    }

    const { instances } = await call<{ instances: { key: string; phase: string }[] }>(
      'instances.list',
      {},
    );
    expect(instances.find((instance) => instance.key === key)?.phase).toBe('Terminated');
  });

  it('upgrades a 1.8.0 instance to 1.10.0 and prunes only after confirmation', async () => {
    const admin = await contextId('sandbox-admin');
    const key = instanceKey(admin, 'kubeflow', 'kubeflow');
    const plan = await call<PlanView>(
      'instances.plan',
      planRequest(admin, { release: '1.8.0', serviceType: 'essential' }),
    );
    const created = await call<{ job: Job }>('instances.apply', { planId: plan.planId });
    expect((await waitForJob(created.job.jobId)).state).toBe('completed');

    const upgrade = await call<PlanView>('instances.planUpgrade', { key, release: '1.10.0' });
    expect(upgrade.kind).toBe('upgrade');
    expect(upgrade.release).toBe('1.10.0');
    expect(upgrade.prune.length).toBeGreaterThan(0);

    const started = await call<{ job: Job }>('instances.upgrade', {
      planId: upgrade.planId,
      prune: true,
    });
    const ended = await waitForJob(started.job.jobId);
    expect(ended.state).toBe('completed');

    const config = kubeConfigFor(sandbox.kubeconfigPath, 'sandbox-admin');
    const record = await readRecord(config, 'kubeflow', 'kubeflow');
    expect(record.spec.release).toBe('1.10.0');
    const inventory = new Set(record.inventory.map((entry) => inventoryKey(entry.ref)));
    for (const pruned of upgrade.prune) expect(inventory.has(inventoryKey(pruned.ref))).toBe(false);
    const crds = config.makeApiClient(ApiextensionsV1Api);
    const prunedCrd = upgrade.prune.find((entry) => entry.ref.kind === 'CustomResourceDefinition');
    if (prunedCrd) {
      await expect(
        crds.readCustomResourceDefinition({ name: prunedCrd.ref.name }),
      ).rejects.toThrow();
    }
    // Spark operator comes with 1.10.0 only.
    await crds.readCustomResourceDefinition({ name: 'sparkapplications.sparkoperator.k8s.io' });
  });

  it('resumes a provision killed mid-apply to the same end state', async () => {
    const env = {
      ...process.env,
      KFD_DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'kfd-cli-')),
    };
    const args = [
      'tsx',
      'main/cli/cli.ts',
      '--kubeconfig',
      sandbox.kubeconfigPath,
      '--context',
      'sandbox-b',
      '--release',
      '1.10.0',
      '--service-type',
      'serving',
      '--owner',
      'admin@example.com',
      '--quiet',
    ];
    const child = spawn(
      'npx',
      ['--no-install', ...args.slice(0, 2), 'provision', ...args.slice(2)],
      {
        cwd: repoRoot,
        env,
        stdio: 'ignore',
        detached: true,
      },
    );
    const config = kubeConfigFor(sandbox.kubeconfigPath, 'sandbox-b');

    // Kill the whole process group (npx, tsx and node) once part of the
    // inventory is written, as a crash or `kill -9` would.
    await eventually(
      'a partly written inventory',
      async () => {
        const record = await readRecord(config, 'kubeflow', 'kubeflow').catch(() => null);
        return record && record.inventory.length >= 60 ? record : undefined;
      },
      120_000,
    );
    process.kill(-(child.pid ?? 0), 'SIGKILL');
    const partial = await readRecord(config, 'kubeflow', 'kubeflow');
    expect(partial.status.phase).toBe('Creating');

    const resumed = await new Promise<number>((resolve) => {
      const run = spawn(
        'npx',
        [
          '--no-install',
          'tsx',
          'main/cli/cli.ts',
          'resume',
          'kubeflow',
          ...args.slice(2, 6),
          '--quiet',
        ],
        {
          cwd: repoRoot,
          env,
          stdio: 'ignore',
        },
      );
      run.on('exit', (code) => resolve(code ?? -1));
    });
    expect(resumed).toBe(0);

    // The end state equals a run that was never interrupted: the record
    // lists every object of the plan and each of them exists.
    const record = await readRecord(config, 'kubeflow', 'kubeflow');
    const expected = await expectedObjectKeys(record.spec);
    expect(new Set(record.inventory.map((entry) => inventoryKey(entry.ref)))).toEqual(expected);
    const core = config.makeApiClient(CoreV1Api);
    for (const entry of record.inventory.filter((item) => item.ref.kind === 'Service')) {
      await core.readNamespacedService({
        name: entry.ref.name,
        namespace: entry.ref.namespace ?? '',
      });
    }
  });
});

/** Inventory keys of every object a run that was never interrupted applies for a spec. */
async function expectedObjectKeys(spec: InstanceSpec): Promise<Set<string>> {
  const built = await buildObjects(
    { kind: 'sandbox-simulation' },
    spec,
    {},
    {
      transform: transformWithOptions,
      renderCheckout: () => Promise.reject(new Error('not used')),
    },
  );
  return new Set(built.objects.map((entry) => inventoryKey(entry.ref)));
}
