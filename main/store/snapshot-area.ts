import { z } from 'zod';

import { InstancePhaseSchema, type InstancePhase } from '../../shared/provision/instance';
import type { OfflineReason, snapshotRequests } from '../../shared/contract/areas/snapshots';
import { parseInstanceKey } from '../../shared/provision/instance-key';
import type { SnapshotMeta, SnapshotOrigin, SnapshotSections } from '../../shared/snapshots/schema';
import type { AreaContext, AreaHandlers } from '../area';
import { createClientConfig } from '../kube/client';
import { readRecord } from '../provision/inventory';
import { openAppStore, type StoreFileFactory } from './app-store';
import { createOfflineTracker } from './offline-state';
import { SnapshotService } from './snapshot-service';
import { createRecordSources, type SnapshotSources } from './snapshot-sources';
import { openSnapshotStore } from './snapshot-store';

/** Timeout of each cluster call a snapshot makes, in milliseconds. */
const readTimeoutMs = 8_000;

export interface SnapshotAreaDeps {
  /** Sections of a snapshot; default: the instance record only (access and matrix null). */
  sources?: SnapshotSources;
  /** Opens app-store.json; default conf, in Electron electron-store (main/app/electron-store-backend.ts). */
  openStoreFile?: StoreFileFactory;
}

export interface SnapshotArea {
  handlers: AreaHandlers<typeof snapshotRequests>;
  /** The service, once its files are open. */
  ready: Promise<SnapshotService>;
  /** Takes a lifecycle snapshot; the status area (or the lead's adapter) calls it on every phase change. */
  onLifecycleChange(instanceKey: string, phase: InstancePhase): Promise<SnapshotMeta | null>;
  /** Saves sections another area read from the cluster, for offline use; see SnapshotService.remember. */
  remember(instanceKey: string, sections: Partial<SnapshotSections>): Promise<void>;
  /** Tells other areas whether cluster actions on a context are disabled, and why; null while online. */
  offlineReason(contextId: string): Promise<OfflineReason | null>;
}

/**
 * The fields of the status area's 'status.changed' payload (InstanceStatusView)
 * this area reads, parsed loosely so the rest of that payload can change.
 */
const StatusChangedSchema = z.looseObject({
  key: z.string(),
  contextId: z.string(),
  phase: InstancePhaseSchema,
  unreachableSince: z.iso.datetime().nullable().optional(),
});

export function createSnapshotArea(
  context: AreaContext,
  deps: SnapshotAreaDeps = {},
): SnapshotArea {
  const log = context.log.child('snapshots');

  const sources =
    deps.sources ??
    createRecordSources(async (contextId, namespace, name) => {
      const resolved = await context.kube.resolve(contextId);
      const config = await createClientConfig(resolved, context.kube.deps);
      return readRecord(config, namespace, name, { timeoutMs: readTimeoutMs, log });
    });

  const ready = (async () => {
    const appStore = openAppStore(context.dataDir, log, deps.openStoreFile);
    const store = await openSnapshotStore(context.dataDir, log);
    const offline = createOfflineTracker(appStore);
    for (const check of context.kube.listChecks()) offline.applyCheck(check);

    const describe = async (instanceKey: string): Promise<SnapshotOrigin> => {
      const parts = parseInstanceKey(instanceKey);
      const known = appStore.lastKnown(instanceKey)?.origin;
      const { contexts } = await context.kube.listContexts();
      const summary = contexts.find((item) => item.id === parts?.contextId);
      return {
        instanceKey,
        contextId: parts?.contextId ?? '',
        contextName: summary?.ref.name ?? known?.contextName ?? '',
        server: summary?.server ?? known?.server ?? null,
        namespace: parts?.namespace ?? '',
        name: parts?.name ?? '',
      };
    };

    const service = new SnapshotService({
      store,
      appStore,
      offline,
      sources,
      describe,
      changed: (instanceKey) => context.hub.emit('snapshots.changed', { instanceKey }),
      offlineChanged: () => context.hub.emit('offline.changed', offline.state()),
      log,
    });

    const unsubscribe = context.hub.subscribe((event, payload) => {
      if (event === 'kube.checkChanged') {
        if (offline.applyCheck(payload as never))
          context.hub.emit('offline.changed', offline.state());
        return;
      }
      if ((event as string) !== 'status.changed') return;
      const changed = StatusChangedSchema.safeParse(payload);
      if (!changed.success) return;
      const { key, contextId, phase, unreachableSince } = changed.data;
      if (unreachableSince !== undefined && offline.applyStatus(contextId, unreachableSince)) {
        context.hub.emit('offline.changed', offline.state());
      }
      if (unreachableSince == null) void service.onLifecycleChange(key, phase);
    });
    context.onClose(unsubscribe);
    context.hub.emit('offline.changed', offline.state());

    return { service, offline };
  })();
  ready.catch((error: unknown) =>
    log.error('could not open the snapshot store', { error: String(error) }),
  );

  const service = async () => (await ready).service;
  const offline = async () => (await ready).offline;

  return {
    ready: ready.then((opened) => opened.service),
    onLifecycleChange: async (instanceKey, phase) =>
      (await service()).onLifecycleChange(instanceKey, phase),
    remember: async (instanceKey, sections) => {
      await (await service()).remember(instanceKey, sections);
    },
    offlineReason: async (contextId) => (await offline()).reasonFor(contextId),
    handlers: {
      'snapshots.list': async ({ instanceKey }) => (await service()).list(instanceKey),
      'snapshots.get': async ({ id }) => (await service()).get(id),
      'snapshots.create': async ({ instanceKey, note }) =>
        (await service()).create(instanceKey, note),
      'snapshots.delete': async ({ id }) => ({ deleted: await (await service()).remove(id) }),
      'snapshots.compare': async ({ id, against }) => (await service()).compare(id, against),
      'snapshots.export': async ({ id, format }) => (await service()).exportFile(id, format),
      'snapshots.import': async ({ content, onClash }) =>
        (await service()).importFile(content, onClash),
      'snapshots.setRetention': async ({ perInstance }) => {
        const deleted = await (await service()).setRetention(perInstance);
        return { retention: perInstance, deleted };
      },
      'snapshots.lastKnown': async ({ instanceKey }) => (await service()).lastKnown(instanceKey),
      'offline.get': async () => (await offline()).state(),
      'offline.set': async ({ forced }) => {
        const state = (await offline()).setForced(forced);
        log.info(forced ? 'offline mode turned on' : 'offline mode turned off');
        context.hub.emit('offline.changed', state);
        return state;
      },
    },
  };
}
