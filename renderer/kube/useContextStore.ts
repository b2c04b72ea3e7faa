import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';

import type { Bridge, ClusterProbe, ContextList } from '../../shared/contract';
import type { AppError } from '../../shared/errors';
import { useStores } from '../app/stores-context';
import { toAppError } from '../app/to-app-error';

export interface ContextState {
  /** Latest list from main. Its own activeId may lag behind `activeId` while a switch runs. */
  list: ContextList | null;
  /** Error of the last 'kube.listContexts' call, cleared by the next list that arrives. */
  listError: AppError | null;
  activeId: string | null;
  /** Id of the context that 'kube.setActiveContext' is switching to, while the call runs. */
  switchingTo: string | null;
  /** Latest probe of the active context, cleared whenever the active context changes. */
  probe: ClusterProbe | null;
  probeError: AppError | null;
  probing: boolean;
  load(): Promise<void>;
  /** Makes a context active, then probes it. */
  setActive(contextId: string): Promise<void>;
  probeActive(): Promise<void>;
  /** Subscribes to main's events and returns the function that unsubscribes. */
  connectEvents(): () => void;
}

export type ContextStore = StoreApi<ContextState>;

export function createContextStore(
  bridge: Bridge,
  reportError: (error: unknown) => void,
): ContextStore {
  const store = createStore<ContextState>()((set, get) => ({
    list: null,
    listError: null,
    activeId: null,
    switchingTo: null,
    probe: null,
    probeError: null,
    probing: false,

    async load() {
      try {
        applyList(await bridge.call('kube.listContexts', {}));
      } catch (error) {
        set({ listError: toAppError(error) });
        reportError(error);
      }
    },

    async setActive(contextId) {
      set({ switchingTo: contextId });
      try {
        const summary = await bridge.call('kube.setActiveContext', { contextId });
        set({ switchingTo: null });
        activate(summary.id);
      } catch (error) {
        set({ switchingTo: null });
        reportError(error);
        return;
      }
      await get().probeActive();
    },

    async probeActive() {
      const contextId = get().activeId;
      if (!contextId) return;

      set({ probing: true, probeError: null });
      try {
        const probe = await bridge.call('kube.probe', { contextId });
        // A probe that returns after the user switched away belongs to another context.
        if (get().activeId === contextId) set({ probe, probing: false });
      } catch (error) {
        if (get().activeId === contextId) {
          set({ probe: null, probeError: toAppError(error), probing: false });
        }
      }
    },

    connectEvents() {
      const unsubscribers = [
        bridge.subscribe('kube.contextsChanged', applyList),
        bridge.subscribe('kube.activeContextChanged', ({ activeId }) => followActiveId(activeId)),
      ];
      return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
    },
  }));

  /** Records a new active context and drops the probe that belonged to the previous one. */
  function activate(contextId: string | null): void {
    if (contextId === store.getState().activeId) return;
    store.setState({
      activeId: contextId,
      probe: null,
      probeError: null,
      probing: false,
    });
  }

  /**
   * Follows an active context that main reports, which another window or the
   * web bridge may have changed. The switch this store started itself is
   * ignored here, because setActive probes it once the call returns.
   */
  function followActiveId(contextId: string | null): void {
    const { activeId, switchingTo } = store.getState();
    if (contextId === activeId || (contextId !== null && contextId === switchingTo)) return;

    activate(contextId);
    if (contextId) void store.getState().probeActive();
  }

  function applyList(list: ContextList): void {
    store.setState({ list, listError: null });
    followActiveId(list.activeId);
  }

  return store;
}

export function useContextStore<T>(selector: (state: ContextState) => T): T {
  return useStore(useStores().contexts, selector);
}
