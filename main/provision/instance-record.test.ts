import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { V1ConfigMap } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AppError } from '../../shared/errors';
import {
  inventoryKey,
  newInstanceRecord,
  type InstanceRecord,
  type InventoryEntry,
} from '../../shared/provision/instance';
import { createLogger } from '../log';
import {
  clusterKeyOf,
  dataBytes,
  decodeHead,
  decodeRecord,
  encodeRecord,
  loadLocalCopies,
  localCopyPath,
  maxChunkBytes,
  saveLocalCopy,
  splitInventory,
} from './instance-record';
import { refKey, type ObjectRef } from './object-ref';

const location = { server: 'https://127.0.0.1:6443', namespace: 'kubeflow', instance: 'team' };

/** Builds an entry with a long name, as CRDs and webhook configurations have, so 3 000 fill several chunks. */
function entry(index: number): InventoryEntry {
  const name = `object-${String(index).padStart(5, '0')}-${'x'.repeat(300)}`;
  return {
    ref: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'kubeflow', name },
    hash: `sha256:${String(index).padStart(64, '0')}`,
    component: 'pipelines',
    appliedAt: '2025-01-01T00:00:00.000Z',
  };
}

function recordWith(count: number): InstanceRecord {
  const record = newInstanceRecord(
    {
      name: 'team',
      release: '1.10.0',
      serviceType: 'serving',
      context: { source: '/home/admin/.kube/config', name: 'prod' },
      owners: ['alice@example.com'],
      manifestSource: { kind: 'bundle', path: '/tmp/bundle.tgz', tag: 'v1.10.0' },
    },
    new Date('2025-01-01T00:00:00.000Z'),
  );
  record.inventory = Array.from({ length: count }, (_, index) => entry(index));
  return record;
}

/** Encodes a record and decodes it again, as a reader of the cluster would. */
function roundTrip(encoded: ReturnType<typeof encodeRecord>): InstanceRecord {
  return decodeRecord(decodeHead(encoded.head, location), encoded.chunks, location);
}

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('encodeRecord', () => {
  it('splits 3 000 entries into chunks', () => {
    const encoded = encodeRecord(recordWith(3000));

    expect(encoded.chunks.length).toBeGreaterThan(1);
    for (const chunk of encoded.chunks) {
      expect(dataBytes(chunk)).toBeLessThanOrEqual(maxChunkBytes);
    }
    expect(encoded.index.entries).toBe(3000);
    expect(encoded.index.chunks.map((chunk) => chunk.name)).toEqual(
      encoded.chunks.map((chunk) => chunk.metadata?.name),
    );
  });

  it('respects a small chunk limit', () => {
    const limit = 20 * 1024;

    const encoded = encodeRecord(recordWith(3000), limit);

    expect(encoded.chunks.length).toBeGreaterThan(40);
    for (const chunk of encoded.chunks) expect(dataBytes(chunk)).toBeLessThanOrEqual(limit);
  });

  it('reassembles the input', () => {
    const record = recordWith(3000);

    expect(roundTrip(encodeRecord(record, 50 * 1024))).toEqual(record);
  });

  it('writes no chunk for an empty inventory', () => {
    const record = recordWith(0);
    const encoded = encodeRecord(record);

    expect(encoded.chunks).toEqual([]);
    expect(roundTrip(encoded)).toEqual(record);
  });

  it('labels head and chunks', () => {
    const encoded = encodeRecord(recordWith(3000));

    expect(encoded.head.metadata).toMatchObject({
      name: 'kubeflow-desktop-team',
      namespace: 'kubeflow',
      labels: {
        'app.kubernetes.io/managed-by': 'kubeflow-desktop',
        'kubeflow-desktop.io/instance': 'team',
        'kubeflow-desktop.io/part': 'head',
      },
    });
    expect(encoded.chunks[1]?.metadata).toMatchObject({
      name: expect.stringMatching(/^kubeflow-desktop-team-inventory-1-[0-9a-f]{12}$/),
      labels: { 'kubeflow-desktop.io/part': 'inventory', 'kubeflow-desktop.io/chunk': '1' },
    });
  });

  it('is deterministic', () => {
    expect(encodeRecord(recordWith(100))).toEqual(encodeRecord(recordWith(100)));
  });
});

describe('splitInventory', () => {
  it('rejects an entry above the limit', () => {
    const error = thrown(() => splitInventory([entry(1)], 200));

    expect(error.kind).toBe('internal');
    expect(error.message).toContain('Deployment object-00001');
  });
});

describe('decodeRecord', () => {
  it('rejects a changed chunk', () => {
    const encoded = encodeRecord(recordWith(3000));
    const chunk = encoded.chunks[1] as V1ConfigMap;
    chunk.data = { entries: chunk.data!['entries']!.replace('pipelines', 'katib') };

    const error = thrown(() => roundTrip(encoded));

    expect(error.code).toBe('recordChecksumMismatch');
    const name = chunk.metadata?.name ?? '';
    expect(name).toMatch(/^kubeflow-desktop-team-inventory-1-/);
    expect(error.params['configMap']).toBe(name);
    expect(error.message).toContain(`ConfigMap ${name}`);
  });

  it('rejects a missing chunk', () => {
    const encoded = encodeRecord(recordWith(3000));
    const chunks = [...encoded.chunks];
    chunks[1] = undefined as never;

    const error = thrown(() => decodeRecord(decodeHead(encoded.head, location), chunks, location));

    expect(error.code).toBe('recordChunkMissing');
    expect(error.message).toContain('kubeflow-desktop-team-inventory-1');
  });

  it('rejects a chunk of an older write', () => {
    const older = encodeRecord(recordWith(3000));
    const newer = encodeRecord(recordWith(2999));

    const error = thrown(() =>
      decodeRecord(decodeHead(newer.head, location), older.chunks, location),
    );

    expect(error.code).toBe('recordChecksumMismatch');
  });

  it('rejects an edited chunk index', () => {
    const encoded = encodeRecord(recordWith(10));
    const index = JSON.parse(encoded.head.data!['inventory']!) as { sha256: string };
    index.sha256 = '0'.repeat(64);
    encoded.head.data!['inventory'] = JSON.stringify(index);

    const error = thrown(() => roundTrip(encoded));

    expect(error.code).toBe('recordChecksumMismatch');
    expect(error.params['configMap']).toBe('kubeflow-desktop-team');
  });

  it('rejects a head without spec', () => {
    const encoded = encodeRecord(recordWith(1));
    delete encoded.head.data!['spec'];

    const error = thrown(() => decodeHead(encoded.head, location));

    expect(error.code).toBe('recordInvalid');
    expect(error.message).toContain('the key spec is missing');
  });

  it('rejects a head of another instance', () => {
    const encoded = encodeRecord(recordWith(1));

    const error = thrown(() => decodeHead(encoded.head, { ...location, instance: 'other' }));

    expect(error.code).toBe('recordInvalid');
    expect(error.message).toContain('instance team of namespace kubeflow');
  });
});

describe('local copies', () => {
  let dataDir = '';
  const logLines: string[] = [];
  const log = createLogger('test', 'debug', (line) => logLines.push(line));
  const contextKey = '/home/admin/.kube/config#prod';

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-inventory-'));
    logLines.length = 0;
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('saves and loads a copy', async () => {
    const record = recordWith(3);

    const saved = await saveLocalCopy(dataDir, contextKey, record);
    const loaded = await loadLocalCopies(dataDir, log);

    expect(saved.path).toBe(localCopyPath(dataDir, contextKey, 'team'));
    expect(saved.path).toBe(path.join(dataDir, 'instances', clusterKeyOf(contextKey), 'team.json'));
    expect(loaded.corrupt).toEqual([]);
    expect(loaded.copies).toHaveLength(1);
    expect(loaded.copies[0]?.contextKey).toBe(contextKey);
    expect(loaded.copies[0]?.record).toEqual(record);
  });

  it('replaces an older copy', async () => {
    await saveLocalCopy(dataDir, contextKey, recordWith(3));
    await saveLocalCopy(dataDir, contextKey, { ...recordWith(5), generation: 2 });

    const loaded = await loadLocalCopies(dataDir, log);

    expect(loaded.copies).toHaveLength(1);
    expect(loaded.copies[0]?.record.generation).toBe(2);
    expect(loaded.copies[0]?.record.inventory).toHaveLength(5);
  });

  it('ignores a temporary file of a crash', async () => {
    const record = recordWith(3);
    const saved = await saveLocalCopy(dataDir, contextKey, record);
    const temporary = path.join(path.dirname(saved.path), '.team.json.0a1b2c3d4e5f.tmp');
    await writeFile(temporary, '{"contextKey": "/home/admin/.kube/con');

    const loaded = await loadLocalCopies(dataDir, log);

    expect(loaded.corrupt).toEqual([]);
    expect(loaded.copies.map((copy) => copy.record)).toEqual([record]);
  });

  it('moves a corrupt copy aside', async () => {
    const saved = await saveLocalCopy(dataDir, contextKey, recordWith(3));
    await writeFile(saved.path, '{"contextKey": "/home/admin/.kube/con');

    const loaded = await loadLocalCopies(dataDir, log);

    expect(loaded.copies).toEqual([]);
    expect(loaded.corrupt).toHaveLength(1);
    expect(loaded.corrupt[0]?.path).toBe(saved.path);
    expect(loaded.corrupt[0]?.reason).toContain('not valid JSON');
    const files = await readdir(path.dirname(saved.path));
    expect(files).toEqual([path.basename(loaded.corrupt[0]!.movedTo)]);
    expect(await readFile(loaded.corrupt[0]!.movedTo, 'utf8')).toBe(
      '{"contextKey": "/home/admin/.kube/con',
    );
    expect(logLines.join('\n')).toContain('moved aside');
  });

  it('moves an invalid copy aside', async () => {
    const saved = await saveLocalCopy(dataDir, contextKey, recordWith(3));
    await writeFile(saved.path, JSON.stringify({ contextKey, savedAt: 'yesterday' }));

    const loaded = await loadLocalCopies(dataDir, log);

    expect(loaded.copies).toEqual([]);
    expect(loaded.corrupt[0]?.reason).toContain('savedAt');
  });

  it('moves a corrupt copy aside on save', async () => {
    const first = await saveLocalCopy(dataDir, contextKey, recordWith(3));
    await writeFile(first.path, 'not json');

    const second = await saveLocalCopy(dataDir, contextKey, recordWith(4));

    expect(second.movedAside?.path).toBe(first.path);
    expect(await readFile(second.movedAside!.movedTo, 'utf8')).toBe('not json');
    const loaded = await loadLocalCopies(dataDir, log);
    expect(loaded.copies[0]?.record.inventory).toHaveLength(4);
  });

  it('rejects a same-named instance of another namespace', async () => {
    await saveLocalCopy(dataDir, contextKey, recordWith(3));
    const other = recordWith(1);
    other.spec = { ...other.spec, namespace: 'kubeflow-b' };

    const save = saveLocalCopy(dataDir, contextKey, other);

    await expect(save).rejects.toMatchObject({ code: 'localCopyConflict' });
    const loaded = await loadLocalCopies(dataDir, log);
    expect(loaded.copies[0]?.record.spec.namespace).toBe('kubeflow');
  });

  it('rejects an invalid record', async () => {
    const record = { ...recordWith(1), generation: 0 };

    await expect(saveLocalCopy(dataDir, contextKey, record)).rejects.toMatchObject({
      code: 'recordInvalid',
    });
    expect((await loadLocalCopies(dataDir, log)).copies).toEqual([]);
  });

  it('loads nothing without a folder', async () => {
    expect(await loadLocalCopies(path.join(dataDir, 'missing'), log)).toEqual({
      copies: [],
      corrupt: [],
    });
  });

  it('separates context keys', () => {
    expect(clusterKeyOf('a/b#c')).not.toBe(clusterKeyOf('a-b#c'));
    expect(clusterKeyOf('/home/x/.kube/config#prod')).toMatch(/^[a-z0-9._-]+$/);
  });
});

describe('inventoryKey', () => {
  const refs: ObjectRef[] = [
    { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kubeflow', name: 'a' },
    { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'kubeflow', name: 'a' },
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      namespace: null,
      name: 'a.b',
    },
  ];

  it.each(refs)('matches refKey for $apiVersion', (ref) => {
    expect(inventoryKey(ref)).toBe(refKey(ref));
  });
});
