// The sources are in-memory here because the status and access areas that
// feed real snapshots are separate services; the record-backed source is
// tested against the sandbox cluster in test/integration/snapshots-sandbox.test.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AppError } from '../../shared/errors';
import { sampleSections, sampleSnapshot } from '../../shared/snapshots/sample-snapshot';
import type { SnapshotSections } from '../../shared/snapshots/schema';
import { formatSnapshotFile } from '../../shared/snapshots/snapshot-file';
import { silentLogger } from '../log';
import { openAppStore } from './app-store';
import { createOfflineTracker, type OfflineTracker } from './offline-state';
import { SnapshotService } from './snapshot-service';
import type { SnapshotSources } from './snapshot-sources';
import { openSnapshotStore } from './snapshot-store';

const origin = sampleSnapshot().origin;
const key = origin.instanceKey;

let dataDir = '';
let live: SnapshotSections;
let failure: Error | null;
let changes: (string | null)[];
let offline: OfflineTracker;
let clock: number;

const sources: SnapshotSources = {
  instance: async () => {
    if (failure) throw failure;
    return live.instance;
  },
  status: async () => live.status,
  access: async () => {
    throw new Error('access not loaded');
  },
  matrix: async () => live.matrix,
};

async function openService(): Promise<SnapshotService> {
  const appStore = openAppStore(dataDir, silentLogger);
  offline = createOfflineTracker(appStore);
  return new SnapshotService({
    store: await openSnapshotStore(dataDir, silentLogger),
    appStore,
    offline,
    sources,
    describe: async () => origin,
    changed: (instanceKey) => changes.push(instanceKey),
    offlineChanged: () => changes.push('offline'),
    log: silentLogger,
    now: () => new Date((clock += 60_000)),
  });
}

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-snapshot-service-'));
  live = sampleSections();
  failure = null;
  changes = [];
  clock = Date.parse('2026-11-02T10:00:00.000Z');
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('SnapshotService.create', () => {
  it('saves every section it could read', async () => {
    const service = await openService();

    const meta = await service.create(key, 'before upgrade');
    const snapshot = await service.get(meta.id);

    expect(snapshot.note).toBe('before upgrade');
    expect(snapshot.sections.instance).toEqual(live.instance);
    expect(snapshot.sections.access).toBeNull();
    expect(changes).toEqual([key]);
  });

  it('remembers the instance for offline use', async () => {
    const service = await openService();
    await service.create(key, '');

    const known = service.lastKnown(key);

    expect(known?.sections.status?.phase).toBe('Active');
    expect(known?.savedAt).toBe('2026-11-02T10:01:00.000Z');
  });

  it('marks an unreachable context offline', async () => {
    const service = await openService();
    failure = new AppError('unreachable', 'unreachable', 'connect ECONNREFUSED 127.0.0.1:6443', {});

    await expect(service.create(key, '')).rejects.toBe(failure);

    expect(offline.reasonFor(origin.contextId)).toBe('unreachable');
    failure = null;
    await service.create(key, '');
    expect(offline.reasonFor(origin.contextId)).toBeNull();
  });

  it('reads nothing in offline mode', async () => {
    const service = await openService();
    offline.setForced(true);

    await expect(service.create(key, '')).rejects.toMatchObject({ code: 'offlineModeOn' });
    expect(service.list().snapshots).toEqual([]);
  });

  it('keeps the retention count', async () => {
    const service = await openService();
    await service.setRetention(2);

    for (const note of ['one', 'two', 'three']) await service.create(key, note);

    expect(service.list(key).snapshots.map((meta) => meta.note)).toEqual(['three', 'two']);
  });

  it('deletes beyond a lowered retention', async () => {
    const service = await openService();
    for (const note of ['one', 'two', 'three']) await service.create(key, note);

    const deleted = await service.setRetention(1);

    expect(deleted).toBe(2);
    expect(service.list().snapshots.map((meta) => meta.note)).toEqual(['three']);
  });
});

describe('SnapshotService.onLifecycleChange', () => {
  it('takes one snapshot per phase', async () => {
    const service = await openService();

    const first = await service.onLifecycleChange(key, 'Active');
    const repeated = await service.onLifecycleChange(key, 'Active');

    expect(first?.trigger).toBe('lifecycle');
    expect(first?.phase).toBe('Active');
    expect(repeated).toBeNull();
  });

  it('logs a failed read instead of throwing', async () => {
    const service = await openService();
    failure = new AppError('timeout', 'timeout', 'timed out', {});

    await expect(service.onLifecycleChange(key, 'Failed')).resolves.toBeNull();
  });
});

describe('SnapshotService.compare', () => {
  it('compares with the live cluster', async () => {
    const service = await openService();
    const meta = await service.create(key, 'before');
    live = sampleSections({ katibVersion: 'v0.19.0' });

    const comparison = await service.compare(meta.id, { kind: 'live' });

    expect(comparison.after.label).toBe('live');
    expect(
      comparison.entries.map((entry) => `${entry.section} ${entry.change} ${entry.key}`),
    ).toEqual(['components changed katib']);
    expect(comparison.unavailable).toEqual(['users', 'groups', 'bindings']);
  });

  it('compares two snapshots', async () => {
    const service = await openService();
    const before = await service.create(key, 'before');
    live = {
      ...live,
      status: live.status && { ...live.status, phase: 'Failed', reason: 'katib crashed' },
    };
    const after = await service.create(key, 'after');

    const comparison = await service.compare(before.id, { kind: 'snapshot', id: after.id });

    expect(comparison.entries).toContainEqual({
      section: 'status',
      change: 'changed',
      key: 'phase',
      before: 'Active',
      after: 'Failed',
    });
  });

  it('names a missing snapshot', async () => {
    const service = await openService();

    await expect(service.compare('missing-snapshot', { kind: 'live' })).rejects.toMatchObject({
      code: 'snapshotNotFound',
      params: { id: 'missing-snapshot' },
    });
  });
});

describe('SnapshotService import and export', () => {
  it('round-trips an export', async () => {
    const service = await openService();
    const meta = await service.create(key, 'exported');
    const exported = await service.exportFile(meta.id, 'yaml');
    await service.remove(meta.id);

    const result = await service.importFile(exported.content, 'ask');

    expect(exported.fileName).toMatch(/^snapshot-kubeflow-team-a-.*\.yaml$/);
    expect(result).toMatchObject({
      status: 'imported',
      snapshot: { id: meta.id, note: 'exported' },
    });
  });

  it('asks before replacing', async () => {
    const service = await openService();
    const snapshot = sampleSnapshot();
    await service.importFile(formatSnapshotFile(snapshot, 'json'), 'ask');
    const changed = formatSnapshotFile({ ...snapshot, note: 'changed' }, 'json');

    const asked = await service.importFile(changed, 'ask');

    expect(asked).toMatchObject({
      status: 'clash',
      existing: { id: snapshot.id, note: snapshot.note },
    });
    expect((await service.get(snapshot.id)).note).toBe(snapshot.note);
  });

  it('keeps both on request', async () => {
    const service = await openService();
    const file = formatSnapshotFile(sampleSnapshot(), 'json');
    await service.importFile(file, 'ask');

    const result = await service.importFile(file, 'keep-both');

    expect(result.status).toBe('imported');
    expect(service.list().snapshots).toHaveLength(2);
  });

  it('replaces on request', async () => {
    const service = await openService();
    const snapshot = sampleSnapshot();
    await service.importFile(formatSnapshotFile(snapshot, 'json'), 'ask');

    await service.importFile(
      formatSnapshotFile({ ...snapshot, note: 'changed' }, 'json'),
      'replace',
    );

    expect(service.list().snapshots).toHaveLength(1);
    expect((await service.get(snapshot.id)).note).toBe('changed');
  });

  it('reports an invalid file with its line', async () => {
    const service = await openService();

    const result = await service.importFile(
      'kind: KubeflowDesktopSnapshot\nsnapshot: [1, 2\n',
      'ask',
    );

    expect(result).toMatchObject({ status: 'invalid', line: expect.any(Number) });
    expect(service.list().snapshots).toEqual([]);
  });
});

describe('SnapshotService.remember', () => {
  it('keeps sections other areas read', async () => {
    const service = await openService();
    await service.create(key, '');

    await service.remember(key, {
      access: {
        owners: [],
        users: [{ email: 'x@example.com', role: 'view' }],
        groups: [],
        bindings: [],
      },
    });

    const known = service.lastKnown(key);
    expect(known?.sections.access?.users).toEqual([{ email: 'x@example.com', role: 'view' }]);
    expect(known?.sections.instance).toEqual(live.instance);
  });
});
