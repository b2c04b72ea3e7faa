import { useEffect } from 'react';
import { useStore } from 'zustand';

import type { Bridge } from '../../shared/contract';
import type { InstanceStatusView } from '../../shared/status/schemas';
import { useStores } from '../app/stores-context';
import { createStatusStore, type StatusState } from './status-store';

type CachedStore = ReturnType<typeof createStatusStore>;
const stores = new WeakMap<Bridge, CachedStore>();

/** Returns the status store of the app's bridge, created on first use and shared by every caller. */
export function useStatusStoreApi(): CachedStore {
  const { bridge, errors } = useStores();
  let store = stores.get(bridge);
  if (!store) {
    store = createStatusStore(bridge, (error) => errors.getState().report(error));
    stores.set(bridge, store);
  }
  return store;
}

/** Selects from the status store, and keeps it loaded and subscribed while the component is mounted. */
export function useStatusStore<T>(select: (state: StatusState) => T): T {
  const store = useStatusStoreApi();
  useEffect(() => {
    const disconnect = store.getState().connectEvents();
    if (!store.getState().loaded && !store.getState().loading) void store.getState().load();
    return disconnect;
  }, [store]);
  return useStore(store, select);
}

/** Returns the live status of one instance, or null while the engine has not observed it. */
export function useInstanceStatus(key: string): InstanceStatusView | null {
  return useStatusStore((state) => state.statuses[key] ?? null);
}
