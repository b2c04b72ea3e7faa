import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { instanceKey } from '../../shared/provision/instance-key';
import type { InstanceStatusView } from '../../shared/status/schemas';
import { startFaultProxy, type FaultProxy } from '../fault-proxy';
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
const core = admin.makeApiClient(CoreV1Api);
const jupyterImage = 'ghcr.io/kubeflow/kubeflow/jupyter-web-app:v1.10.0';

/** The sandbox's PKI folder: the kubeconfig lies in the sandbox data folder, beside the primary cluster's folder. */
const pkiDir = path.join(path.dirname(kubeconfigPath), 'sandbox', 'pki');

const comparable = (status: InstanceStatusView) => JSON.stringify({ ...status, observedAt: '' });

describe('status engine behind a fault proxy', () => {
  let proxy: FaultProxy;
  let engine: EngineHarness;
  let folder: string;
  let namespace: string;
  let key: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'kfd-faults-'));
    proxy = await startFaultProxy(admin.getCurrentCluster()!.server, pkiDir);
    const proxied = path.join(folder, 'kubeconfig');
    await proxy.writeKubeconfig(kubeconfigPath, proxied, admin.getCurrentCluster()!.server);

    namespace = await createTestNamespace(admin, 'st-faults');
    const name = `inst-${namespace.slice(-8)}`;
    await installInstance(admin, kubeconfigPath, { namespace, name }, [
      {
        object: deployment(namespace, 'jupyter-web-app-deployment', jupyterImage),
        component: 'jupyter',
      },
      { object: configMap(namespace, 'jupyter-settings'), component: 'jupyter' },
    ]);

    engine = await startEngine(proxied, 'sandbox-admin', {
      lifecycle: { failureGraceMs: 10 * 60_000 },
      timing: { silenceMs: 2_000, backoffBaseMs: 100, backoffMaxMs: 1_000 },
    });
    key = instanceKey(engine.contextId, namespace, name);
    await waitForPhase(engine.service, key, ['Active']);
  });

  afterAll(async () => {
    await engine?.close();
    await proxy?.close();
    await deleteNamespace(admin, namespace);
    await rm(folder, { recursive: true, force: true });
  });

  const settingsMissing = () =>
    eventually('the missing ConfigMap in the status', async () =>
      engine.service.current(key)?.reason?.includes('jupyter-settings') ? true : undefined,
    );
  const settingsBack = () =>
    eventually('the restored ConfigMap in the status', async () => {
      const status = engine.service.current(key);
      return status?.phase === 'Active' &&
        status.reason === null &&
        status.unreachableSince === null
        ? true
        : undefined;
    });
  const deleteSettings = () =>
    core.deleteNamespacedConfigMap({ name: 'jupyter-settings', namespace });
  const createSettings = () =>
    core.createNamespacedConfigMap({ namespace, body: configMap(namespace, 'jupyter-settings') });

  it('resumes after connections reset mid-stream', async () => {
    const before = engine.service.monitorOf(engine.contextId)!.stats;
    proxy.resetConnections();
    await deleteSettings();
    await settingsMissing();
    const after = engine.service.monitorOf(engine.contextId)!.stats;
    expect(after.reconnects).toBeGreaterThan(before.reconnects);
  });

  it('lists again after a 410 inside a watch stream', async () => {
    const before = engine.service.monitorOf(engine.contextId)!.stats;
    expect(proxy.injectGone()).toBeGreaterThan(0);
    await createSettings();
    await settingsBack();
    await eventually('re-lists after the 410', async () =>
      engine.service.monitorOf(engine.contextId)!.stats.relists > before.relists ? true : undefined,
    );
  });

  it('restarts a stalled stream', async () => {
    proxy.stallStreams();
    await deleteSettings();
    await settingsMissing();
  });

  it('waits out a burst of 429s', async () => {
    proxy.rejectNext(20);
    proxy.resetConnections();
    await createSettings();
    await settingsBack();
    expect(proxy.counts.rejected).toBeGreaterThan(0);
  });

  it('ends with the right status and no duplicate events', async () => {
    const status = engine.service.current(key)!;
    expect(status.phase).toBe('Active');
    expect(status.faults).toEqual([]);

    const mine = engine.changes.filter((change) => change.key === key);
    const repeats = mine.filter(
      (change, index) => index > 0 && comparable(change) === comparable(mine[index - 1]!),
    );
    expect(repeats).toEqual([]);
    const phases = engine.service.history(key).map((transition) => transition.to);
    expect(phases).toEqual(['Creating', 'Active']);
  });
});
