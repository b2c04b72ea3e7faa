import { useTranslation } from 'react-i18next';

import type { OfflineReason } from '../../shared/contract/areas/snapshots';
import { useOfflineStore } from './offline-store';

export interface OfflineStatus {
  offline: boolean;
  reason: OfflineReason | null;
  /** Since when the cluster could not be reached, or when offline mode was turned on. */
  since: string | null;
  /**
   * The text to show beside (or as the tooltip of) an action that needs the
   * cluster, or null while the context is online.
   */
  disabledReason: string | null;
}

/**
 * Tells whether cluster actions on a context are disabled and why: offline
 * mode is on (every context), or the context's cluster could not be reached.
 * Without a context id, only offline mode counts.
 */
export function useOffline(contextId?: string | null): OfflineStatus {
  const { t } = useTranslation();
  const state = useOfflineStore((store) => store.state);

  if (state?.forced) {
    return {
      offline: true,
      reason: 'forced',
      since: state.forcedAt,
      disabledReason: t('offline.disabled.forced'),
    };
  }
  const unreachable = contextId
    ? state?.unreachable.find((item) => item.contextId === contextId)
    : undefined;
  if (unreachable) {
    return {
      offline: true,
      reason: 'unreachable',
      since: unreachable.since,
      disabledReason: t('offline.disabled.unreachable'),
    };
  }
  return { offline: false, reason: null, since: null, disabledReason: null };
}
