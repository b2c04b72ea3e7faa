// Installs the generated 1.10.0 serving bundle into a private sandbox and
// deletes it. The bundle uses fixed names (namespace kubeflow, cluster-wide
// CRDs and ClusterRoles), so it must not touch the shared sandbox.

import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { silentLogger } from '../../main/log';
import {
  deleteInstance,
  deleteObjects,
  deletePhaseNames,
  type DeleteInstanceResult,
  type DeleteProgressEvent,
} from '../../main/provision/delete-engine';
import { listRecords } from '../../main/provision/inventory';
import { formatRef } from '../../main/provision/object-ref';
import { generateSandboxBundle } from '../../main/provision/sandbox-bundle';
import type { InstanceRecord, InventoryEntry } from '../../shared/provision/instance';
import { start, type SandboxHandle } from '../../sandbox/sandbox';
import { createTestNamespace, deleteNamespace, kubeConfigFor } from '../kube-helpers';
import { installInstance, sandboxKubectl } from './install-instance';

const binDir = inject('sandboxBinDir');
const hold = 'kubeflow-desktop.test/hold';

let sandbox: SandboxHandle;
let admin: KubeConfig;

const { run: kubectl, exists } = sandboxKubectl(binDir, () => sandbox.kubeconfigPath);

const target = () => ({ server: admin.getCurrentCluster()?.server ?? '', user: 'sandbox-admin' });

describe('deleteInstance on the 1.10.0 serving bundle', () => {
  const generated = generateSandboxBundle('1.10.0', 'serving', { ownerEmail: 'alice@example.com' });
  const bundle = { objects: generated.objects };
  const preexistingNamespace = bundle.objects.find(
    (object) => object.kind === 'Namespace' && object.metadata.name !== 'kubeflow',
  )!;
  // A role without aggregationRule, whose rules the aggregation controller does not own.
  const preexistingRole = bundle.objects.find(
    (object) => object.kind === 'ClusterRole' && object.aggregationRule === undefined,
  )!;
  const heldConfigMap = bundle.objects.find(
    (object) => object.kind === 'ConfigMap' && object.metadata.namespace === 'kubeflow',
  )!;
  let record: InstanceRecord;
  let first: DeleteInstanceResult;

  afterAll(async () => {
    await sandbox?.stop();
  });
  const events: DeleteProgressEvent[] = [];

  beforeAll(async () => {
    sandbox = await start({ secondCluster: false, binDir, log: () => undefined });
    admin = kubeConfigFor(sandbox.kubeconfigPath, 'sandbox-admin');
    // Another tool created these two before the app, with the same content, so no field conflicts.
    await kubectl(
      ['apply', '--server-side', '--field-manager', 'admin-tool', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [preexistingNamespace, preexistingRole],
      }),
    );
    record = await installInstance(admin, sandbox.kubeconfigPath, bundle.objects);
  });

  it('records which objects the app created', () => {
    expect(record.inventory).toHaveLength(bundle.objects.length);
    const notCreated = record.inventory.filter((entry) => entry.created !== true);
    expect(notCreated.map((entry) => formatRef(entry.ref)).sort()).toEqual(
      [
        `Namespace ${preexistingNamespace.metadata.name}`,
        `ClusterRole ${preexistingRole.metadata.name}`,
      ].sort(),
    );
    expect(record.inventory.every((entry) => typeof entry.uid === 'string')).toBe(true);
  });

  it('reports a stuck finalizer', { timeout: 180_000 }, async () => {
    await kubectl([
      'patch',
      'configmap',
      heldConfigMap.metadata.name,
      '-n',
      'kubeflow',
      '--type=merge',
      '-p',
      JSON.stringify({ metadata: { finalizers: [hold] } }),
    ]);

    const started = Date.now();
    first = await deleteInstance(admin, record, {
      target: target(),
      deadlineMs: 60_000,
      phaseWaitMs: 10_000,
      log: silentLogger,
      onProgress: (event) => events.push(event),
    });
    const elapsed = Date.now() - started;

    expect(first.status).toBe('stuck');
    expect(elapsed).toBeGreaterThanOrEqual(60_000);
    expect(elapsed).toBeLessThan(90_000);
    const stuckConfigMap = first.stuck.find((stuck) => stuck.ref.kind === 'ConfigMap');
    expect(stuckConfigMap?.ref.name).toBe(heldConfigMap.metadata.name);
    expect(stuckConfigMap?.finalizers).toEqual([hold]);
    expect(stuckConfigMap?.deletionTimestamp).not.toBeNull();

    const stuckNamespace = first.stuck.find(
      (stuck) => stuck.ref.kind === 'Namespace' && stuck.ref.name === 'kubeflow',
    );
    expect(stuckNamespace?.deletionTimestamp).not.toBeNull();
    const conditionTypes = stuckNamespace?.conditions.map((condition) => condition.type) ?? [];
    expect(conditionTypes, stuckNamespace?.detail).toContain('NamespaceFinalizersRemaining');
    expect(stuckNamespace?.detail).toContain(hold);
    // Everything but the held ConfigMap and its namespace is gone by the deadline.
    const others = first.stuck.filter(
      (stuck) => stuck !== stuckConfigMap && stuck !== stuckNamespace,
    );
    expect(others.map((stuck) => stuck.detail)).toEqual([]);

    expect(first.record.status.phase).toBe('Terminating');
    expect(first.record.status.reason).toContain(hold);
  });

  it('deletes phase by phase', () => {
    const phaseIndexes = events.map((event) => deletePhaseNames.indexOf(event.phase));
    const firstOfPhase = deletePhaseNames
      .map((_, index) => phaseIndexes.indexOf(index))
      .filter((position) => position >= 0);
    expect(firstOfPhase).toEqual([...firstOfPhase].sort((a, b) => a - b));
    expect(events.at(-1)?.total).toBe(bundle.objects.length);
    const skipped = first.skipped.map((entry) => [formatRef(entry.ref), entry.reason]);
    expect(skipped.sort()).toEqual(
      [
        [`ClusterRole ${preexistingRole.metadata.name}`, 'not-created'],
        [`Namespace ${preexistingNamespace.metadata.name}`, 'not-created'],
      ].sort(),
    );
  });

  it('finishes, keeping foreign objects', async () => {
    await kubectl([
      'patch',
      'configmap',
      heldConfigMap.metadata.name,
      '-n',
      'kubeflow',
      '--type=merge',
      '-p',
      JSON.stringify({ metadata: { finalizers: null } }),
    ]);

    const second = await deleteInstance(admin, first.record, {
      target: target(),
      deadlineMs: 120_000,
      log: silentLogger,
    });
    expect(second.stuck).toEqual([]);
    expect(second.status).toBe('completed');
    expect(second.record.status.phase).toBe('Terminated');

    const left: string[] = [];
    for (const entry of record.inventory) {
      if (entry.created === true && (await exists(entry.ref))) left.push(formatRef(entry.ref));
    }
    expect(left).toEqual([]);

    expect(
      await exists({
        apiVersion: 'v1',
        kind: 'Namespace',
        namespace: null,
        name: preexistingNamespace.metadata.name,
      }),
    ).toBe(true);
    expect(
      await exists({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        namespace: null,
        name: preexistingRole.metadata.name,
      }),
    ).toBe(true);
    expect((await listRecords(admin, { log: silentLogger })).records).toEqual([]);
  });
});

describe('deleteObjects on the shared sandbox', () => {
  const shared = kubeConfigFor(inject('sandboxKubeconfig'), 'sandbox-admin');
  const sharedTarget = { server: shared.getCurrentCluster()?.server ?? '', user: 'sandbox-admin' };
  const core = shared.makeApiClient(CoreV1Api);
  let namespace: string;
  let entries: InventoryEntry[];

  beforeAll(async () => {
    namespace = await createTestNamespace(shared, 'delete-objects');
    entries = [];
    for (let i = 0; i < 30; i++) {
      const created = await core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name: `item-${i}` }, data: { index: String(i) } },
        fieldManager: 'kubeflow-desktop',
      });
      entries.push({
        ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace, name: `item-${i}` },
        hash: 'h',
        component: 'test',
        appliedAt: new Date().toISOString(),
        created: true,
        uid: created.metadata?.uid ?? '',
      });
    }
  });
  afterAll(async () => {
    await deleteNamespace(shared, namespace);
  });

  const names = async () =>
    (await core.listNamespacedConfigMap({ namespace })).items
      .map((item) => item.metadata?.name ?? '')
      .filter((name) => name.startsWith('item-'))
      .sort();

  it('skips recreated, cancels, resumes', async () => {
    // Someone deletes and recreates item-0: its UID differs from the recorded one.
    await core.deleteNamespacedConfigMap({ name: 'item-0', namespace });
    await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'item-0' }, data: { owner: 'someone else' } },
    });

    const controller = new AbortController();
    const options = {
      config: shared,
      target: sharedTarget,
      concurrency: 2,
      log: silentLogger,
      signal: controller.signal,
      onProgress: (event: DeleteProgressEvent) => {
        if (event.done === 5) controller.abort();
      },
    };
    const partial = await deleteObjects(entries, options);
    expect(partial.status).toBe('cancelled');
    expect(partial.notHandled.length).toBeGreaterThan(0);
    const handled = entries.length - partial.notHandled.length;
    expect(handled).toBeGreaterThanOrEqual(5);
    expect(handled).toBeLessThan(entries.length);

    const resumed = await deleteObjects(entries, {
      ...options,
      signal: undefined,
      onProgress: undefined,
    });
    expect(resumed.status).toBe('completed');
    expect(resumed.skipped.map((skipped) => [skipped.ref.name, skipped.reason])).toEqual([
      ['item-0', 'replaced'],
    ]);
    expect(resumed.deleted.length + resumed.absent.length).toBe(entries.length - 1);
    expect(await names()).toEqual(['item-0']);
  });
});
