import type { ConnectionCheck } from '../../shared/contract';
import type { OfflineContext, OfflineState } from '../../shared/contract/areas/snapshots';
import { AppError } from '../../shared/errors';
import type { AppStore } from './app-store';

/** Check outcomes and error kinds that mean the cluster could not be reached at all. */
const unreachableStatuses = new Set<string>(['unreachable', 'timeout']);

export interface OfflineTracker {
  state(): OfflineState;
  setForced(forced: boolean): OfflineState;
  /** Tells whether cluster actions on this context are disabled, and why. */
  reasonFor(contextId: string): 'forced' | 'unreachable' | null;
  /** Records a connection check; returns true when the state changed. */
  applyCheck(check: ConnectionCheck): boolean;
  /** Records the status area's watch result: the time the cluster stopped responding, or null. */
  applyStatus(contextId: string, unreachableSince: string | null): boolean;
  /** Records the outcome of a cluster read; returns true when the state changed. */
  applyRead(contextId: string, error: unknown, now?: Date): boolean;
}

/**
 * Keeps which contexts are offline: all of them when the user turned offline
 * mode on (saved in the app store), and each context whose cluster the last
 * connection check or read could not reach.
 */
export function createOfflineTracker(store: AppStore): OfflineTracker {
  const unreachable = new Map<string, OfflineContext>();

  const state = (): OfflineState => ({
    forced: store.data().offline.forced,
    forcedAt: store.data().offline.forcedAt,
    unreachable: [...unreachable.values()].sort((a, b) => a.contextId.localeCompare(b.contextId)),
  });

  const mark = (contextId: string, since: string, detail: string | null): boolean => {
    const had = unreachable.has(contextId);
    unreachable.set(contextId, { contextId, reason: 'unreachable', since, detail });
    return !had;
  };

  return {
    state,
    setForced(forced) {
      store.setOffline(forced, new Date().toISOString());
      return state();
    },
    reasonFor(contextId) {
      if (store.data().offline.forced) return 'forced';
      return unreachable.has(contextId) ? 'unreachable' : null;
    },
    applyCheck(check) {
      if (unreachableStatuses.has(check.status)) {
        return mark(check.contextId, check.checkedAt, check.error?.message ?? null);
      }
      // Any other outcome, even 401, is a response of the API server, so the cluster is reachable.
      return unreachable.delete(check.contextId);
    },
    applyStatus(contextId, unreachableSince) {
      if (unreachableSince === null) return unreachable.delete(contextId);
      if (unreachable.get(contextId)?.since === unreachableSince) return false;
      unreachable.set(contextId, {
        contextId,
        reason: 'unreachable',
        since: unreachableSince,
        detail: null,
      });
      return true;
    },
    applyRead(contextId, error, now = new Date()) {
      if (error === null) return unreachable.delete(contextId);
      if (error instanceof AppError && unreachableStatuses.has(error.kind)) {
        return mark(contextId, now.toISOString(), error.message);
      }
      return false;
    },
  };
}
