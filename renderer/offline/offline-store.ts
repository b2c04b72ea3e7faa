import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';

import type { Bridge } from '../../shared/contract';
import type { OfflineState } from '../../shared/contract/areas/snapshots';
import { useStores } from '../app/stores-context';

export interface OfflineStoreState {
  /** Null until 'offline.get' returns. */
  state: OfflineState | null;
  load(): Promise<void>;
  setForced(forced: boolean): Promise<void>;
  /** Subscribes to 'offline.changed' and returns the function that unsubscribes. */
  connectEvents(): () => void;
}

export type OfflineStore = StoreApi<OfflineStoreState>;

export function createOfflineStore(
  bridge: Bridge,
  reportError: (error: unknown) => void,
): OfflineStore {
  return createStore<OfflineStoreState>()((set) => ({
    state: null,
    async load() {
      try {
        set({ state: await bridge.call('offline.get', {}) });
      } catch (error) {
        reportError(error);
      }
    },
    async setForced(forced) {
      try {
        set({ state: await bridge.call('offline.set', { forced }) });
      } catch (error) {
        reportError(error);
      }
    },
    connectEvents: () => bridge.subscribe('offline.changed', (state) => set({ state })),
  }));
}

// One store per bridge, so every screen that embeds the offline pieces shares one state and one subscription.
// The subscription lasts as long as the window, like the bridge.
const stores = new WeakMap<Bridge, OfflineStore>();

/** Returns the window's offline store, created, loaded and subscribed on first use. */
export function useOfflineStoreApi(): OfflineStore {
  const { bridge, errors } = useStores();
  let store = stores.get(bridge);
  if (!store) {
    store = createOfflineStore(bridge, (error) => errors.getState().report(error));
    stores.set(bridge, store);
    store.getState().connectEvents();
    void store.getState().load();
  }
  return store;
}

export function useOfflineStore<T>(selector: (state: OfflineStoreState) => T): T {
  return useStore(useOfflineStoreApi(), selector);
}
