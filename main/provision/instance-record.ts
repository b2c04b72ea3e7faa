import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename } from 'node:fs/promises';
import path from 'node:path';

import type { V1ConfigMap } from '@kubernetes/client-node';
import { z } from 'zod';

import { AppError } from '../../shared/errors';
import {
  InstanceRecordSchema,
  InstanceSpecSchema,
  InstanceStatusSchema,
  InventoryEntrySchema,
  recordApiVersion,
  type InstanceRecord,
  type InventoryEntry,
} from '../../shared/provision/instance';
import type { Logger } from '../log';
import { writeFileAtomic } from '../store/atomic-file';

export const fieldManager = 'kubeflow-desktop';
export const managedByLabel = 'app.kubernetes.io/managed-by';
export const instanceLabel = 'kubeflow-desktop.io/instance';
export const partLabel = 'kubeflow-desktop.io/part';
export const chunkLabel = 'kubeflow-desktop.io/chunk';

/**
 * Data bytes allowed in one chunk ConfigMap. The API server sums the lengths
 * of a ConfigMap's data values and rejects more than 1 MiB (ValidateConfigMap
 * in kubernetes pkg/apis/core/validation), and the rest covers metadata.
 */
export const maxChunkBytes = 900 * 1024;

const entriesKey = 'entries';

export const headName = (instance: string) => `kubeflow-desktop-${instance}`;
/**
 * Names a chunk by its position and content, so a write that stops after
 * some chunks and before the head leaves the chunks the old head lists
 * untouched: the record stays readable, and the next write deletes the
 * chunks no head lists.
 */
export const chunkName = (instance: string, index: number, contentSha256: string) =>
  `kubeflow-desktop-${instance}-inventory-${index}-${contentSha256.slice(0, 12)}`;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Names and checksums of the chunks, as the head stores them. */
const ChunkIndexSchema = z.object({
  entries: z.number().int().min(0),
  /** SHA-256 of the chunks' `entries` values concatenated in order. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  chunks: z.array(
    z.object({
      name: z.string().min(1),
      entries: z.number().int().min(0),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});
export type ChunkIndex = z.infer<typeof ChunkIndexSchema>;

const HeadMetadataSchema = z.object({
  apiVersion: z.literal(recordApiVersion),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  generation: z.number().int().min(1),
});

/** The record split into the ConfigMaps that store it in the cluster. */
export interface EncodedRecord {
  head: V1ConfigMap;
  chunks: V1ConfigMap[];
  index: ChunkIndex;
}

/** The head ConfigMap decoded: the record without its inventory, and where the inventory is. */
export interface DecodedHead {
  record: Omit<InstanceRecord, 'inventory'>;
  index: ChunkIndex;
}

function labels(instance: string, part: 'head' | 'inventory'): Record<string, string> {
  return { [managedByLabel]: fieldManager, [instanceLabel]: instance, [partLabel]: part };
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** One chunk's `entries` value and the number of entries in it. */
export interface InventoryChunk {
  text: string;
  entries: number;
}

/**
 * Splits inventory entries into JSON arrays of at most `limit` bytes, counting
 * the `entries` key as well, which only adds margin. Each array has one entry per
 * line, so `kubectl get configmap -o yaml` stays readable. Throws an
 * AppError when a single entry is larger than the limit.
 */
export function splitInventory(entries: InventoryEntry[], limit = maxChunkBytes): InventoryChunk[] {
  const overhead = Buffer.byteLength(entriesKey) + Buffer.byteLength('[\n\n]');
  const chunks: InventoryChunk[] = [];
  let lines: string[] = [];
  let size = overhead;
  const close = () => chunks.push({ text: `[\n${lines.join(',\n')}\n]`, entries: lines.length });

  for (const entry of entries) {
    const line = JSON.stringify(entry);
    const lineBytes = Buffer.byteLength(line) + Buffer.byteLength(',\n');
    if (overhead + lineBytes > limit) {
      const detail = `inventory entry for ${entry.ref.kind} ${entry.ref.name} is ${lineBytes} bytes, more than a chunk holds (${limit})`;
      throw new AppError('internal', 'unexpected', `The ${detail}.`, { detail });
    }
    if (size + lineBytes > limit) {
      close();
      lines = [];
      size = overhead;
    }
    lines.push(line);
    size += lineBytes;
  }
  if (lines.length > 0) close();
  return chunks;
}

/** Size of a ConfigMap's data in bytes, counting keys as well as values, which is more than the API server counts. */
export function dataBytes(configMap: V1ConfigMap): number {
  let total = 0;
  for (const [key, value] of Object.entries(configMap.data ?? {})) {
    total += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  return total;
}

/**
 * Encodes a record as a head ConfigMap (spec, status, timestamps and the
 * chunk index with checksums) and chunk ConfigMaps holding the inventory.
 * An empty inventory has no chunks. The ConfigMaps are complete objects for
 * server-side apply.
 */
export function encodeRecord(record: InstanceRecord, limit = maxChunkBytes): EncodedRecord {
  const { name, namespace } = record.spec;
  const parts = splitInventory(record.inventory, limit);

  const chunks: V1ConfigMap[] = parts.map((part, index) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: chunkName(name, index, sha256(part.text)),
      namespace,
      labels: { ...labels(name, 'inventory'), [chunkLabel]: String(index) },
    },
    data: { [entriesKey]: part.text },
  }));

  const index: ChunkIndex = {
    entries: record.inventory.length,
    sha256: sha256(parts.map((part) => part.text).join('')),
    chunks: parts.map((part, position) => ({
      name: chunkName(name, position, sha256(part.text)),
      entries: part.entries,
      sha256: sha256(part.text),
    })),
  };

  const head: V1ConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: headName(name), namespace, labels: labels(name, 'head') },
    data: {
      record: json({
        apiVersion: record.apiVersion,
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
        generation: record.generation,
      }),
      spec: json(record.spec),
      status: json(record.status),
      inventory: json(index),
    },
  };
  return { head, chunks, index };
}

/** Names one ConfigMap of a record in error messages and their parameters. */
export interface RecordLocation {
  server: string;
  namespace: string;
  instance: string;
}

function invalidRecord(location: RecordLocation, configMap: string, detail: string): AppError {
  return new AppError(
    'conflict',
    'recordInvalid',
    `The instance record ${location.instance} in ConfigMap ${configMap} (namespace ${location.namespace}) on ${location.server} is invalid: ${detail}`,
    { ...location, configMap, detail },
  );
}

function parseJson(
  data: Record<string, string>,
  key: string,
  location: RecordLocation,
  configMap: string,
): unknown {
  const text = data[key];
  if (text === undefined) throw invalidRecord(location, configMap, `the key ${key} is missing`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidRecord(location, configMap, `${key} is not JSON: ${(error as Error).message}`);
  }
}

function issuesOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Decodes a head ConfigMap. Throws an AppError (conflict, recordInvalid) naming it when it is invalid. */
export function decodeHead(configMap: V1ConfigMap, location: RecordLocation): DecodedHead {
  const name = configMap.metadata?.name ?? headName(location.instance);
  const data = configMap.data ?? {};
  const parsed = z
    .object({
      record: HeadMetadataSchema,
      spec: InstanceSpecSchema,
      status: InstanceStatusSchema,
      inventory: ChunkIndexSchema,
    })
    .safeParse({
      record: parseJson(data, 'record', location, name),
      spec: parseJson(data, 'spec', location, name),
      status: parseJson(data, 'status', location, name),
      inventory: parseJson(data, 'inventory', location, name),
    });
  if (!parsed.success) throw invalidRecord(location, name, issuesOf(parsed.error));

  const { record, spec, status, inventory } = parsed.data;
  if (spec.name !== location.instance || spec.namespace !== location.namespace) {
    const detail = `it holds instance ${spec.name} of namespace ${spec.namespace}`;
    throw invalidRecord(location, name, detail);
  }
  return { record: { ...record, spec, status }, index: inventory };
}

/**
 * Rebuilds the full record from a decoded head and its chunk ConfigMaps, in
 * index order, with `undefined` for a chunk that was not found. Throws an
 * AppError naming the ConfigMap when a chunk is missing (not-found,
 * recordChunkMissing) or its content does not match the head's checksum
 * (conflict, recordChecksumMismatch).
 */
export function decodeRecord(
  head: DecodedHead,
  chunks: (V1ConfigMap | undefined)[],
  location: RecordLocation,
): InstanceRecord {
  const texts: string[] = [];
  const entries: InventoryEntry[] = [];

  head.index.chunks.forEach((expected, position) => {
    const text = chunks[position]?.data?.[entriesKey];
    if (text === undefined) throw missingChunk(location, expected.name);
    if (sha256(text) !== expected.sha256) throw checksumMismatch(location, expected.name);
    texts.push(text);

    const lines = parseJson({ [entriesKey]: text }, entriesKey, location, expected.name);
    const parsed = z.array(InventoryEntrySchema).safeParse(lines);
    if (!parsed.success) throw invalidRecord(location, expected.name, issuesOf(parsed.error));
    if (parsed.data.length !== expected.entries) {
      const detail = `it holds ${parsed.data.length} entries, but the head lists ${expected.entries}`;
      throw invalidRecord(location, expected.name, detail);
    }
    entries.push(...parsed.data);
  });

  // Each chunk matched its own checksum, so a mismatch here means the head's
  // index itself was edited: the head is the ConfigMap to name.
  if (sha256(texts.join('')) !== head.index.sha256 || entries.length !== head.index.entries) {
    throw checksumMismatch(location, headName(location.instance));
  }

  const record = InstanceRecordSchema.safeParse({ ...head.record, inventory: entries });
  if (!record.success) {
    throw invalidRecord(location, headName(location.instance), issuesOf(record.error));
  }
  return record.data;
}

function missingChunk(location: RecordLocation, configMap: string): AppError {
  return new AppError(
    'not-found',
    'recordChunkMissing',
    `The instance record ${location.instance} on ${location.server} is incomplete: ConfigMap ${configMap} in namespace ${location.namespace} is missing.`,
    { ...location, configMap },
  );
}

function checksumMismatch(location: RecordLocation, configMap: string): AppError {
  return new AppError(
    'conflict',
    'recordChecksumMismatch',
    `ConfigMap ${configMap} in namespace ${location.namespace} on ${location.server} does not match the checksum in the instance record ${location.instance}: it was changed outside the app or only partly written.`,
    { ...location, configMap },
  );
}

/** A local copy of a record, kept for offline use. */
export interface LocalCopy {
  /** The key the copy was saved under, such as the id of the kubeconfig context. */
  contextKey: string;
  path: string;
  savedAt: string;
  record: InstanceRecord;
}

/** A local copy that could not be read and was moved aside. */
export interface CorruptLocalCopy {
  path: string;
  movedTo: string;
  reason: string;
}

const LocalCopyFileSchema = z.object({
  contextKey: z.string().min(1),
  savedAt: z.iso.datetime(),
  record: InstanceRecordSchema,
});

/**
 * Folder name for a context key: a readable part of the key and a hash of the
 * whole key, because keys may contain path separators and two keys may differ
 * only in characters that the readable part drops.
 */
export function clusterKeyOf(contextKey: string): string {
  const readable = contextKey
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .slice(-48)
    .replace(/^[-.]+|[-.]+$/g, '');
  return `${readable || 'context'}-${sha256(contextKey).slice(0, 12)}`;
}

export function localCopyPath(dataDir: string, contextKey: string, instance: string): string {
  return path.join(dataDir, 'instances', clusterKeyOf(contextKey), `${instance}.json`);
}

async function moveAside(file: string): Promise<string> {
  const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(file, movedTo);
  return movedTo;
}

type ParsedCopy =
  { ok: true; copy: z.infer<typeof LocalCopyFileSchema> } | { ok: false; reason: string };

async function readCopyFile(file: string): Promise<ParsedCopy | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${(error as Error).message}` };
  }
  const parsed = LocalCopyFileSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: issuesOf(parsed.error) };
  return { ok: true, copy: parsed.data };
}

/** Result of saveLocalCopy: the file written, and where an unreadable previous copy was moved. */
export interface SavedLocalCopy {
  path: string;
  movedAside: CorruptLocalCopy | null;
}

/**
 * Saves a record as `<dataDir>/instances/<cluster key>/<instance>.json`,
 * atomically, so a crash leaves the previous copy or the new one. An
 * unreadable previous copy is moved aside first and returned. Throws an
 * AppError when the record is invalid (invalid-request, recordInvalid) or when
 * the file contains a copy of a same-named instance of another namespace
 * (conflict, localCopyConflict), because the file name carries no namespace.
 */
export async function saveLocalCopy(
  dataDir: string,
  contextKey: string,
  record: InstanceRecord,
  now: Date = new Date(),
): Promise<SavedLocalCopy> {
  const { name, namespace } = record.spec;
  const file = localCopyPath(dataDir, contextKey, name);
  const valid = InstanceRecordSchema.safeParse(record);
  if (!valid.success) {
    const detail = issuesOf(valid.error);
    throw new AppError(
      'invalid-request',
      'recordInvalid',
      `The instance record ${name} is invalid and was not saved to ${file}: ${detail}`,
      { server: '', namespace, instance: name, configMap: file, detail },
    );
  }

  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const previous = await readCopyFile(file);
  let movedAside: CorruptLocalCopy | null = null;
  if (previous && !previous.ok) {
    movedAside = { path: file, movedTo: await moveAside(file), reason: previous.reason };
  } else if (previous?.ok && previous.copy.record.spec.namespace !== namespace) {
    const other = previous.copy.record.spec.namespace;
    throw new AppError(
      'conflict',
      'localCopyConflict',
      `${file} holds the local copy of instance ${name} in namespace ${other}, so the copy of ${name} in namespace ${namespace} was not saved. Delete one of the two instances, or move the file away.`,
      { path: file, instance: name, namespace, otherNamespace: other },
    );
  }

  const content = { contextKey, savedAt: now.toISOString(), record: valid.data };
  await writeFileAtomic(file, JSON.stringify(content, null, 2) + '\n', {
    mode: 0o600,
    overwrite: true,
  });
  return { path: file, movedAside };
}

/** Local copies found by loadLocalCopies, and the unreadable ones it moved aside. */
export interface LoadedLocalCopies {
  copies: LocalCopy[];
  corrupt: CorruptLocalCopy[];
}

/**
 * Reads every local copy under `<dataDir>/instances`. A copy that is not
 * valid JSON or breaks the schema is moved aside as
 * `<name>.json.corrupt-<time>`, logged and returned in `corrupt`, so it is
 * never silently dropped. Temporary files that a crash left behind start with
 * a dot and are skipped.
 */
export async function loadLocalCopies(dataDir: string, log: Logger): Promise<LoadedLocalCopies> {
  const root = path.join(dataDir, 'instances');
  const result: LoadedLocalCopies = { copies: [], corrupt: [] };

  let folders;
  try {
    folders = await readdir(root, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return result;
    throw error;
  }

  for (const folder of folders) {
    if (!folder.isDirectory()) continue;
    const folderPath = path.join(root, folder.name);
    const files = (await readdir(folderPath)).sort();

    for (const fileName of files) {
      if (fileName.startsWith('.') || !fileName.endsWith('.json')) continue;
      const file = path.join(folderPath, fileName);
      const parsed = await readCopyFile(file);
      if (parsed === null) continue;

      if (parsed.ok) {
        const { contextKey, savedAt, record } = parsed.copy;
        result.copies.push({ contextKey, path: file, savedAt, record });
        continue;
      }
      const movedTo = await moveAside(file);
      log.error('an unreadable local copy of an instance record was moved aside', {
        path: file,
        movedTo,
        error: parsed.reason,
      });
      result.corrupt.push({ path: file, movedTo, reason: parsed.reason });
    }
  }
  return result;
}
