import { parseInstanceKey } from '../../shared/provision/instance-key';
import type { InstancePhase } from '../../shared/provision/instance';
import { AppError } from '../../shared/errors';
import type {
  ImportResult,
  SnapshotComparison,
  SnapshotInstanceEntry,
  SnapshotList,
} from '../../shared/contract/areas/snapshots';
import { compareSections } from '../../shared/snapshots/compare';
import {
  snapshotFormatVersion,
  type Snapshot,
  type SnapshotMeta,
  type SnapshotOrigin,
  type SnapshotSections,
  type SnapshotTrigger,
} from '../../shared/snapshots/schema';
import {
  formatSnapshotFile,
  parseSnapshotFile,
  type SnapshotFileFormat,
} from '../../shared/snapshots/snapshot-file';
import type { Logger } from '../log';
import type { AppStore } from './app-store';
import type { LastKnownInstance } from './app-store-schema';
import type { OfflineTracker } from './offline-state';
import type { SnapshotSources } from './snapshot-sources';
import { newSnapshotId, type SnapshotStore } from './snapshot-store';

export interface SnapshotServiceOptions {
  store: SnapshotStore;
  appStore: AppStore;
  offline: OfflineTracker;
  sources: SnapshotSources;
  /** Names the context and server of an instance key; the contextName is '' when the context is gone. */
  describe(instanceKey: string): Promise<SnapshotOrigin>;
  /** Called after snapshots of an instance (null: several) were added or deleted. */
  changed(instanceKey: string | null): void;
  /** Called when the offline state changed because a read reached or missed a cluster. */
  offlineChanged(): void;
  log: Logger;
  now?: () => Date;
}

const invalidKey = (key: string) =>
  new AppError(
    'invalid-request',
    'snapshotInstanceKeyInvalid',
    `"${key}" is not an instance key.`,
    { key },
  );

const notFound = (id: string) =>
  new AppError(
    'not-found',
    'snapshotNotFound',
    `Snapshot ${id} was not found. Reload the list of snapshots.`,
    { id },
  );

/**
 * Takes, lists, compares, exports and imports snapshots, and keeps what the
 * app last read about each instance for offline use.
 */
export class SnapshotService {
  private readonly now: () => Date;
  /** Phase of each instance at its last lifecycle change, so repeated status events take one snapshot. */
  private readonly lastPhases = new Map<string, InstancePhase>();

  constructor(private readonly options: SnapshotServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  list(instanceKey?: string): SnapshotList {
    const { store, appStore } = this.options;
    const byKey = new Map<string, SnapshotInstanceEntry>();

    for (const known of appStore.allLastKnown()) {
      byKey.set(known.origin.instanceKey, {
        origin: known.origin,
        phase: known.sections.status?.phase ?? null,
        snapshotCount: 0,
        lastKnownAt: known.savedAt,
      });
    }
    for (const meta of store.list()) {
      const entry = byKey.get(meta.origin.instanceKey) ?? {
        origin: meta.origin,
        phase: meta.phase,
        snapshotCount: 0,
        lastKnownAt: null,
      };
      entry.snapshotCount++;
      byKey.set(meta.origin.instanceKey, entry);
    }

    const instances = [...byKey.values()].sort(
      (a, b) =>
        a.origin.contextName.localeCompare(b.origin.contextName) ||
        a.origin.namespace.localeCompare(b.origin.namespace) ||
        a.origin.name.localeCompare(b.origin.name),
    );
    return {
      snapshots: store.list(instanceKey),
      instances,
      retention: appStore.data().retention.perInstance,
      storeBytes: store.sizeBytes(),
    };
  }

  /**
   * Saves sections another area just read from the cluster (say the access
   * lists after the Access screen loaded them), so they are shown offline.
   * A section left out keeps what was saved before.
   */
  async remember(
    instanceKey: string,
    sections: Partial<SnapshotSections>,
    savedAt: Date = this.now(),
  ): Promise<LastKnownInstance> {
    const origin = await this.origin(instanceKey);
    const full: SnapshotSections = {
      instance: sections.instance ?? null,
      status: sections.status ?? null,
      access: sections.access ?? null,
      matrix: sections.matrix ?? null,
    };
    return this.options.appStore.remember(origin, full, savedAt.toISOString());
  }

  lastKnown(instanceKey: string): LastKnownInstance | null {
    return this.options.appStore.lastKnown(instanceKey) ?? null;
  }

  async get(id: string): Promise<Snapshot> {
    const snapshot = await this.options.store.read(id);
    if (!snapshot) throw notFound(id);
    return snapshot;
  }

  /**
   * Rejects a cluster read while offline mode is on. A context found
   * unreachable is still tried: the cluster may be back, and a read that
   * succeeds clears the mark.
   */
  private assertNotForcedOffline(contextId: string): void {
    if (this.options.offline.reasonFor(contextId) !== 'forced') return;
    throw new AppError(
      'unavailable',
      'offlineModeOn',
      'Offline mode is on, so the cluster was not read. Turn offline mode off and try again.',
      {},
    );
  }

  /** Reads every section from the sources; a section whose source fails is null, but the instance itself must be read. */
  private async collect(instanceKey: string, origin: SnapshotOrigin): Promise<SnapshotSections> {
    const { sources, offline, log } = this.options;
    this.assertNotForcedOffline(origin.contextId);

    let instance;
    try {
      instance = await sources.instance(instanceKey);
    } catch (error) {
      if (offline.applyRead(origin.contextId, error, this.now())) this.options.offlineChanged();
      throw error;
    }
    if (offline.applyRead(origin.contextId, null)) this.options.offlineChanged();

    const optional = async <T>(
      section: string,
      read: () => Promise<T | null>,
    ): Promise<T | null> => {
      try {
        return await read();
      } catch (error) {
        log.warn('a snapshot section could not be read', {
          instanceKey,
          section,
          error: String(error),
        });
        return null;
      }
    };
    const [status, access, matrix] = await Promise.all([
      optional('status', () => sources.status(instanceKey)),
      optional('access', () => sources.access(instanceKey)),
      optional('matrix', () => sources.matrix(instanceKey)),
    ]);
    return { instance, status, access, matrix };
  }

  private async origin(instanceKey: string): Promise<SnapshotOrigin> {
    if (!parseInstanceKey(instanceKey)) throw invalidKey(instanceKey);
    return this.options.describe(instanceKey);
  }

  /** Reads the instance now and saves an immutable snapshot; then applies the retention to its instance. */
  async create(
    instanceKey: string,
    note: string,
    trigger: SnapshotTrigger = 'manual',
  ): Promise<SnapshotMeta> {
    const origin = await this.origin(instanceKey);
    const sections = await this.collect(instanceKey, origin);
    const takenAt = this.now();
    this.options.appStore.remember(origin, sections, takenAt.toISOString());

    const meta = await this.options.store.add({
      formatVersion: snapshotFormatVersion,
      id: newSnapshotId(takenAt),
      takenAt: takenAt.toISOString(),
      note,
      trigger,
      origin,
      sections,
    });
    this.options.log.info('saved a snapshot', { instanceKey, id: meta.id, trigger });
    await this.applyRetention(instanceKey);
    this.options.changed(instanceKey);
    return meta;
  }

  /**
   * Takes a snapshot when an instance's phase changes. Failures are logged:
   * the lifecycle change itself has happened and must not fail with them.
   */
  async onLifecycleChange(instanceKey: string, phase: InstancePhase): Promise<SnapshotMeta | null> {
    // Status events repeat for every component change, and a restart replays the latest one.
    const lastPhase =
      this.lastPhases.get(instanceKey) ?? this.options.store.list(instanceKey)[0]?.phase;
    this.lastPhases.set(instanceKey, phase);
    if (lastPhase === phase) return null;
    try {
      // The note stays empty: it is the user's text, and the list shows the trigger and the phase.
      return await this.create(instanceKey, '', 'lifecycle');
    } catch (error) {
      this.options.log.warn('could not take a snapshot on a lifecycle change', {
        instanceKey,
        phase,
        error: String(error),
      });
      return null;
    }
  }

  async remove(id: string): Promise<boolean> {
    const meta = this.options.store.find(id);
    const deleted = await this.options.store.remove(id);
    if (deleted) this.options.changed(meta?.origin.instanceKey ?? null);
    return deleted;
  }

  async compare(
    id: string,
    against: { kind: 'snapshot'; id: string } | { kind: 'live' },
  ): Promise<SnapshotComparison> {
    const before = await this.get(id);

    let afterSections: SnapshotSections;
    let after: SnapshotComparison['after'];
    if (against.kind === 'snapshot') {
      const other = await this.get(against.id);
      afterSections = other.sections;
      after = { label: other.note || other.id, takenAt: other.takenAt };
    } else {
      const origin = await this.origin(before.origin.instanceKey);
      afterSections = await this.collect(before.origin.instanceKey, origin);
      const takenAt = this.now().toISOString();
      this.options.appStore.remember(origin, afterSections, takenAt);
      after = { label: 'live', takenAt };
    }

    const diff = compareSections(before.sections, afterSections);
    return {
      before: { label: before.note || before.id, takenAt: before.takenAt },
      after,
      entries: diff.entries,
      unavailable: diff.unavailable,
    };
  }

  async exportFile(id: string, format: SnapshotFileFormat) {
    const snapshot = await this.get(id);
    const { name, namespace } = snapshot.origin;
    const stamp = snapshot.takenAt.replace(/[:.]/g, '-');
    return {
      fileName: `snapshot-${namespace}-${name}-${stamp}.${format === 'json' ? 'json' : 'yaml'}`,
      mimeType: format === 'json' ? 'application/json' : 'application/yaml',
      content: formatSnapshotFile(snapshot, format),
    };
  }

  /** Validates and saves an export file. An existing id is replaced only when `onClash` is replace. */
  async importFile(
    content: string,
    onClash: 'ask' | 'keep-both' | 'replace',
  ): Promise<ImportResult> {
    const parsed = parseSnapshotFile(content);
    if (!parsed.ok) return { status: 'invalid', ...parsed.problem };

    let snapshot = parsed.file.snapshot;
    const existing = this.options.store.find(snapshot.id);
    if (existing) {
      if (onClash === 'ask') return { status: 'clash', existing };
      if (onClash === 'replace') await this.options.store.remove(existing.id);
      else snapshot = { ...snapshot, id: newSnapshotId(this.now()) };
    }

    const meta = await this.options.store.add(snapshot);
    this.options.log.info('imported a snapshot', {
      id: meta.id,
      instanceKey: meta.origin.instanceKey,
      onClash,
    });
    this.options.changed(meta.origin.instanceKey);
    return { status: 'imported', snapshot: meta };
  }

  /** Sets how many snapshots each instance keeps and deletes the oldest beyond it now; returns how many were deleted. */
  async setRetention(perInstance: number): Promise<number> {
    this.options.appStore.setRetention(perInstance);
    const keys = new Set(this.options.store.list().map((meta) => meta.origin.instanceKey));
    let deleted = 0;
    for (const key of keys) deleted += await this.applyRetention(key);
    if (deleted > 0) this.options.changed(null);
    return deleted;
  }

  private async applyRetention(instanceKey: string): Promise<number> {
    const keep = this.options.appStore.data().retention.perInstance;
    const excess = this.options.store.list(instanceKey).slice(keep);
    for (const meta of excess) await this.options.store.remove(meta.id);
    if (excess.length > 0) {
      this.options.log.info('deleted snapshots beyond the retention', {
        instanceKey,
        deleted: excess.length,
        keep,
      });
    }
    return excess.length;
  }
}
