import {
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type V1ConfigMap,
} from '@kubernetes/client-node';

import { AppError } from '../../shared/errors';
import {
  InstanceRecordSchema,
  InventoryEntrySchema,
  inventoryKey,
  type InstanceRecord,
  type InventoryEntry,
} from '../../shared/provision/instance';
import { defaultTimeoutMs, withTimeout } from '../kube/client';
import { classifyKubeError, type CallTarget } from '../kube/kube-errors';
import { createLogger, type Logger } from '../log';
import {
  decodeHead,
  decodeRecord,
  encodeRecord,
  fieldManager,
  headName,
  instanceLabel,
  managedByLabel,
  maxChunkBytes,
  partLabel,
  type RecordLocation,
} from './instance-record';

export {
  loadLocalCopies,
  saveLocalCopy,
  type CorruptLocalCopy,
  type LoadedLocalCopies,
  type LocalCopy,
  type SavedLocalCopy,
} from './instance-record';

/** Options of the record store's cluster calls. */
export interface StoreOptions {
  /** Timeout of each API call, in milliseconds. */
  timeoutMs?: number;
  /** Data bytes per chunk ConfigMap; tests lower it to get many chunks. */
  maxChunkBytes?: number;
  log?: Logger;
}

/** Result of writeRecord. */
export interface WrittenRecord {
  chunks: number;
  /** SHA-256 of the inventory, as stored in the head. */
  sha256: string;
  /** Chunk ConfigMaps of an earlier, longer inventory that were deleted. */
  removedChunks: string[];
  /**
   * The instance namespace when this write created it, else null. The app
   * then created that namespace, although applying its Namespace object
   * afterwards returns 200 instead of 201 (see inventoryEntryFor).
   */
  createdNamespace: { name: string; uid: string } | null;
}

/** Result of listRecords: the records that were read, and those that could not be. */
export interface ListedRecords {
  records: InstanceRecord[];
  failures: { namespace: string; instance: string; error: AppError }[];
}

/** Attempts of readRecord before it reports a torn record, and the pause between them. */
const readAttempts = 3;
const readRetryMs = 250;

/** One client configuration with the target its errors name. */
class Cluster {
  readonly core: CoreV1Api;
  readonly server: string;
  readonly timeoutMs: number;
  readonly log: Logger;
  private readonly user: string;

  constructor(config: KubeConfig, options: StoreOptions) {
    this.core = config.makeApiClient(CoreV1Api);
    this.server = config.getCurrentCluster()?.server ?? '';
    this.user = config.getCurrentUser()?.name ?? '';
    this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    this.log = options.log ?? createLogger('provision.inventory');
  }

  /** Runs one API call, turning its failure into a classified AppError that names `resource`. */
  async call<T>(resource: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof AppError) throw error;
      const target: CallTarget = { server: this.server, user: this.user, resource };
      throw classifyKubeError(error, target, this.timeoutMs);
    }
  }

  /** Like call, but returns undefined when the object does not exist. */
  async callUnlessNotFound<T>(resource: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await this.call(resource, run);
    } catch (error) {
      if (error instanceof AppError && error.kind === 'not-found') return undefined;
      throw error;
    }
  }

  get timeout() {
    return withTimeout(this.timeoutMs);
  }

  location(namespace: string, instance: string): RecordLocation {
    return { server: this.server, namespace, instance };
  }
}

const describeConfigMap = (namespace: string, name: string) =>
  `ConfigMap ${name} in namespace ${namespace}`;

/** Applies a ConfigMap with server-side apply, so writing the same content again changes nothing. */
async function applyConfigMap(cluster: Cluster, configMap: V1ConfigMap): Promise<void> {
  const name = configMap.metadata?.name ?? '';
  const namespace = configMap.metadata?.namespace ?? '';
  await cluster.call(describeConfigMap(namespace, name), () =>
    cluster.core.patchNamespacedConfigMap(
      // force takes over fields that someone else, such as kubectl edit, changed.
      { name, namespace, body: configMap, fieldManager, force: true },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply, cluster.timeout),
    ),
  );
}

/**
 * Creates the namespace when it is missing. A user who may not read
 * namespaces may still write ConfigMaps in this one, so a forbidden read is
 * left to the ConfigMap writes to report.
 */
async function ensureNamespace(
  cluster: Cluster,
  namespace: string,
): Promise<{ name: string; uid: string } | null> {
  const resource = `namespace ${namespace}`;
  try {
    await cluster.call(resource, () =>
      cluster.core.readNamespace({ name: namespace }, cluster.timeout),
    );
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.kind === 'forbidden') return null;
    if (error.kind !== 'not-found') throw error;
  }

  try {
    const created = await cluster.call(resource, () =>
      cluster.core.createNamespace(
        { body: { metadata: { name: namespace } }, fieldManager },
        cluster.timeout,
      ),
    );
    cluster.log.info('created the namespace of an instance record', { namespace });
    return { name: namespace, uid: created.metadata?.uid ?? '' };
  } catch (error) {
    // Another writer created it between the read and the create.
    if (!(error instanceof AppError) || error.kind !== 'conflict') throw error;
    return null;
  }
}

const selectorOf = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');

async function listChunks(
  cluster: Cluster,
  namespace: string,
  instance: string,
): Promise<V1ConfigMap[]> {
  const labelSelector = selectorOf({
    [managedByLabel]: fieldManager,
    [instanceLabel]: instance,
    [partLabel]: 'inventory',
  });
  const list = await cluster.call(`inventory ConfigMaps in namespace ${namespace}`, () =>
    cluster.core.listNamespacedConfigMap({ namespace, labelSelector }, cluster.timeout),
  );
  return list.items;
}

async function deleteConfigMap(cluster: Cluster, namespace: string, name: string): Promise<void> {
  await cluster.callUnlessNotFound(describeConfigMap(namespace, name), () =>
    cluster.core.deleteNamespacedConfigMap({ name, namespace }, cluster.timeout),
  );
}

function checkRecord(record: InstanceRecord): InstanceRecord {
  const parsed = InstanceRecordSchema.safeParse(record);
  if (parsed.success) return parsed.data;

  const { name, namespace } = record.spec ?? { name: '', namespace: '' };
  const detail = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new AppError(
    'invalid-request',
    'recordInvalid',
    `The instance record ${name} is invalid and was not written: ${detail}`,
    { server: '', namespace, instance: name, configMap: headName(name), detail },
  );
}

/**
 * Writes a record into its instance namespace, creating the namespace when
 * it is missing. The chunks are applied first and the head last, so a reader
 * never finds a head that lists chunks not yet written. Chunks beyond the new
 * count are deleted afterwards. A failure to delete them is logged and not
 * thrown, because the head no longer lists them and the next write retries.
 *
 * Throws an AppError: invalid-request for an invalid record, or the
 * classified error of the failed call (forbidden, unreachable, timeout, ...).
 */
export async function writeRecord(
  config: KubeConfig,
  record: InstanceRecord,
  options: StoreOptions = {},
): Promise<WrittenRecord> {
  const valid = checkRecord(record);
  const cluster = new Cluster(config, options);
  const { name, namespace } = valid.spec;
  const encoded = encodeRecord(valid, options.maxChunkBytes ?? maxChunkBytes);

  const createdNamespace = await ensureNamespace(cluster, namespace);
  for (const chunk of encoded.chunks) await applyConfigMap(cluster, chunk);
  await applyConfigMap(cluster, encoded.head);

  const current = new Set(encoded.index.chunks.map((chunk) => chunk.name));
  const removedChunks: string[] = [];
  try {
    for (const chunk of await listChunks(cluster, namespace, name)) {
      const chunkName = chunk.metadata?.name ?? '';
      if (current.has(chunkName)) continue;
      await deleteConfigMap(cluster, namespace, chunkName);
      removedChunks.push(chunkName);
    }
  } catch (error) {
    cluster.log.warn('failed to delete unused inventory chunks of an instance record', {
      namespace,
      instance: name,
      error: (error as Error).message,
    });
  }

  return {
    chunks: encoded.chunks.length,
    sha256: encoded.index.sha256,
    removedChunks,
    createdNamespace,
  };
}

const isTornRecord = (error: unknown) =>
  error instanceof AppError &&
  (error.code === 'recordChunkMissing' || error.code === 'recordChecksumMismatch');

async function readHead(
  cluster: Cluster,
  namespace: string,
  instance: string,
): Promise<V1ConfigMap | undefined> {
  const name = headName(instance);
  return cluster.callUnlessNotFound(describeConfigMap(namespace, name), () =>
    cluster.core.readNamespacedConfigMap({ name, namespace }, cluster.timeout),
  );
}

/** Reads the chunks that a head lists and rebuilds the record. */
async function readChunks(
  cluster: Cluster,
  head: V1ConfigMap,
  namespace: string,
  instance: string,
): Promise<InstanceRecord> {
  const location = cluster.location(namespace, instance);
  const decoded = decodeHead(head, location);
  const chunks = await Promise.all(
    decoded.index.chunks.map((chunk) =>
      cluster.callUnlessNotFound(describeConfigMap(namespace, chunk.name), () =>
        cluster.core.readNamespacedConfigMap({ name: chunk.name, namespace }, cluster.timeout),
      ),
    ),
  );
  return decodeRecord(decoded, chunks, location);
}

function recordNotFound(cluster: Cluster, namespace: string, instance: string): AppError {
  return new AppError(
    'not-found',
    'recordNotFound',
    `No record of instance ${instance} was found in namespace ${namespace} on ${cluster.server}.`,
    { ...cluster.location(namespace, instance), configMap: headName(instance) },
  );
}

/**
 * Reads a record and verifies each chunk against the head's checksums. A
 * writer replaces the chunks before the head, so a read that overlaps a write
 * can see new chunks under the old head: such a mismatch is read again up to
 * 3 times, 250 ms apart, before it is reported.
 *
 * Throws an AppError: not-found (recordNotFound) when there is no head,
 * not-found (recordChunkMissing) or conflict (recordChecksumMismatch) naming
 * the ConfigMap of a torn record, conflict (recordInvalid) for content that
 * breaks the schema, or the classified error of the failed call.
 */
export async function readRecord(
  config: KubeConfig,
  namespace: string,
  instance: string,
  options: StoreOptions = {},
): Promise<InstanceRecord> {
  const cluster = new Cluster(config, options);
  return readWithRetries(cluster, namespace, instance, undefined);
}

async function readWithRetries(
  cluster: Cluster,
  namespace: string,
  instance: string,
  firstHead: V1ConfigMap | undefined,
): Promise<InstanceRecord> {
  let head = firstHead;
  for (let attempt = 1; ; attempt++) {
    head ??= await readHead(cluster, namespace, instance);
    if (head === undefined) throw recordNotFound(cluster, namespace, instance);
    try {
      return await readChunks(cluster, head, namespace, instance);
    } catch (error) {
      if (!isTornRecord(error) || attempt >= readAttempts) throw error;
    }
    head = undefined;
    await new Promise((resolve) => setTimeout(resolve, readRetryMs));
  }
}

/**
 * Reads the records of all instances on a cluster, found by their head
 * labels in every namespace. A record that cannot be read is returned in
 * `failures` with its error, so one damaged record does not hide the others.
 * Throws the classified AppError when the list itself fails.
 */
export async function listRecords(
  config: KubeConfig,
  options: StoreOptions = {},
): Promise<ListedRecords> {
  const cluster = new Cluster(config, options);
  const labelSelector = selectorOf({ [managedByLabel]: fieldManager, [partLabel]: 'head' });
  const heads = await cluster.call('instance record ConfigMaps in all namespaces', () =>
    cluster.core.listConfigMapForAllNamespaces({ labelSelector }, cluster.timeout),
  );

  const result: ListedRecords = { records: [], failures: [] };
  for (const head of heads.items) {
    const namespace = head.metadata?.namespace ?? '';
    const instance = head.metadata?.labels?.[instanceLabel] ?? '';
    try {
      result.records.push(await readWithRetries(cluster, namespace, instance, head));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      result.failures.push({ namespace, instance, error });
    }
  }
  result.records.sort(
    (a, b) =>
      a.spec.namespace.localeCompare(b.spec.namespace) || a.spec.name.localeCompare(b.spec.name),
  );
  return result;
}

/**
 * Deletes a record: the head first, so readers stop finding the record, and
 * then every chunk labelled with the instance, including chunks a crash left
 * behind. Returns false when there was no head. Deleting a missing record is
 * not an error, so a deletion that stopped half-way can run again.
 */
export async function deleteRecord(
  config: KubeConfig,
  namespace: string,
  instance: string,
  options: StoreOptions = {},
): Promise<boolean> {
  const cluster = new Cluster(config, options);
  const name = headName(instance);
  const deleted = await cluster.callUnlessNotFound(describeConfigMap(namespace, name), () =>
    cluster.core.deleteNamespacedConfigMap({ name, namespace }, cluster.timeout),
  );

  for (const chunk of await listChunks(cluster, namespace, instance)) {
    const chunkName = chunk.metadata?.name;
    if (chunkName) await deleteConfigMap(cluster, namespace, chunkName);
  }
  return deleted !== undefined;
}

/** Options of createInventoryRecorder. */
export interface RecorderOptions extends StoreOptions {
  /** A flush starts when this many entries are waiting (default 50) or the oldest has waited this long (default 2000 ms). */
  flushEvery?: { entries?: number; intervalMs?: number };
  /**
   * Called with each record after it was written, for example to save the
   * local copy. An error it throws rejects that flush, although the record was written.
   */
  onFlushed?: (record: InstanceRecord) => void | Promise<void>;
}

/** Collects the objects the apply engine applied and writes them into the record in batches. */
export interface InventoryRecorder {
  /**
   * Adds an entry, replacing an earlier entry of the same object in place.
   * Waits for a flush when the batch is full, or when a background flush
   * failed, and rejects when that flush fails. The entry stays waiting, so a
   * later flush or close writes it.
   */
  record(entry: InventoryEntry): Promise<void>;
  /** Writes all waiting entries. Rejects with the AppError of the failed write. */
  flush(): Promise<void>;
  /** Stops the timer and flushes. Later calls to record reject, and flush can retry a failed close. */
  close(): Promise<void>;
  /** The record as last written to the cluster. */
  readonly written: InstanceRecord;
  /** Number of entries recorded but not yet written. */
  readonly waiting: number;
}

/**
 * Returns the entry, marked as created when the earlier entry of the same
 * object is marked so. A resumed apply or an upgrade applies such an object again and gets 200 instead of 201, but the app still
 * created it. The mark is dropped when the UIDs differ, because then someone
 * else deleted and recreated the object in between.
 */
export function keepCreated(
  entries: ReadonlyMap<string, InventoryEntry>,
  entry: InventoryEntry,
): InventoryEntry {
  const earlier = entries.get(inventoryKey(entry.ref));
  if (entry.created === true || earlier?.created !== true) return entry;
  const sameObject =
    earlier.uid === undefined || entry.uid === undefined || earlier.uid === entry.uid;
  return sameObject ? { ...entry, created: true } : entry;
}

/**
 * Creates a recorder for a record that was already written with writeRecord.
 * Each flush writes the whole record with the inventory so far, a generation
 * one higher and a new updatedAt. Entries recorded after the last successful
 * flush are missing from the cluster's record when the process stops without
 * close, so a resumed apply must not trust the inventory to be complete.
 */
// NOTE: two app instances recording into the same record overwrite each
// other's inventory, because the field manager is the same and no
// resourceVersion precondition is sent. The apply engine must run one apply
// per instance at a time.
export function createInventoryRecorder(
  config: KubeConfig,
  record: InstanceRecord,
  options: RecorderOptions = {},
): InventoryRecorder {
  const batchSize = options.flushEvery?.entries ?? 50;
  const intervalMs = options.flushEvery?.intervalMs ?? 2000;
  const log = options.log ?? createLogger('provision.inventory');

  let written = checkRecord(record);
  const entries = new Map(written.inventory.map((entry) => [inventoryKey(entry.ref), entry]));
  let waiting = 0;
  let timer: NodeJS.Timeout | undefined;
  let backgroundError: unknown;
  let closed = false;
  let queue: Promise<void> = Promise.resolve();

  async function writeWaiting(): Promise<void> {
    if (waiting === 0) return;
    clearTimeout(timer);
    timer = undefined;

    const batch = waiting;
    const next: InstanceRecord = {
      ...written,
      inventory: [...entries.values()],
      generation: written.generation + 1,
      updatedAt: new Date().toISOString(),
    };
    await writeRecord(config, next, { ...options, log });
    written = next;
    waiting -= batch;
    backgroundError = undefined;
    await options.onFlushed?.(next);
  }

  function flush(): Promise<void> {
    const run = queue.then(writeWaiting);
    queue = run.catch(() => undefined);
    return run;
  }

  function startTimer(): void {
    if (timer !== undefined || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      flush().catch((error: unknown) => {
        backgroundError = error;
        log.warn('failed to write inventory entries, so the next record or close call retries', {
          namespace: written.spec.namespace,
          instance: written.spec.name,
          waiting,
          error: (error as Error).message,
        });
      });
    }, intervalMs);
    timer.unref();
  }

  return {
    async record(entry) {
      if (closed) {
        const detail = `inventory recorder of instance ${written.spec.name} is closed`;
        throw new AppError('internal', 'unexpected', `The ${detail}.`, { detail });
      }
      const parsed = InventoryEntrySchema.safeParse(entry);
      if (!parsed.success) {
        const detail = parsed.error.issues
          .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
          .join('; ');
        throw new AppError(
          'invalid-request',
          'invalidRequest',
          `An inventory entry for instance ${written.spec.name} is invalid: ${detail}`,
          { channel: 'inventory recorder', detail },
        );
      }
      entries.set(inventoryKey(parsed.data.ref), keepCreated(entries, parsed.data));
      waiting++;

      if (waiting >= batchSize || backgroundError !== undefined) {
        await flush();
        return;
      }
      startTimer();
    },
    flush,
    async close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      await flush();
    },
    get written() {
      return written;
    },
    get waiting() {
      return waiting;
    },
  };
}
