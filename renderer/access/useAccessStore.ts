import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';

import type { Bridge } from '../../shared/contract';
import type { AccessOverview } from '../../shared/contract/areas/access';
import type { InstanceSummary } from '../../shared/contract/areas/instances';
import type { AppError } from '../../shared/errors';
import { useStores } from '../app/stores-context';
import { toAppError } from '../app/to-app-error';

export interface AccessState {
  instances: InstanceSummary[] | null;
  selectedKey: string | null;
  overview: AccessOverview | null;
  loading: boolean;
  error: AppError | null;
  loadInstances(): Promise<void>;
  select(key: string | null): void;
  /** Reads the selected instance's owners, users, groups and group users again. */
  refresh(): Promise<void>;
}

export type AccessStore = StoreApi<AccessState>;

export function createAccessStore(bridge: Bridge): AccessStore {
  return createStore<AccessState>((set, get) => ({
    instances: null,
    selectedKey: null,
    overview: null,
    loading: false,
    error: null,

    async loadInstances() {
      try {
        const list = await bridge.call('instances.list', {});
        set({ instances: list.instances });
        const { selectedKey } = get();
        if (selectedKey === null && list.instances.length > 0) get().select(list.instances[0]!.key);
      } catch (error) {
        set({ instances: [], error: toAppError(error) });
      }
    },

    select(key) {
      if (key === get().selectedKey) return;
      set({ selectedKey: key, overview: null, error: null });
      if (key !== null) void get().refresh();
    },

    async refresh() {
      const key = get().selectedKey;
      if (key === null) return;
      set({ loading: true });
      try {
        const overview = await bridge.call('access.overview', { instanceKey: key });
        if (get().selectedKey === key) {
          // Paired with 'kfd-access-rendered' in ProfilesTab; bench-access measures between them.
          performance.mark('kfd-access-data');
          set({ overview, error: null });
        }
      } catch (error) {
        if (get().selectedKey === key) set({ error: toAppError(error), overview: null });
      } finally {
        set({ loading: false });
      }
    },
  }));
}

const stores = new WeakMap<Bridge, AccessStore>();

/** The access store of the window's bridge, shared by the Access and Roles screens. */
export function useAccessStore<T>(selector: (state: AccessState) => T): T {
  const { bridge } = useStores();
  let store = stores.get(bridge);
  if (!store) {
    store = createAccessStore(bridge);
    stores.set(bridge, store);
  }
  return useStore(store, selector);
}
