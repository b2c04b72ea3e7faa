import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { deleteRecord, readRecord, writeRecord } from '../../main/provision/inventory';
import { instanceKey } from '../../shared/provision/instance-key';
import { createTestNamespace, deleteNamespace, eventually, kubeConfigFor } from '../kube-helpers';
import {
  configMap,
  deployment,
  installInstance,
  startEngine,
  waitForPhase,
  type EngineHarness,
} from './status-harness';

const kubeconfigPath = inject('sandboxKubeconfig');
const admin = kubeConfigFor(kubeconfigPath, 'sandbox-admin');
const jupyterImage = 'ghcr.io/kubeflow/kubeflow/jupyter-web-app:v1.10.0';

describe('status engine on the sandbox', () => {
  let engine: EngineHarness;
  const namespaces: string[] = [];

  beforeAll(async () => {
    engine = await startEngine(kubeconfigPath, 'sandbox-admin', {
      lifecycle: { readinessDeadlineMs: 15_000, failureGraceMs: 2_000 },
    });
  });

  afterAll(async () => {
    await engine?.close();
    for (const namespace of namespaces) await deleteNamespace(admin, namespace);
  });

  async function newInstance(
    prefix: string,
    objects: (namespace: string) => Parameters<typeof installInstance>[3],
  ) {
    const namespace = await createTestNamespace(admin, prefix);
    namespaces.push(namespace);
    const name = `inst-${namespace.slice(-8)}`;
    await installInstance(admin, kubeconfigPath, { namespace, name }, objects(namespace));
    return { namespace, name, key: instanceKey(engine.contextId, namespace, name) };
  }

  it('goes Creating to Active as kwok starts the pods', async () => {
    const instance = await newInstance('st-active', (namespace) => [
      {
        object: deployment(namespace, 'jupyter-web-app-deployment', jupyterImage),
        component: 'jupyter',
      },
      { object: configMap(namespace, 'jupyter-settings'), component: 'jupyter' },
    ]);

    const active = await waitForPhase(engine.service, instance.key, ['Active']);
    const jupyter = active.components.find((component) => component.id === 'jupyter');
    expect(jupyter?.health).toBe('Healthy');
    expect(jupyter?.observedVersion).toBe(jupyter?.expectedVersion);
    expect(jupyter?.drift).toEqual([]);
    expect(active.faults).toEqual([]);

    const names = engine.service.history(instance.key).map((transition) => transition.name);
    expect(names[0]).toBe('observed');
    expect(names).toContain('all-healthy');
    await eventually(
      'a status.changed event with phase Active',
      async () =>
        engine.changes.some((change) => change.key === instance.key && change.phase === 'Active') ||
        undefined,
    );
  });

  it('reports drift from the catalog image', async () => {
    const instance = await newInstance('st-drift', (namespace) => [
      {
        object: deployment(
          namespace,
          'jupyter-web-app-deployment',
          'ghcr.io/kubeflow/kubeflow/jupyter-web-app:v1.9.0',
        ),
        component: 'jupyter',
      },
    ]);
    const active = await waitForPhase(engine.service, instance.key, ['Active']);
    const jupyter = active.components.find((component) => component.id === 'jupyter');
    expect(jupyter?.observedVersion).toBe('v1.9.0');
    expect(jupyter?.drift[0]).toContain('jupyter-web-app:v1.9.0');
  });

  it('fails an unschedulable GPU request with the scheduler reason', async () => {
    const instance = await newInstance('st-gpu', (namespace) => [
      { object: deployment(namespace, 'trainer', jupyterImage, { gpus: 8 }), component: 'trainer' },
    ]);

    const creating = await waitForPhase(engine.service, instance.key, ['Creating']);
    expect(creating.phase).toBe('Creating');
    const failed = await waitForPhase(engine.service, instance.key, ['Failed'], 40_000);
    expect(failed.reason).toContain('Insufficient nvidia.com/gpu');
    expect(failed.faults.some((fault) => fault.ref.kind === 'Pod')).toBe(true);
    expect(failed.faults.some((fault) => fault.ref.kind === 'Deployment')).toBe(true);
    expect(failed.events.some((event) => event.reason === 'FailedScheduling')).toBe(true);
    const history = engine.service.history(instance.key);
    expect(history.at(-1)?.name).toBe('readiness-deadline');
  });

  it('fails a workload past its progress deadline', async () => {
    const instance = await newInstance('st-deadline', (namespace) => [
      {
        object: deployment(namespace, 'trainer', jupyterImage, {
          gpus: 8,
          progressDeadlineSeconds: 1,
        }),
        component: 'trainer',
      },
    ]);
    const failed = await waitForPhase(engine.service, instance.key, ['Failed'], 40_000);
    expect(failed.reason).toContain('ProgressDeadlineExceeded');
    expect(engine.service.history(instance.key).at(-1)?.name).toBe('workload-failed');
    expect(failed.events.some((event) => event.reason === 'FailedScheduling')).toBe(true);
  });

  it('goes Terminating to Terminated when the app deletes the record', async () => {
    const instance = await newInstance('st-delete', (namespace) => [
      { object: configMap(namespace, 'settings'), component: 'jupyter' },
    ]);
    await waitForPhase(engine.service, instance.key, ['Active']);

    const record = await readRecord(admin, instance.namespace, instance.name);
    await writeRecord(admin, {
      ...record,
      status: { phase: 'Terminating', reason: null, updatedAt: new Date().toISOString() },
    });
    await waitForPhase(engine.service, instance.key, ['Terminating']);
    await deleteRecord(admin, instance.namespace, instance.name);
    await waitForPhase(engine.service, instance.key, ['Terminated']);
    const names = engine.service.history(instance.key).map((transition) => transition.name);
    expect(names.slice(-2)).toEqual(['delete-started', 'deleted']);
  });

  it('sends at most 10 events a second per instance', () => {
    const byKey = new Map<string, number[]>();
    engine.changes.forEach((change, index) => {
      byKey.set(change.key, [...(byKey.get(change.key) ?? []), engine.changeTimes[index]!]);
    });
    for (const times of byKey.values()) {
      for (let index = 1; index < times.length; index++) {
        expect(times[index]! - times[index - 1]!).toBeGreaterThanOrEqual(100);
      }
    }
  });

  it('expires an instance whose namespace is deleted behind the app', async () => {
    const instance = await newInstance('st-expire', (namespace) => [
      { object: configMap(namespace, 'settings'), component: 'jupyter' },
    ]);
    await waitForPhase(engine.service, instance.key, ['Active']);

    await deleteNamespace(admin, instance.namespace);
    const expired = await waitForPhase(engine.service, instance.key, ['Expired'], 90_000);
    expect(['namespace-gone', 'record-gone']).toContain(
      engine.service.history(instance.key).at(-1)?.name,
    );
    expect(expired.reason).toMatch(/deleted outside the app/);
  });

  it('keeps the history across a restart of the engine', async () => {
    const before = engine.service.list().filter((status) => namespaces.includes(status.namespace));
    expect(before.length).toBeGreaterThanOrEqual(6);
    const key = before[0]!.key;
    const transitions = engine.service.history(key);

    await engine.close(true);
    engine = await startEngine(kubeconfigPath, 'sandbox-admin', { dataDir: engine.dataDir });
    expect(engine.service.history(key).slice(0, transitions.length)).toEqual(transitions);
    expect(engine.service.current(key)?.phase).toBe(before[0]!.phase);
  });
});

describe('status engine when a context leaves the kubeconfigs', () => {
  it('expires the instances of a removed context', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'kfd-status-context-'));
    const copy = path.join(folder, 'kubeconfig');
    const original = await readFile(kubeconfigPath, 'utf8');
    await writeFile(copy, original, { mode: 0o600 });
    const namespace = await createTestNamespace(admin, 'st-context');
    const engine = await startEngine(copy, 'sandbox-admin');
    try {
      await installInstance(admin, copy, { namespace, name: 'gone' }, [
        { object: configMap(namespace, 'settings'), component: 'jupyter' },
      ]);
      const key = instanceKey(engine.contextId, namespace, 'gone');
      await waitForPhase(engine.service, key, ['Active']);

      // The kubeconfig service emits this list when a watched file changes; the test emits it itself.
      const document = YAML.parse(original) as {
        contexts: { name: string }[];
        'current-context': string;
      };
      for (const context of document.contexts) {
        if (context.name === 'sandbox-admin') context.name = 'renamed-admin';
      }
      document['current-context'] = 'renamed-admin';
      await writeFile(copy, YAML.stringify(document), { mode: 0o600 });
      engine.hub.emit('kube.contextsChanged', await engine.kube.listContexts());

      const expired = await waitForPhase(engine.service, key, ['Expired']);
      expect(expired.reason).toContain('removed from every kubeconfig');
      expect(engine.service.history(key).at(-1)?.name).toBe('context-removed');
    } finally {
      await engine.close();
      await deleteNamespace(admin, namespace);
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('status engine for a user without rights', () => {
  it('reports the rejected watches', async () => {
    const engine = await startEngine(kubeconfigPath, 'sandbox-alice');
    try {
      const cluster = await eventually('a rejected watch', async () => {
        const found = engine.service.clusters()[0];
        return found?.error ? found : undefined;
      });
      expect(cluster.error).toContain('HTTP 403');
      expect(cluster.reachable).toBe(true);
      expect(engine.service.list()).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});
