import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';

import type { Bridge, ConnectionCheck } from '../../shared/contract';
import { useStores } from '../app/stores-context';

export interface CheckState {
  /** Latest connection check of each context by context id, including saved results from earlier runs. */
  checks: Record<string, ConnectionCheck>;
  /** Ids of the contexts whose 'kube.check' call from this window is still running. */
  running: Record<string, true>;
  /** Loads the saved checks with 'kube.listChecks'. */
  load(): Promise<void>;
  /** Runs a connection check now. A failed call goes to the error snackbar, but a failed check is stored as a result. */
  check(contextId: string): Promise<void>;
  /** Subscribes to 'kube.checkChanged' and returns the function that unsubscribes. */
  connectEvents(): () => void;
}

export type CheckStore = StoreApi<CheckState>;

/** Tells whether `candidate` is at least as recent as `current`, so an older result never replaces a newer one. */
function isNewer(candidate: ConnectionCheck, current: ConnectionCheck | undefined): boolean {
  if (!current) return true;
  const candidateTime = Date.parse(candidate.checkedAt);
  const currentTime = Date.parse(current.checkedAt);
  if (Number.isNaN(candidateTime) || Number.isNaN(currentTime)) return true;
  return candidateTime >= currentTime;
}

export function createCheckStore(
  bridge: Bridge,
  reportError: (error: unknown) => void,
): CheckStore {
  const store = createStore<CheckState>()((set) => ({
    checks: {},
    running: {},

    async load() {
      try {
        const { checks } = await bridge.call('kube.listChecks', {});
        checks.forEach(applyCheck);
      } catch (error) {
        reportError(error);
      }
    },

    async check(contextId) {
      set((state) => ({ running: { ...state.running, [contextId]: true } }));
      try {
        applyCheck(await bridge.call('kube.check', { contextId }));
      } catch (error) {
        reportError(error);
      } finally {
        set((state) => {
          const { [contextId]: _finished, ...running } = state.running;
          return { running };
        });
      }
    },

    connectEvents() {
      return bridge.subscribe('kube.checkChanged', applyCheck);
    },
  }));

  function applyCheck(check: ConnectionCheck): void {
    const current = store.getState().checks[check.contextId];
    if (!isNewer(check, current)) return;
    store.setState((state) => ({ checks: { ...state.checks, [check.contextId]: check } }));
  }

  return store;
}

export function useCheckStore<T>(selector: (state: CheckState) => T): T {
  return useStore(useStores().checks, selector);
}
