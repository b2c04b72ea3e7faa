import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';

import type { Bridge, ContextList, RequestOf, ResponseOf } from '../../shared/contract';
import type { AppError } from '../../shared/errors';
import { useStores } from '../app/stores-context';
import { toAppError } from '../app/to-app-error';

export type ImportRequest = RequestOf<'kube.importKubeconfig'>;
export type KubectlDefaultResult = ResponseOf<'kube.setKubectlDefault'>;

export interface ContextState {
  /** Latest list from main. Its own activeId may lag behind `activeId` while a switch runs. */
  list: ContextList | null;
  /** Error of the last 'kube.listContexts' call, cleared by the next list that arrives. */
  listError: AppError | null;
  activeId: string | null;
  /** Id of the context that 'kube.setActiveContext' is switching to, while the call runs. */
  switchingTo: string | null;
  load(): Promise<void>;
  /** Makes a context active. Main then checks its connection and sends 'kube.checkChanged'. */
  setActive(contextId: string): Promise<void>;
  /**
   * The source actions below apply the list main returns and throw the
   * failure as an AppError, so the dialog that started them can show it
   * beside the user's input.
   */
  addSource(path: string): Promise<void>;
  removeSource(path: string): Promise<void>;
  importKubeconfig(request: ImportRequest): Promise<void>;
  setKubectlDefault(contextId: string): Promise<KubectlDefaultResult>;
  /** Subscribes to main's events and returns the function that unsubscribes. */
  connectEvents(): () => void;
}

export type ContextStore = StoreApi<ContextState>;

export function createContextStore(
  bridge: Bridge,
  reportError: (error: unknown) => void,
): ContextStore {
  const store = createStore<ContextState>()((set) => ({
    list: null,
    listError: null,
    activeId: null,
    switchingTo: null,

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
        set({ switchingTo: null, activeId: summary.id });
      } catch (error) {
        set({ switchingTo: null });
        reportError(error);
      }
    },

    async addSource(path) {
      applyList(await callOrThrow(() => bridge.call('kube.addSource', { path })));
    },

    async removeSource(path) {
      applyList(await callOrThrow(() => bridge.call('kube.removeSource', { path })));
    },

    async importKubeconfig(request) {
      applyList(await callOrThrow(() => bridge.call('kube.importKubeconfig', request)));
    },

    async setKubectlDefault(contextId) {
      return callOrThrow(() => bridge.call('kube.setKubectlDefault', { contextId }));
    },

    connectEvents() {
      const unsubscribers = [
        bridge.subscribe('kube.contextsChanged', applyList),
        bridge.subscribe('kube.activeContextChanged', ({ activeId }) => followActiveId(activeId)),
      ];
      return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
    },
  }));

  /**
   * Follows an active context that main reports, which another window or the
   * web bridge may have changed. While this store's own switch runs, main's
   * echo of it is ignored so the earlier active id does not flash back.
   */
  function followActiveId(contextId: string | null): void {
    const { activeId, switchingTo } = store.getState();
    if (contextId === activeId || (contextId !== null && contextId === switchingTo)) return;
    store.setState({ activeId: contextId });
  }

  function applyList(list: ContextList): void {
    store.setState({ list, listError: null });
    followActiveId(list.activeId);
  }

  return store;
}

async function callOrThrow<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAppError(error);
  }
}

export function useContextStore<T>(selector: (state: ContextState) => T): T {
  return useStore(useStores().contexts, selector);
}
