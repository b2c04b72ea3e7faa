import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { sampleSnapshot } from '../../shared/snapshots/sample-snapshot';
import { silentLogger } from '../log';
import { openSnapshotStore } from './snapshot-store';

let dataDir = '';
let folder = '';

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-snapshots-'));
  folder = path.join(dataDir, 'snapshots');
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const first = sampleSnapshot({ id: 'first-snapshot', takenAt: '2026-11-01T10:00:00.000Z' });
const second = sampleSnapshot({ id: 'second-snapshot', takenAt: '2026-11-02T10:00:00.000Z' });
const other = sampleSnapshot({
  id: 'other-snapshot',
  name: 'team-b',
  takenAt: '2026-11-03T10:00:00.000Z',
});

describe('openSnapshotStore', () => {
  it('round-trips snapshots across reopen', async () => {
    const store = await openSnapshotStore(dataDir, silentLogger);
    await store.add(first);
    await store.add(second);

    const reopened = await openSnapshotStore(dataDir, silentLogger);

    expect(reopened.list().map((meta) => meta.id)).toEqual(['second-snapshot', 'first-snapshot']);
    expect(await reopened.read('first-snapshot')).toEqual(first);
    expect(reopened.rebuiltIndex).toBe(false);
  });

  it('lists one instance', async () => {
    const store = await openSnapshotStore(dataDir, silentLogger);
    await store.add(first);
    await store.add(other);

    expect(store.list(other.origin.instanceKey).map((meta) => meta.id)).toEqual(['other-snapshot']);
  });

  it('never replaces a snapshot', async () => {
    const store = await openSnapshotStore(dataDir, silentLogger);
    await store.add(first);

    await expect(store.add({ ...first, note: 'changed' })).rejects.toMatchObject({
      code: 'EEXIST',
    });
    expect((await store.read(first.id))?.note).toBe(first.note);
  });

  it('deletes a snapshot file', async () => {
    const store = await openSnapshotStore(dataDir, silentLogger);
    await store.add(first);

    expect(await store.remove(first.id)).toBe(true);
    expect(await store.remove(first.id)).toBe(false);
    expect(await readdir(folder)).toEqual(['index.json']);
  });

  it('counts the size of its files', async () => {
    const store = await openSnapshotStore(dataDir, silentLogger);
    await store.add(first);

    const bytes = (await readFile(path.join(folder, 'first-snapshot.json'))).length;
    const index = (await readFile(path.join(folder, 'index.json'))).length;
    expect(store.sizeBytes()).toBe(bytes + index);
  });

  it('adds a body the index lacks', async () => {
    const store = await openSnapshotStore(dataDir, silentLogger);
    await store.add(first);
    await writeFile(path.join(folder, 'second-snapshot.json'), JSON.stringify(second));

    const reopened = await openSnapshotStore(dataDir, silentLogger);

    expect(reopened.list().map((meta) => meta.id)).toEqual(['second-snapshot', 'first-snapshot']);
  });

  it('drops an entry whose body is gone', async () => {
    const store = await openSnapshotStore(dataDir, silentLogger);
    await store.add(first);
    await store.add(second);
    await unlink(path.join(folder, 'first-snapshot.json'));

    const reopened = await openSnapshotStore(dataDir, silentLogger);

    expect(reopened.list().map((meta) => meta.id)).toEqual(['second-snapshot']);
  });

  it('rebuilds a corrupt index', async () => {
    const store = await openSnapshotStore(dataDir, silentLogger);
    await store.add(first);
    await writeFile(path.join(folder, 'index.json'), '{"indexVersion": 1, "snap');

    const reopened = await openSnapshotStore(dataDir, silentLogger);

    expect(reopened.rebuiltIndex).toBe(true);
    expect(reopened.list().map((meta) => meta.id)).toEqual(['first-snapshot']);
  });

  it('moves aside a corrupt body', async () => {
    await openSnapshotStore(dataDir, silentLogger);
    await writeFile(path.join(folder, 'broken-snapshot.json'), '{"formatVersion": 1,');
    await writeFile(path.join(folder, 'renamed-snapshot.json'), JSON.stringify(first));

    const store = await openSnapshotStore(dataDir, silentLogger);

    expect(store.list()).toEqual([]);
    expect(store.corrupt.map((item) => path.basename(item.path)).sort()).toEqual([
      'broken-snapshot.json',
      'renamed-snapshot.json',
    ]);
    const names = await readdir(folder);
    expect(names.filter((name) => name.includes('.corrupt-'))).toHaveLength(2);
  });

  it('ignores temporary files of an interrupted write', async () => {
    await openSnapshotStore(dataDir, silentLogger);
    await writeFile(path.join(folder, '.first-snapshot.json.abc123.tmp'), '{"half');

    const store = await openSnapshotStore(dataDir, silentLogger);

    expect(store.list()).toEqual([]);
    expect(store.corrupt).toEqual([]);
  });
});
