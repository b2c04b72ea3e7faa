import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';

import type { Bridge } from '../../shared/contract';
import type { InstanceList, Job } from '../../shared/contract/areas/instances';
import { useStores } from '../app/stores-context';

export interface InstanceState {
  list: InstanceList | null;
  loading: boolean;
  /** Jobs of this session by id, updated by 'instances.job' events. */
  jobs: Record<string, Job>;
  /** Loads every instance of every context. */
  load(): Promise<void>;
  /** Subscribes to the instance events and returns the function that unsubscribes. */
  connectEvents(): () => void;
}

export type InstanceStore = StoreApi<InstanceState>;

export function createInstanceStore(
  bridge: Bridge,
  reportError: (error: unknown) => void,
): InstanceStore {
  let generation = 0;
  const store = createStore<InstanceState>()((set) => ({
    list: null,
    loading: false,
    jobs: {},

    async load() {
      const mine = ++generation;
      set({ loading: true });
      try {
        const [list, { jobs }] = await Promise.all([
          bridge.call('instances.list', {}),
          bridge.call('instances.jobs', {}),
        ]);
        // A slower earlier load never replaces a newer one.
        if (mine !== generation) return;
        set((state) => ({
          list,
          jobs: { ...Object.fromEntries(jobs.map((job) => [job.jobId, job])), ...state.jobs },
        }));
      } catch (error) {
        reportError(error);
      } finally {
        if (mine === generation) set({ loading: false });
      }
    },

    connectEvents() {
      const offList = bridge.subscribe('instances.changed', (list) => {
        generation++;
        set({ list, loading: false });
      });
      const offJob = bridge.subscribe('instances.job', (job) =>
        set((state) => ({ jobs: { ...state.jobs, [job.jobId]: job } })),
      );
      return () => {
        offList();
        offJob();
      };
    },
  }));
  return store;
}

const stores = new WeakMap<Bridge, InstanceStore>();

/** Returns the instance store of this window's bridge, created on first use. */
export function useInstanceStoreApi(): InstanceStore {
  const { bridge, errors } = useStores();
  let store = stores.get(bridge);
  if (!store) {
    store = createInstanceStore(bridge, (error) => errors.getState().report(error));
    stores.set(bridge, store);
  }
  return store;
}

export function useInstanceStore<T>(selector: (state: InstanceState) => T): T {
  return useStore(useInstanceStoreApi(), selector);
}

/** Returns the newest job of an instance, or null. */
export function latestJobOf(jobs: Record<string, Job>, key: string): Job | null {
  let latest: Job | null = null;
  for (const job of Object.values(jobs)) {
    if (job.key !== key) continue;
    if (!latest || job.startedAt >= latest.startedAt) latest = job;
  }
  return latest;
}
