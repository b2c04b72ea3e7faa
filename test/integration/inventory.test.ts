import { randomBytes } from 'node:crypto';

import { CoreV1Api, type V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, describe, expect, inject, it } from 'vitest';

import { silentLogger } from '../../main/log';
import { encodeRecord } from '../../main/provision/instance-record';
import {
  createInventoryRecorder,
  deleteRecord,
  listRecords,
  readRecord,
  writeRecord,
} from '../../main/provision/inventory';
import { AppError } from '../../shared/errors';
import {
  newInstanceRecord,
  type InstanceRecord,
  type InventoryEntry,
} from '../../shared/provision/instance';
import { deleteNamespace, eventually, kubeConfigFor } from '../kube-helpers';

const kubeconfig = inject('sandboxKubeconfig');
const admin = kubeConfigFor(kubeconfig, 'sandbox-admin');
const alice = kubeConfigFor(kubeconfig, 'sandbox-alice');
const core = admin.makeApiClient(CoreV1Api);
const options = { log: silentLogger };

const namespaces: string[] = [];

/** Returns a namespace name that does not exist yet, so writeRecord creates it. */
function freshNamespace(): string {
  const name = `inventory-${randomBytes(4).toString('hex')}`;
  namespaces.push(name);
  return name;
}

afterAll(async () => {
  for (const namespace of namespaces) await deleteNamespace(admin, namespace);
});

/** Builds an entry with a long name, as CRDs and webhook configurations have, so 3 000 fill two chunks. */
function entry(index: number): InventoryEntry {
  const name = `object-${String(index).padStart(5, '0')}-${'x'.repeat(300)}`;
  return {
    ref: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'kubeflow', name },
    hash: `sha256:${String(index).padStart(64, '0')}`,
    component: 'pipelines',
    appliedAt: '2025-01-01T00:00:00.000Z',
  };
}

function recordWith(namespace: string, count: number, name = 'team'): InstanceRecord {
  const record = newInstanceRecord({
    name,
    namespace,
    release: '1.10.0',
    serviceType: 'serving',
    context: { source: kubeconfig, name: 'sandbox-admin' },
    owners: ['alice@example.com'],
    manifestSource: { kind: 'sandbox-simulation', path: null, tag: null },
  });
  record.inventory = Array.from({ length: count }, (_, index) => entry(index));
  return record;
}

async function configMapsOf(namespace: string, instance = 'team'): Promise<V1ConfigMap[]> {
  const list = await core.listNamespacedConfigMap({
    namespace,
    labelSelector: `kubeflow-desktop.io/instance=${instance}`,
  });
  return list.items;
}

/** Drops the content hash that ends a chunk's name, so names read as head and chunk positions. */
const withoutHash = (name: string) => name.replace(/-[0-9a-f]{12}$/, '');

async function namesOf(namespace: string, instance = 'team'): Promise<string[]> {
  return (await configMapsOf(namespace, instance))
    .map((item) => withoutHash(item.metadata?.name ?? ''))
    .sort();
}

/** Returns the full name of the chunk at a position, content hash included. */
async function chunkNameAt(namespace: string, position: number): Promise<string> {
  const names = (await configMapsOf(namespace, 'team')).map((item) => item.metadata?.name ?? '');
  const name = names.find((candidate) => withoutHash(candidate).endsWith(`-inventory-${position}`));
  if (!name) throw new Error(`no chunk ${position} in ${namespace}`);
  return name;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('instance record store', () => {
  it('writes and reads 3 000 entries', async () => {
    const namespace = freshNamespace();
    const record = recordWith(namespace, 3000);

    const written = await writeRecord(admin, record, options);
    const read = await readRecord(admin, namespace, 'team', options);

    expect(written.chunks).toBe(2);
    expect(read).toEqual(record);
    expect(await namesOf(namespace)).toEqual([
      'kubeflow-desktop-team',
      'kubeflow-desktop-team-inventory-0',
      'kubeflow-desktop-team-inventory-1',
    ]);
  });

  it('labels the head', async () => {
    const namespace = freshNamespace();
    await writeRecord(admin, recordWith(namespace, 1), options);

    const head = await core.readNamespacedConfigMap({ name: 'kubeflow-desktop-team', namespace });

    expect(head.metadata?.labels).toEqual({
      'app.kubernetes.io/managed-by': 'kubeflow-desktop',
      'kubeflow-desktop.io/instance': 'team',
      'kubeflow-desktop.io/part': 'head',
    });
    expect(head.metadata?.managedFields?.[0]?.manager).toBe('kubeflow-desktop');
    expect(head.metadata?.managedFields?.[0]?.operation).toBe('Apply');
  });

  it('rewrites idempotently', async () => {
    const namespace = freshNamespace();
    const record = recordWith(namespace, 3000);
    await writeRecord(admin, record, options);
    const before = await configMapsOf(namespace);

    await writeRecord(admin, record, options);
    const after = await configMapsOf(namespace);

    const versions = (items: V1ConfigMap[]) =>
      items.map((item) => `${item.metadata?.name}@${item.metadata?.resourceVersion}`).sort();
    expect(versions(after)).toEqual(versions(before));
  });

  it('removes extra chunks', async () => {
    const namespace = freshNamespace();
    await writeRecord(admin, recordWith(namespace, 3000), options);
    const shorter = recordWith(namespace, 10);

    const written = await writeRecord(admin, shorter, options);

    // Both old chunks go: the first one's content changed, so it has a new name.
    expect(written.removedChunks.map(withoutHash).sort()).toEqual([
      'kubeflow-desktop-team-inventory-0',
      'kubeflow-desktop-team-inventory-1',
    ]);
    expect(await namesOf(namespace)).toEqual([
      'kubeflow-desktop-team',
      'kubeflow-desktop-team-inventory-0',
    ]);
    expect(await readRecord(admin, namespace, 'team', options)).toEqual(shorter);
  });

  it('removes all chunks when emptied', async () => {
    const namespace = freshNamespace();
    await writeRecord(admin, recordWith(namespace, 3000), options);

    await writeRecord(admin, recordWith(namespace, 0), options);

    expect(await namesOf(namespace)).toEqual(['kubeflow-desktop-team']);
    expect((await readRecord(admin, namespace, 'team', options)).inventory).toEqual([]);
  });

  it('lists records in two namespaces', async () => {
    const first = freshNamespace();
    const second = freshNamespace();
    await writeRecord(admin, recordWith(first, 5, 'alpha'), options);
    await writeRecord(admin, recordWith(second, 3000, 'beta'), options);

    const listed = await listRecords(admin, options);

    const ours = listed.records.filter((record) => [first, second].includes(record.spec.namespace));
    const names = ours.map((record) => `${record.spec.namespace}/${record.spec.name}`);
    expect(names).toEqual([`${first}/alpha`, `${second}/beta`].sort());
    const beta = ours.find((record) => record.spec.name === 'beta');
    expect(beta?.inventory).toHaveLength(3000);
  });

  it('lists a damaged record as failure', async () => {
    const namespace = freshNamespace();
    await writeRecord(admin, recordWith(namespace, 5), options);
    await core.deleteNamespacedConfigMap({ name: await chunkNameAt(namespace, 0), namespace });

    const listed = await listRecords(admin, options);

    const failure = listed.failures.find((item) => item.namespace === namespace);
    expect(failure?.instance).toBe('team');
    expect(failure?.error.code).toBe('recordChunkMissing');
    expect(listed.records.some((record) => record.spec.namespace === namespace)).toBe(false);
  });

  it('names a changed chunk', async () => {
    const namespace = freshNamespace();
    await writeRecord(admin, recordWith(namespace, 3000), options);
    const name = await chunkNameAt(namespace, 1);
    const chunk = await core.readNamespacedConfigMap({ name, namespace });
    chunk.data = { entries: chunk.data!['entries']!.replace('pipelines', 'katib') };
    await core.replaceNamespacedConfigMap({ name, namespace, body: chunk });

    const error = await rejection(readRecord(admin, namespace, 'team', options));

    expect(error.code).toBe('recordChecksumMismatch');
    expect(error.params['configMap']).toBe(name);
    expect(error.message).toContain(`ConfigMap ${name} in namespace ${namespace}`);
  });

  it('reads the previous record after a write that stopped before the head', async () => {
    const namespace = freshNamespace();
    const first = recordWith(namespace, 3000);
    await writeRecord(admin, first, options);

    // A process killed mid-write has applied the new chunks but not the head.
    const next = { ...recordWith(namespace, 3001), generation: first.generation + 1 };
    for (const chunk of encodeRecord(next).chunks) {
      await core.createNamespacedConfigMap({ namespace, body: chunk }).catch(() => undefined);
    }

    expect(await readRecord(admin, namespace, 'team', options)).toEqual(first);
    await writeRecord(admin, next, options);
    expect(await readRecord(admin, namespace, 'team', options)).toEqual(next);
    expect((await namesOf(namespace)).filter((name) => name.includes('inventory'))).toHaveLength(2);
  });

  it('names a missing chunk', async () => {
    const namespace = freshNamespace();
    await writeRecord(admin, recordWith(namespace, 3000), options);
    const name = await chunkNameAt(namespace, 0);
    await core.deleteNamespacedConfigMap({ name, namespace });

    const error = await rejection(readRecord(admin, namespace, 'team', options));

    expect(error.kind).toBe('not-found');
    expect(error.code).toBe('recordChunkMissing');
    expect(error.message).toContain(name);
  });

  it('reports a missing record', async () => {
    const namespace = freshNamespace();

    const error = await rejection(readRecord(admin, namespace, 'team', options));

    expect(error.kind).toBe('not-found');
    expect(error.code).toBe('recordNotFound');
  });

  it('deletes head and chunks', async () => {
    const namespace = freshNamespace();
    await writeRecord(admin, recordWith(namespace, 3000), options);

    const existed = await deleteRecord(admin, namespace, 'team', options);
    const again = await deleteRecord(admin, namespace, 'team', options);

    expect(existed).toBe(true);
    expect(again).toBe(false);
    expect(await namesOf(namespace)).toEqual([]);
  });

  it('rejects alice as forbidden', async () => {
    const namespace = freshNamespace();

    const error = await rejection(writeRecord(alice, recordWith(namespace, 10), options));

    expect(error.kind).toBe('forbidden');
    const read = core.readNamespace({ name: namespace });
    await expect(read).rejects.toMatchObject({ code: 404 });
  });

  it('rejects alice in an existing namespace', async () => {
    const namespace = freshNamespace();
    await core.createNamespace({ body: { metadata: { name: namespace } } });

    const error = await rejection(writeRecord(alice, recordWith(namespace, 10), options));

    expect(error.kind).toBe('forbidden');
    expect(await namesOf(namespace)).toEqual([]);
  });
});

describe('inventory recorder', () => {
  it('flushes full batches', async () => {
    const namespace = freshNamespace();
    const record = recordWith(namespace, 0);
    await writeRecord(admin, record, options);
    const recorder = createInventoryRecorder(admin, record, {
      ...options,
      flushEvery: { entries: 50, intervalMs: 600_000 },
    });

    for (let index = 0; index < 120; index++) await recorder.record(entry(index));

    expect(recorder.waiting).toBe(20);
    expect(recorder.written.generation).toBe(3);
    const read = await readRecord(admin, namespace, 'team', options);
    expect(read.inventory).toEqual(recordWith(namespace, 100).inventory);
    expect(read.generation).toBe(3);

    await recorder.close();
    const closed = await readRecord(admin, namespace, 'team', options);
    expect(closed.inventory).toHaveLength(120);
    expect(closed.generation).toBe(4);
  });

  it('keeps flushed entries without close', async () => {
    const namespace = freshNamespace();
    const record = recordWith(namespace, 0);
    await writeRecord(admin, record, options);
    const recorder = createInventoryRecorder(admin, record, {
      ...options,
      flushEvery: { entries: 50, intervalMs: 600_000 },
    });

    for (let index = 0; index < 75; index++) await recorder.record(entry(index));
    // The process stops here without close: a new reader sees every flushed entry.
    const read = await readRecord(admin, namespace, 'team', options);

    expect(read.inventory).toEqual(recordWith(namespace, 50).inventory);
    expect(read.status.phase).toBe('Creating');
  });

  it('flushes after the interval', async () => {
    const namespace = freshNamespace();
    const record = recordWith(namespace, 0);
    await writeRecord(admin, record, options);
    const recorder = createInventoryRecorder(admin, record, {
      ...options,
      flushEvery: { entries: 50, intervalMs: 300 },
    });

    for (let index = 0; index < 3; index++) await recorder.record(entry(index));

    await eventually('the timer flush', () =>
      Promise.resolve(recorder.waiting === 0 ? true : undefined),
    );
    const read = await readRecord(admin, namespace, 'team', options);
    expect(read.inventory).toHaveLength(3);
    expect(read.generation).toBe(2);
    await recorder.close();
  });

  it('replaces a re-applied object', async () => {
    const namespace = freshNamespace();
    const record = recordWith(namespace, 2);
    await writeRecord(admin, record, options);
    const recorder = createInventoryRecorder(admin, record, options);
    const changed = { ...entry(0), hash: `sha256:${'f'.repeat(64)}` };

    await recorder.record(changed);
    await recorder.close();

    const read = await readRecord(admin, namespace, 'team', options);
    expect(read.inventory).toEqual([changed, entry(1)]);
  });

  it('rejects record after close', async () => {
    const namespace = freshNamespace();
    const record = recordWith(namespace, 0);
    await writeRecord(admin, record, options);
    const recorder = createInventoryRecorder(admin, record, options);
    await recorder.close();

    const error = await rejection(recorder.record(entry(0)));

    expect(error.message).toContain('is closed');
  });

  it('keeps entries after a failed flush', async () => {
    const namespace = freshNamespace();
    const record = recordWith(namespace, 0);
    await writeRecord(admin, record, options);
    const forbidden = createInventoryRecorder(alice, record, {
      ...options,
      flushEvery: { entries: 2, intervalMs: 600_000 },
    });

    await forbidden.record(entry(0));
    const error = await rejection(forbidden.record(entry(1)));

    expect(error.kind).toBe('forbidden');
    expect(forbidden.waiting).toBe(2);
    expect(forbidden.written.generation).toBe(1);
    expect((await readRecord(admin, namespace, 'team', options)).inventory).toEqual([]);
  });
});
