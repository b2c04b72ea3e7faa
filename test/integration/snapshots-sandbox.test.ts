import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { AreaContext } from '../../main/area';
import { EventHub } from '../../main/ipc/event-hub';
import { KubeService } from '../../main/kube/kube-service';
import { silentLogger } from '../../main/log';
import { writeRecord } from '../../main/provision/inventory';
import { openCheckStore } from '../../main/store/check-store';
import { openSettingsStore } from '../../main/store/settings-store';
import { createSnapshotArea, type SnapshotArea } from '../../main/store/snapshot-area';
import { instanceKey } from '../../shared/provision/instance-key';
import { newInstanceRecord, type InstanceRecord } from '../../shared/provision/instance';
import { createTestNamespace, deleteNamespace, kubeConfigFor } from '../kube-helpers';

const kubeconfig = inject('sandboxKubeconfig');
const admin = kubeConfigFor(kubeconfig, 'sandbox-admin');

let dataDir = '';
let namespace = '';
let kube: KubeService;
let hub: EventHub;
let area: SnapshotArea;
let adminId = '';
let closedId = '';
const closers: (() => Promise<void> | void)[] = [];
const offlineEvents: unknown[] = [];

function record(phase: InstanceRecord['status']['phase'] = 'Active'): InstanceRecord {
  const base = newInstanceRecord(
    {
      name: 'snap',
      release: '1.10.0',
      serviceType: 'hpt',
      context: { source: kubeconfig, name: 'sandbox-admin' },
      namespace,
      owners: ['alice@example.com'],
      manifestSource: { kind: 'sandbox-simulation', path: null, tag: null },
    },
    new Date('2026-11-02T09:00:00.000Z'),
  );
  return {
    ...base,
    status: {
      phase,
      reason: phase === 'Failed' ? 'katib-controller crashed' : null,
      updatedAt: new Date().toISOString(),
    },
    inventory: [
      {
        ref: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'kubeflow',
          name: 'katib-controller',
        },
        hash: 'sha256:1',
        component: 'katib',
        appliedAt: '2026-11-02T09:10:00.000Z',
      },
    ],
  };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-snapshots-it-'));
  // A context whose server is a closed port on this machine, to see a cluster that cannot be reached.
  const closed = path.join(dataDir, 'closed.yaml');
  await writeFile(
    closed,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: closed, cluster: {server: "https://127.0.0.1:1"}}]',
      'users: [{name: nobody, user: {username: x, password: generated-at-run-time}}]',
      'contexts: [{name: closed, context: {cluster: closed, user: nobody}}]',
      'current-context: closed',
    ].join('\n'),
  );
  hub = new EventHub(silentLogger);
  hub.subscribe((event, payload) => {
    if (event === 'offline.changed') offlineEvents.push(payload);
  });
  kube = new KubeService({
    baseSources: [
      { path: kubeconfig, origin: 'added' },
      { path: closed, origin: 'added' },
    ],
    dataDir,
    settings: openSettingsStore(dataDir, silentLogger),
    checks: openCheckStore(dataDir, silentLogger),
    vault: null,
    hub,
    log: silentLogger,
    live: false,
  });
  await kube.start();
  const { contexts } = await kube.listContexts();
  adminId = contexts.find((item) => item.ref.name === 'sandbox-admin')?.id ?? '';
  closedId = contexts.find((item) => item.ref.name === 'closed')?.id ?? '';

  namespace = await createTestNamespace(admin, 'kfd-snap');
  await writeRecord(admin, record());

  const context: AreaContext = {
    shell: 'web',
    dataDir,
    kube,
    hub,
    log: silentLogger,
    onClose: (stop) => closers.push(stop),
  };
  area = createSnapshotArea(context);
  await area.ready;
}, 60_000);

afterAll(async () => {
  for (const stop of closers.reverse()) await stop();
  await kube?.close();
  await deleteNamespace(admin, namespace);
  await rm(dataDir, { recursive: true, force: true });
});

describe('snapshot area on the sandbox', () => {
  it('snapshots an instance from its record', async () => {
    const key = instanceKey(adminId, namespace, 'snap');

    const meta = await area.handlers['snapshots.create']({ instanceKey: key, note: 'first' });
    const snapshot = await area.handlers['snapshots.get']({ id: meta.id });

    expect(meta.origin).toMatchObject({ contextName: 'sandbox-admin', namespace, name: 'snap' });
    expect(snapshot.sections.instance?.objectsByComponent).toEqual({ katib: 1 });
    expect(snapshot.sections.status?.phase).toBe('Active');
    expect(snapshot.sections.status?.components[0]).toMatchObject({ id: 'katib', objectCount: 1 });
    expect(snapshot.sections.access).toBeNull();
  });

  it('compares with the live cluster', async () => {
    const key = instanceKey(adminId, namespace, 'snap');
    const meta = await area.handlers['snapshots.create']({
      instanceKey: key,
      note: 'before failure',
    });
    await writeRecord(admin, { ...record('Failed'), generation: 2 });

    const comparison = await area.handlers['snapshots.compare']({
      id: meta.id,
      against: { kind: 'live' },
    });

    expect(comparison.entries).toContainEqual({
      section: 'status',
      change: 'changed',
      key: 'phase',
      before: 'Active',
      after: 'Failed',
    });
  });

  it('keeps last-known data', async () => {
    const key = instanceKey(adminId, namespace, 'snap');

    const known = await area.handlers['snapshots.lastKnown']({ instanceKey: key });
    const list = await area.handlers['snapshots.list']({ instanceKey: key });

    expect(known?.sections.status?.phase).toBe('Failed');
    expect(list.instances.find((entry) => entry.origin.instanceKey === key)?.snapshotCount).toBe(2);
    expect(list.storeBytes).toBeGreaterThan(0);
  });

  it('marks an unreachable cluster offline', async () => {
    const key = instanceKey(closedId, 'kubeflow', 'gone');

    await expect(
      area.handlers['snapshots.create']({ instanceKey: key, note: '' }),
    ).rejects.toMatchObject({
      kind: 'unreachable',
    });

    const state = await area.handlers['offline.get']({});
    expect(state.unreachable.map((item) => item.contextId)).toEqual([closedId]);
    expect(offlineEvents.at(-1)).toEqual(state);
  });

  it('rejects reads in offline mode', async () => {
    const key = instanceKey(adminId, namespace, 'snap');
    await area.handlers['offline.set']({ forced: true });

    try {
      await expect(
        area.handlers['snapshots.create']({ instanceKey: key, note: '' }),
      ).rejects.toMatchObject({
        code: 'offlineModeOn',
      });
      expect((await area.handlers['offline.get']({})).forced).toBe(true);
    } finally {
      await area.handlers['offline.set']({ forced: false });
    }
  });
});
