import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { applyPlan } from '../../main/provision/apply-engine';
import { planApply } from '../../main/provision/apply-plan';
import { writeRecord } from '../../main/provision/inventory';
import {
  discoverCluster,
  parseManifests,
  validateAgainstCluster,
} from '../../main/provision/manifest-parser';
import { generateSandboxBundle } from '../../main/provision/sandbox-bundle';
import { start, type SandboxHandle } from '../../sandbox/sandbox';
import { newInstanceRecord } from '../../shared/provision/instance';
import { instanceKey } from '../../shared/provision/instance-key';
import { eventually, kubeConfigFor } from '../kube-helpers';
import { startEngine, waitForPhase, type EngineHarness } from './status-harness';

// The bundle has fixed names (namespace kubeflow, cluster-scoped CRDs), and stopping an API
// server would break the shared sandbox, so this file starts its own.
describe('status engine on the sandbox simulation bundle', () => {
  let sandbox: SandboxHandle;
  let engine: EngineHarness;
  let key: string;

  beforeAll(async () => {
    sandbox = await start({ binDir: inject('sandboxBinDir'), secondCluster: false, log: () => {} });
    const admin = kubeConfigFor(sandbox.kubeconfigPath, 'sandbox-admin');
    engine = await startEngine(sandbox.kubeconfigPath, 'sandbox-admin', {
      timing: { backoffBaseMs: 200, backoffMaxMs: 2_000 },
    });
    key = instanceKey(engine.contextId, 'kubeflow', 'bundle');

    // The provisioning service writes the record as Creating before it applies anything.
    const record = newInstanceRecord({
      name: 'bundle',
      release: '1.10.0',
      serviceType: 'essential',
      context: { source: sandbox.kubeconfigPath, name: 'sandbox-admin' },
      owners: ['alice@example.com'],
      manifestSource: { kind: 'sandbox-simulation', path: null, tag: null },
    });
    await writeRecord(admin, record);
    await waitForPhase(engine.service, key, ['Creating']);

    const bundle = generateSandboxBundle('1.10.0', 'essential', {
      ownerEmail: 'alice@example.com',
    });
    const parsed = parseManifests([{ file: 'bundle.yaml', text: bundle.yaml }]);
    const target = { server: admin.getCurrentCluster()!.server, user: 'sandbox-admin' };
    const discovery = await discoverCluster(admin, { target });
    const plan = planApply(validateAgainstCluster(parsed.objects, discovery).objects);
    const applied = await applyPlan(plan, { config: admin, target, readinessTimeoutMs: 90_000 });
    const now = new Date().toISOString();
    await writeRecord(admin, {
      ...record,
      inventory: applied.applied.map((entry) => ({
        ref: entry.ref,
        hash: entry.hash,
        component: entry.component,
        appliedAt: now,
      })),
      updatedAt: now,
      generation: 2,
    });
  });

  it('goes Creating to Active as kwok starts the pods', async () => {
    const active = await waitForPhase(engine.service, key, ['Active'], 90_000);
    const judged = active.components.filter((component) => component.objects > 0);
    expect(judged.length).toBeGreaterThan(5);
    for (const component of judged) expect(['Healthy', 'Present']).toContain(component.health);
    const pipelines = active.components.find((component) => component.id === 'pipelines');
    expect(pipelines?.observedVersion).toBe(pipelines?.expectedVersion);
    expect(active.components.flatMap((component) => component.drift)).toEqual([]);
    expect(engine.service.history(key).map((transition) => transition.name)).toEqual([
      'observed',
      'all-healthy',
    ]);
  });

  afterAll(async () => {
    await engine?.close();
    await sandbox?.stop();
  });

  it('keeps the last status with unreachable since', async () => {
    await waitForPhase(engine.service, key, ['Active'], 90_000);
    await sandbox.primary.stopApiServer();
    const status = await eventually('an unreachable status', async () => {
      const current = engine.service.current(key);
      return current?.unreachableSince ? current : undefined;
    });
    expect(status.phase).toBe('Active');
    expect(status.components.find((component) => component.id === 'pipelines')?.health).toBe(
      'Healthy',
    );
    expect(engine.service.clusters()[0]?.reachable).toBe(false);
  });

  it('resumes the watches without a re-list storm', async () => {
    const monitor = engine.service.monitorOf(engine.contextId)!;
    const before = monitor.stats;
    const requestsBefore = monitor.transport.counts.requests;

    await sandbox.primary.startApiServer();
    await eventually('a reachable status', async () =>
      engine.service.current(key)?.unreachableSince === null ? true : undefined,
    );
    // Give every watch time to reconnect.
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const after = monitor.stats;
    const lists = after.lists - before.lists;
    expect(after.reconnects).toBeGreaterThan(before.reconnects);
    // A watch lists again only when its resourceVersion left the server's history; never more than once per watch.
    expect(lists).toBeLessThanOrEqual(monitor.watchCount);
    expect(monitor.transport.counts.requests - requestsBefore).toBeLessThanOrEqual(
      monitor.watchCount,
    );
    expect(engine.service.current(key)?.phase).toBe('Active');
    expect(engine.service.history(key).map((transition) => transition.name)).toEqual([
      'observed',
      'all-healthy',
    ]);
  });
});
