import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';

import type { Bridge } from '../../shared/contract';
import type { InstanceSummary } from '../../shared/contract/areas/instances';
import type { SnapshotInstanceEntry } from '../../shared/contract/areas/snapshots';
import type { SnapshotMeta } from '../../shared/snapshots/schema';
import { useStores } from '../app/stores-context';

export interface SnapshotStoreState {
  loaded: boolean;
  instances: SnapshotInstanceEntry[];
  /** Snapshots of the selected instance, newest first. */
  snapshots: SnapshotMeta[];
  selectedKey: string | null;
  retention: number;
  storeBytes: number;
  /** Loads the list with 'snapshots.list'; keeps the selection when its instance is still listed. */
  load(): Promise<void>;
  select(instanceKey: string): Promise<void>;
  /** Instances as 'instances.list' returned them, so one never snapshotted can be chosen. */
  live: InstanceSummary[];
  /** Loads the instances of every cluster with 'instances.list', which can take seconds when a cluster does not respond. */
  loadLive(): Promise<void>;
  /** Subscribes to 'snapshots.changed' and returns the function that unsubscribes. */
  connectEvents(): () => void;
}

export type SnapshotStore = StoreApi<SnapshotStoreState>;

/** Adds the live instances that have no saved data yet, and sorts the list as main does. */
export function mergeLive(
  saved: SnapshotInstanceEntry[],
  live: InstanceSummary[],
): SnapshotInstanceEntry[] {
  const byKey = new Map(saved.map((entry) => [entry.origin.instanceKey, entry]));
  for (const instance of live) {
    if (byKey.has(instance.key)) continue;
    byKey.set(instance.key, {
      origin: {
        instanceKey: instance.key,
        contextId: instance.contextId,
        contextName: instance.contextName,
        server: instance.server,
        namespace: instance.namespace,
        name: instance.name,
      },
      phase: instance.phase,
      snapshotCount: 0,
      lastKnownAt: null,
    });
  }
  return [...byKey.values()].sort(
    (a, b) =>
      a.origin.contextName.localeCompare(b.origin.contextName) ||
      a.origin.namespace.localeCompare(b.origin.namespace) ||
      a.origin.name.localeCompare(b.origin.name),
  );
}

export function createSnapshotStore(
  bridge: Bridge,
  reportError: (error: unknown) => void,
): SnapshotStore {
  const store = createStore<SnapshotStoreState>()((set, get) => ({
    loaded: false,
    instances: [],
    snapshots: [],
    selectedKey: null,
    retention: 0,
    storeBytes: 0,
    live: [],

    async load() {
      try {
        const current = get().selectedKey;
        const all = await bridge.call('snapshots.list', {});
        const instances = mergeLive(all.instances, get().live);
        const keys = instances.map((entry) => entry.origin.instanceKey);
        const selectedKey = current && keys.includes(current) ? current : (keys[0] ?? null);
        set({
          loaded: true,
          instances,
          retention: all.retention,
          storeBytes: all.storeBytes,
          selectedKey,
          snapshots: all.snapshots.filter((meta) => meta.origin.instanceKey === selectedKey),
        });
      } catch (error) {
        reportError(error);
      }
    },

    async select(instanceKey) {
      set({ selectedKey: instanceKey, snapshots: [] });
      try {
        const list = await bridge.call('snapshots.list', { instanceKey });
        if (get().selectedKey !== instanceKey) return;
        set({ snapshots: list.snapshots, storeBytes: list.storeBytes });
      } catch (error) {
        reportError(error);
      }
    },

    async loadLive() {
      try {
        const { instances } = await bridge.call('instances.list', {});
        set((state) => ({ live: instances, instances: mergeLive(state.instances, instances) }));
        if (get().selectedKey === null && get().instances[0])
          await get().select(get().instances[0]!.origin.instanceKey);
      } catch (error) {
        reportError(error);
      }
    },

    connectEvents: () => bridge.subscribe('snapshots.changed', () => void get().load()),
  }));
  return store;
}

const stores = new WeakMap<Bridge, SnapshotStore>();

/** Returns the window's snapshot store, created and subscribed on first use. */
export function useSnapshotStoreApi(): SnapshotStore {
  const { bridge, errors } = useStores();
  let store = stores.get(bridge);
  if (!store) {
    store = createSnapshotStore(bridge, (error) => errors.getState().report(error));
    stores.set(bridge, store);
    store.getState().connectEvents();
  }
  return store;
}

export function useSnapshotStore<T>(selector: (state: SnapshotStoreState) => T): T {
  return useStore(useSnapshotStoreApi(), selector);
}
