import { createStore, type StoreApi } from 'zustand/vanilla';

import type { Bridge } from '../../shared/contract';
import type { ClusterWatch, InstanceStatusView, Transition } from '../../shared/status/schemas';

export interface StatusState {
  /** Statuses by instance key. */
  statuses: Record<string, InstanceStatusView>;
  clusters: ClusterWatch[];
  pinned: string[];
  /** Transitions by instance key, loaded on demand. */
  history: Record<string, Transition[]>;
  loaded: boolean;
  loading: boolean;
  load(): Promise<void>;
  loadHistory(key: string): Promise<void>;
  refresh(contextId: string): Promise<void>;
  pin(contextId: string): Promise<void>;
  unpin(contextId: string): Promise<void>;
  /** Subscribes to status.changed and returns the function that unsubscribes. */
  connectEvents(): () => void;
}

export type StatusStore = StoreApi<StatusState>;

/** A status.changed listener outside React, such as the notifications. */
export type StatusListener = (
  status: InstanceStatusView,
  previous: InstanceStatusView | undefined,
) => void;

export function createStatusStore(
  bridge: Bridge,
  reportError: (error: unknown) => void,
): StatusStore & { onChange(listener: StatusListener): () => void } {
  const listeners = new Set<StatusListener>();
  let connections = 0;
  let unsubscribe: (() => void) | null = null;

  const store = createStore<StatusState>()((set, get) => ({
    statuses: {},
    clusters: [],
    pinned: [],
    history: {},
    loaded: false,
    loading: false,

    async load() {
      set({ loading: true });
      try {
        const list = await bridge.call('status.list', {});
        set((state) => ({
          // An event that arrived during the call is newer than the list only when its observation is later.
          statuses: Object.fromEntries(
            list.instances.map((status) => {
              const known = state.statuses[status.key];
              return [status.key, known && known.observedAt > status.observedAt ? known : status];
            }),
          ),
          clusters: list.clusters,
          pinned: list.pinned,
          loaded: true,
        }));
      } catch (error) {
        reportError(error);
      } finally {
        set({ loading: false });
      }
    },

    async loadHistory(key) {
      try {
        const { transitions } = await bridge.call('status.history', { key });
        set((state) => ({ history: { ...state.history, [key]: transitions } }));
      } catch (error) {
        reportError(error);
      }
    },

    async refresh(contextId) {
      try {
        const { instances } = await bridge.call('status.refresh', { contextId });
        set((state) => ({
          statuses: {
            ...state.statuses,
            ...Object.fromEntries(instances.map((status) => [status.key, status])),
          },
        }));
        await get().load();
      } catch (error) {
        reportError(error);
      }
    },

    async pin(contextId) {
      try {
        const { pinned } = await bridge.call('status.pin', { contextId });
        set({ pinned });
        await get().load();
      } catch (error) {
        reportError(error);
      }
    },

    async unpin(contextId) {
      try {
        const { pinned } = await bridge.call('status.unpin', { contextId });
        set({ pinned });
        await get().load();
      } catch (error) {
        reportError(error);
      }
    },

    connectEvents() {
      connections += 1;
      unsubscribe ??= bridge.subscribe('status.changed', (status) => {
        const previous = get().statuses[status.key];
        set((state) => ({ statuses: { ...state.statuses, [status.key]: status } }));
        // The history grows with each phase change; reload it where a panel shows it.
        if (previous?.phase !== status.phase && get().history[status.key]) {
          void get().loadHistory(status.key);
        }
        for (const listener of listeners) listener(status, previous);
      });
      return () => {
        connections -= 1;
        if (connections > 0) return;
        unsubscribe?.();
        unsubscribe = null;
      };
    },
  }));

  return Object.assign(store, {
    onChange(listener: StatusListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
}
