import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

import { z } from 'zod';

import {
  SnapshotMetaSchema,
  SnapshotSchema,
  snapshotMeta,
  type Snapshot,
  type SnapshotMeta,
} from '../../shared/snapshots/schema';
import type { Logger } from '../log';
import { writeFileAtomic } from './atomic-file';

export const snapshotFolderName = 'snapshots';
const indexName = 'index.json';
const indexVersion = 1;

const IndexSchema = z.strictObject({
  indexVersion: z.literal(indexVersion),
  snapshots: z.array(SnapshotMetaSchema),
});

/** A snapshot body that could not be read and was moved aside. */
export interface CorruptSnapshot {
  path: string;
  movedTo: string;
  reason: string;
}

export interface SnapshotStore {
  readonly folder: string;
  /** Body files moved aside at open because they could not be read. */
  readonly corrupt: CorruptSnapshot[];
  /** True when the index was missing or unreadable and was rebuilt from the body files. */
  readonly rebuiltIndex: boolean;
  /** Every snapshot's list entry, newest first; bodies are read only by read(). */
  list(instanceKey?: string): SnapshotMeta[];
  find(id: string): SnapshotMeta | undefined;
  read(id: string): Promise<Snapshot | undefined>;
  /** Writes a new snapshot; its id must be new, because a snapshot never changes once written. */
  add(snapshot: Snapshot): Promise<SnapshotMeta>;
  remove(id: string): Promise<boolean>;
  /** Bytes of the index and every body file. */
  sizeBytes(): number;
}

export const newSnapshotId = (now: Date = new Date()): string =>
  `${now
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .toLowerCase()}-${randomBytes(4).toString('hex')}`;

const timestamp = () => new Date().toISOString().replace(/[:.]/g, '-');
const bodyName = (id: string) => `${id}.json`;

async function moveAside(file: string): Promise<string> {
  const movedTo = `${file}.corrupt-${timestamp()}`;
  await rename(file, movedTo);
  return movedTo;
}

/** Reads and checks one body file: the snapshot, or why it is unreadable. */
async function readBody(
  file: string,
): Promise<{ ok: true; snapshot: Snapshot; bytes: number } | { ok: false; reason: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, reason: 'missing' };
    throw error;
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${(error as Error).message}` };
  }
  const parsed = SnapshotSchema.safeParse(content);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `breaks the schema at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
    };
  }
  return { ok: true, snapshot: parsed.data, bytes: Buffer.byteLength(text) };
}

async function readIndex(file: string): Promise<SnapshotMeta[] | null> {
  try {
    const parsed = IndexSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data.snapshots : null;
  } catch {
    return null;
  }
}

const newestFirst = (a: SnapshotMeta, b: SnapshotMeta) =>
  b.takenAt.localeCompare(a.takenAt) || b.id.localeCompare(a.id);

/**
 * Opens the snapshot folder `<dataDir>/snapshots`: one immutable JSON file
 * per snapshot, written atomically and never replaced, and `index.json` with
 * every snapshot's list entry, so opening reads one file and the bodies load
 * only when a snapshot is opened. The index is reconciled with the folder at
 * open: a body written just before a crash (without its index entry) is
 * added, an entry whose body is gone is dropped. A missing or unreadable
 * index is rebuilt from the bodies, and unreadable bodies are moved aside.
 */
export async function openSnapshotStore(dataDir: string, log: Logger): Promise<SnapshotStore> {
  const folder = path.join(dataDir, snapshotFolderName);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const indexFile = path.join(folder, indexName);

  const indexed = await readIndex(indexFile);
  const names = (await readdir(folder)).filter(
    (name) => !name.startsWith('.') && name.endsWith('.json') && name !== indexName,
  );
  const onDisk = new Set(names.map((name) => name.slice(0, -'.json'.length)));

  const entries = new Map<string, SnapshotMeta>();
  for (const meta of indexed ?? []) if (onDisk.has(meta.id)) entries.set(meta.id, meta);

  const corrupt: CorruptSnapshot[] = [];
  for (const id of onDisk) {
    if (entries.has(id)) continue;
    const file = path.join(folder, bodyName(id));
    const body = await readBody(file);
    if (body.ok && body.snapshot.id === id) {
      entries.set(id, snapshotMeta(body.snapshot, body.bytes));
      continue;
    }
    const reason = body.ok
      ? `its id ${body.snapshot.id} does not match the file name`
      : body.reason;
    const movedTo = await moveAside(file);
    log.error('an unreadable snapshot file was moved aside', {
      path: file,
      movedTo,
      error: reason,
    });
    corrupt.push({ path: file, movedTo, reason });
  }

  let sorted = [...entries.values()].sort(newestFirst);
  let indexBytes = 0;
  const writeIndex = async () => {
    const content = JSON.stringify({ indexVersion, snapshots: sorted });
    indexBytes = Buffer.byteLength(content);
    await writeFileAtomic(indexFile, content, { mode: 0o600, overwrite: true });
  };
  const changed = indexed === null || indexed.length !== sorted.length;
  if (indexed === null && onDisk.size > 0)
    log.warn('rebuilt the snapshot index from the snapshot files', {
      folder,
      snapshots: sorted.length,
    });
  if (changed) await writeIndex();
  else indexBytes = (await stat(indexFile)).size;

  // Writes run one at a time, so two index writes cannot interleave and lose an entry.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    folder,
    corrupt,
    rebuiltIndex: indexed === null && onDisk.size > 0,
    list: (instanceKey) =>
      instanceKey === undefined
        ? [...sorted]
        : sorted.filter((meta) => meta.origin.instanceKey === instanceKey),
    find: (id) => entries.get(id),
    async read(id) {
      if (!entries.has(id)) return undefined;
      const body = await readBody(path.join(folder, bodyName(id)));
      if (body.ok) return body.snapshot;
      log.error('a snapshot file could not be read', { id, error: body.reason });
      return undefined;
    },
    add: (snapshot) =>
      serialized(async () => {
        const checked = SnapshotSchema.parse(snapshot);
        const content = JSON.stringify(checked, null, 2) + '\n';
        await writeFileAtomic(path.join(folder, bodyName(checked.id)), content, {
          mode: 0o600,
          overwrite: false,
        });
        const meta = snapshotMeta(checked, Buffer.byteLength(content));
        entries.set(meta.id, meta);
        sorted = [...entries.values()].sort(newestFirst);
        await writeIndex();
        return meta;
      }),
    remove: (id) =>
      serialized(async () => {
        if (!entries.delete(id)) return false;
        sorted = sorted.filter((meta) => meta.id !== id);
        // The body goes first: a crash before the index write leaves an entry without a body, which the next open drops.
        await unlink(path.join(folder, bodyName(id))).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
        await writeIndex();
        return true;
      }),
    sizeBytes: () => indexBytes + sorted.reduce((total, meta) => total + meta.bytes, 0),
  };
}
