import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import type { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import {
  applyPlan,
  ConflictError,
  diffPlan,
  type ApplyOptions,
} from '../../main/provision/apply-engine';
import { planApply, type ApplyPlan } from '../../main/provision/apply-plan';
import {
  discoverCluster,
  parseManifests,
  validateAgainstCluster,
  type ManifestSource,
} from '../../main/provision/manifest-parser';
import { formatRef, type KubeObject, type ObjectRef } from '../../main/provision/object-ref';
import { AppError } from '../../shared/errors';
import { annotationSizeLimit, hardShapesBundle } from '../fixtures/hard-shapes/generate';
import { createTestNamespace, deleteNamespace, kubeConfigFor } from '../kube-helpers';

const kubeconfig = inject('sandboxKubeconfig');
const kubectlPath = path.join(inject('sandboxBinDir'), 'kubectl');
const admin = kubeConfigFor(kubeconfig, 'sandbox-admin');
const run = promisify(execFile);

const suffix = () => randomBytes(4).toString('hex');

async function kubectl(args: string[], context = 'sandbox-admin', input?: string): Promise<string> {
  const child = run(kubectlPath, ['--kubeconfig', kubeconfig, '--context', context, ...args], {
    maxBuffer: 32 * 1024 * 1024,
  });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  return (await child).stdout;
}

/** Reads an object with kubectl, or returns null when it does not exist. */
async function kubectlGet(
  resource: string,
  name: string,
  namespace?: string,
): Promise<KubeObject | null> {
  const scope = namespace ? ['-n', namespace] : [];
  const output = await kubectl([
    'get',
    resource,
    name,
    ...scope,
    '-o',
    'json',
    '--ignore-not-found',
  ]);
  return output.trim() === '' ? null : (JSON.parse(output) as KubeObject);
}

function optionsFor(
  config: KubeConfig,
  user: string,
  extra: Partial<ApplyOptions> = {},
): ApplyOptions {
  return {
    config,
    target: { server: config.getCurrentCluster()?.server ?? '', user },
    readinessTimeoutMs: 90_000,
    ...extra,
  };
}

/** Parses, validates and plans sources, failing the test on any manifest problem. */
async function planFor(sources: ManifestSource[], config = admin): Promise<ApplyPlan> {
  const parsed = parseManifests(sources);
  expect(parsed.problems).toEqual([]);
  const discovery = await discoverCluster(config, {
    target: optionsFor(config, 'sandbox-admin').target,
  });
  const validated = validateAgainstCluster(parsed.objects, discovery);
  expect(validated.problems).toEqual([]);
  return planApply(validated.objects);
}

function configMaps(namespace: string, count: number, label: string): ManifestSource {
  const documents = Array.from(
    { length: count },
    (_, i) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-${String(i).padStart(2, '0')}\n  namespace: ${namespace}\n  labels: {batch: ${label}}\ndata:\n  index: "${i}"\n`,
  );
  return { file: 'config-maps.yaml', text: documents.join('---\n') };
}

/** Returns the kubectl resource name of a reference, such as `deployment.apps`. */
function resourceOf(ref: ObjectRef): string {
  const slash = ref.apiVersion.indexOf('/');
  return slash === -1
    ? ref.kind.toLowerCase()
    : `${ref.kind.toLowerCase()}.${ref.apiVersion.slice(0, slash)}`;
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}

describe('discoverCluster', () => {
  it('finds core and group kinds', async () => {
    const discovery = await discoverCluster(admin, {
      target: { server: '', user: 'sandbox-admin' },
    });
    const find = (group: string, kind: string) =>
      discovery.resources.find((resource) => resource.group === group && resource.kind === kind);

    expect(find('', 'ConfigMap')?.resource).toBe('configmaps');
    expect(find('', 'ConfigMap')?.namespaced).toBe(true);
    expect(find('rbac.authorization.k8s.io', 'ClusterRole')?.namespaced).toBe(false);
    expect(find('apps', 'Deployment')?.version).toBe('v1');
    expect(discovery.namespaces).toContain('kube-system');
  });

  it('leaves namespaces null for alice', async () => {
    const alice = kubeConfigFor(kubeconfig, 'sandbox-alice');
    const discovery = await discoverCluster(alice, {
      target: { server: '', user: 'sandbox-alice' },
    });
    expect(discovery.namespaces).toBeNull();
    expect(discovery.resources.length).toBeGreaterThan(20);
  });

  it('reports the expired credential', async () => {
    const expired = kubeConfigFor(kubeconfig, 'sandbox-expired');
    const error = await errorOf(
      discoverCluster(expired, { target: { server: 'sandbox', user: 'sandbox-expired' } }),
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('unauthorized');
  });
});

describe('applyPlan with the hard-shapes bundle', () => {
  const bundle = hardShapesBundle(suffix());
  const { names } = bundle;
  let plan: ApplyPlan;
  let first: Awaited<ReturnType<typeof applyPlan>>;
  const webhookBackendAvailable: boolean[] = [];

  beforeAll(async () => {
    plan = await planFor(bundle.sources);
    first = await applyPlan(
      plan,
      optionsFor(admin, 'sandbox-admin', {
        onApplied: async (ref) => {
          if (ref.kind !== 'ValidatingWebhookConfiguration') return;
          const deployment = await kubectlGet('deployment', names.deployment, names.namespace);
          const conditions =
            (deployment?.status as { conditions?: { type: string; status: string }[] })
              ?.conditions ?? [];
          webhookBackendAvailable.push(
            conditions.some((c) => c.type === 'Available' && c.status === 'True'),
          );
        },
      }),
    );
  });

  afterAll(async () => {
    await kubectl([
      'delete',
      'validatingwebhookconfiguration',
      names.webhook,
      '--ignore-not-found',
    ]);
    await kubectl([
      'delete',
      'clusterrole,clusterrolebinding',
      names.clusterRole,
      '--ignore-not-found',
    ]);
    await deleteNamespace(admin, names.namespace);
    await kubectl([
      'delete',
      'crd',
      names.largeCrd,
      names.widgetCrd,
      '--ignore-not-found',
      '--wait=false',
    ]);
  });

  it('has a CRD over the annotation limit', async () => {
    expect(bundle.largeCrdBytes).toBeGreaterThan(annotationSizeLimit);

    const directory = await mkdtemp(path.join(tmpdir(), 'hard-shapes-'));
    try {
      const file = path.join(directory, 'crds.yaml');
      await writeFile(
        file,
        bundle.sources.find((source) => source.file === 'crds.yaml')?.text ?? '',
      );
      const clientSide = await errorOf(kubectl(['apply', '--dry-run=server', '-f', file]));
      expect(String((clientSide as { stderr?: string })?.stderr)).toMatch(/Too long|too long/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('orders the plan by phase', () => {
    expect(plan.phases.map((phase) => phase.name)).toEqual([
      'namespaces',
      'crds',
      'cluster-rbac',
      'configuration',
      'workloads',
      'webhooks',
      'custom-resources',
    ]);
    expect(plan.phases.find((phase) => phase.name === 'custom-resources')?.countsByKind).toEqual({
      Widget: 1,
      Gadget: 1,
    });
  });

  it('applies every object', () => {
    expect(first.status).toBe('completed');
    expect(first.applied).toHaveLength(plan.total);
    expect(first.notApplied).toEqual([]);
    expect(first.applied.every((applied) => applied.outcome === 'created')).toBe(true);
  });

  it('waits for the webhook backend', () => {
    expect(webhookBackendAvailable).toEqual([true]);
  });

  it('creates the custom resources', async () => {
    const widget = await kubectlGet(`widgets.${names.group}`, names.widget, names.namespace);
    expect((widget?.spec as { size?: number })?.size).toBe(3);
    const gadget = await kubectlGet(`gadgets.${names.group}`, names.gadget, names.namespace);
    expect((gadget?.spec as { setting0001?: string })?.setting0001).toBe('enabled');
  });

  it('matches what kubectl shows', async () => {
    for (const applied of first.applied) {
      const live = await kubectlGet(
        resourceOf(applied.ref),
        applied.ref.name,
        applied.ref.namespace ?? undefined,
      );
      expect(live?.metadata.uid, formatRef(applied.ref)).toBe(applied.uid);
      expect(live?.metadata.generation ?? null, formatRef(applied.ref)).toBe(applied.generation);
    }
  });

  it('reports a second apply unchanged', async () => {
    const diff = await diffPlan(plan, optionsFor(admin, 'sandbox-admin'));
    expect(diff).toHaveLength(plan.total);
    const changed = diff.filter((entry) => entry.outcome !== 'unchanged');
    expect(
      changed.map((entry) => `${formatRef(entry.ref)} ${JSON.stringify(entry.changes)}`),
    ).toEqual([]);

    // Controllers write status after the first apply, so compare with the versions just before.
    const before: Record<string, string> = {};
    for (const applied of first.applied) {
      const live = await kubectlGet(
        resourceOf(applied.ref),
        applied.ref.name,
        applied.ref.namespace ?? undefined,
      );
      before[formatRef(applied.ref)] = String(live?.metadata.resourceVersion);
    }
    const second = await applyPlan(plan, optionsFor(admin, 'sandbox-admin'));
    expect(second.status).toBe('completed');
    expect(second.applied.map((applied) => applied.outcome)).not.toContain('created');
    const after = Object.fromEntries(
      second.applied.map((applied) => [formatRef(applied.ref), applied.resourceVersion]),
    );
    expect(after).toEqual(before);
  });

  it('diffs a changed field', async () => {
    const changedSources = bundle.sources.map((source) => ({
      ...source,
      text: source.text.replace('mode: early', 'mode: late'),
    }));
    const changedPlan = await planFor(changedSources);
    const diff = await diffPlan(changedPlan, optionsFor(admin, 'sandbox-admin'));
    const entry = diff.find((candidate) => candidate.ref.name === names.configMap);

    expect(entry?.outcome).toBe('changed');
    expect(entry?.changes).toEqual([{ path: '.data.mode', before: 'early', after: 'late' }]);
    const live = await kubectlGet('configmap', names.configMap, names.namespace);
    expect((live as { data?: Record<string, string> })?.data?.mode).toBe('early');
  });
});

describe('applyPlan dry run', () => {
  it('creates nothing', async () => {
    const bundle = hardShapesBundle(suffix());
    const plan = await planFor(bundle.sources);
    const result = await applyPlan(plan, optionsFor(admin, 'sandbox-admin', { dryRun: true }));

    expect(result.status).toBe('completed');
    expect(result.dryRun).toBe(true);
    expect(result.applied.length + result.unverified.length).toBe(plan.total);
    expect(result.unverified.map((entry) => entry.ref.kind)).toContain('Widget');
    expect(await kubectlGet('namespace', bundle.names.namespace)).toBeNull();
    expect(await kubectlGet('crd', bundle.names.largeCrd)).toBeNull();
    expect(await kubectlGet('clusterrole', bundle.names.clusterRole)).toBeNull();
  });
});

describe('applyPlan conflicts', () => {
  let namespace: string;

  beforeAll(async () => {
    namespace = await createTestNamespace(admin, 'apply-conflict');
  });
  afterAll(async () => {
    await deleteNamespace(admin, namespace);
  });

  it('stops on another manager, force takes over', async () => {
    const manifest = (value: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n  namespace: ${namespace}\ndata:\n  key: ${value}\n`;
    await kubectl(
      ['apply', '--server-side', '--field-manager', 'other', '-f', '-'],
      'sandbox-admin',
      manifest('from-other'),
    );
    const plan = await planFor([{ file: 'shared.yaml', text: manifest('from-desktop') }]);

    const error = await errorOf(applyPlan(plan, optionsFor(admin, 'sandbox-admin')));
    expect(error).toBeInstanceOf(ConflictError);
    const conflict = error as ConflictError;
    expect(conflict.conflicts.map((entry) => entry.manager)).toEqual(['other']);
    expect(conflict.conflicts.map((entry) => entry.field)).toEqual(['.data.key']);
    expect(conflict.message).toContain(`ConfigMap ${namespace}/shared`);

    const diff = await diffPlan(plan, optionsFor(admin, 'sandbox-admin'));
    expect(diff.map((entry) => entry.outcome)).toEqual(['conflict']);

    const forced = await applyPlan(plan, optionsFor(admin, 'sandbox-admin', { force: true }));
    expect(forced.status).toBe('completed');
    const live = await kubectlGet('configmap', 'shared', namespace);
    expect((live as { data?: Record<string, string> })?.data?.key).toBe('from-desktop');
  });
});

describe('applyPlan permissions', () => {
  let namespace: string;

  beforeAll(async () => {
    namespace = await createTestNamespace(admin, 'apply-forbidden');
  });
  afterAll(async () => {
    await deleteNamespace(admin, namespace);
  });

  it('gives alice forbidden, applies nothing', async () => {
    const alice = kubeConfigFor(kubeconfig, 'sandbox-alice');
    const plan = await planFor([configMaps(namespace, 3, 'alice')]);
    const applied: string[] = [];

    const error = await errorOf(
      applyPlan(
        plan,
        optionsFor(alice, 'sandbox-alice', {
          onApplied: (ref) => void applied.push(formatRef(ref)),
        }),
      ),
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('forbidden');
    expect((error as AppError).params.resource).toMatch(
      new RegExp(`^ConfigMap ${namespace}/settings-0\\d$`),
    );
    expect(applied).toEqual([]);
    const live = await kubectl([
      'get',
      'configmaps',
      '-n',
      namespace,
      '-l',
      'batch=alice',
      '-o',
      'name',
    ]);
    expect(live.trim()).toBe('');
  });
});

describe('applyPlan cancel', () => {
  let namespace: string;

  beforeAll(async () => {
    namespace = await createTestNamespace(admin, 'apply-cancel');
  });
  afterAll(async () => {
    await deleteNamespace(admin, namespace);
  });

  it('stops consistently and resumes', async () => {
    const plan = await planFor([configMaps(namespace, 40, 'cancel')]);
    const controller = new AbortController();
    let count = 0;
    const options = optionsFor(admin, 'sandbox-admin', {
      concurrency: 3,
      signal: controller.signal,
      onApplied: () => {
        count += 1;
        if (count === 5) controller.abort();
      },
    });

    const partial = await applyPlan(plan, options);
    expect(partial.status).toBe('cancelled');
    expect(partial.applied.length).toBeGreaterThanOrEqual(5);
    expect(partial.applied.length).toBeLessThan(40);
    expect(partial.applied.length + partial.notApplied.length).toBe(40);

    const listed = await kubectl([
      'get',
      'configmaps',
      '-n',
      namespace,
      '-l',
      'batch=cancel',
      '-o',
      'name',
    ]);
    const onCluster = listed
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => line.replace('configmap/', ''));
    expect(onCluster.sort()).toEqual(partial.applied.map((applied) => applied.ref.name).sort());

    const resumed = await applyPlan(plan, optionsFor(admin, 'sandbox-admin'));
    expect(resumed.status).toBe('completed');
    const after = await kubectl([
      'get',
      'configmaps',
      '-n',
      namespace,
      '-l',
      'batch=cancel',
      '-o',
      'name',
    ]);
    expect(after.trim().split('\n')).toHaveLength(40);
  });
});

describe('manifest problems before apply', () => {
  let namespace: string;

  beforeAll(async () => {
    namespace = await createTestNamespace(admin, 'apply-problems');
  });
  afterAll(async () => {
    await deleteNamespace(admin, namespace);
  });

  it('reports bad YAML and unknown kinds', async () => {
    const text = [
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\n  namespace: ${namespace}\n`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n  namespace: [unclosed\n`,
      `apiVersion: example.invalid/v1\nkind: Frobnicator\nmetadata:\n  name: frob\n  namespace: ${namespace}\n`,
    ].join('---\n');
    const parsed = parseManifests([{ file: 'mixed.yaml', text }]);
    expect(parsed.problems.map((problem) => [problem.code, problem.document])).toEqual([
      ['yaml-syntax', 1],
    ]);
    expect(parsed.problems[0]?.line).toBeGreaterThanOrEqual(7);

    const discovery = await discoverCluster(admin, {
      target: { server: '', user: 'sandbox-admin' },
    });
    const validated = validateAgainstCluster(parsed.objects, discovery);
    expect(validated.problems.map((problem) => problem.code)).toEqual(['unknown-kind']);
    expect(validated.problems[0]?.message).toContain(`Frobnicator ${namespace}/frob`);

    const error = await errorOf(
      applyPlan(planApply(parsed.objects), optionsFor(admin, 'sandbox-admin', { discovery })),
    );
    expect((error as AppError).code).toBe('planUnresolved');
    expect(await kubectlGet('configmap', 'good', namespace)).toBeNull();
  });
});
