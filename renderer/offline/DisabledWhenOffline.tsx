import Tooltip from '@mui/material/Tooltip';
import type { ReactElement } from 'react';

import { useOffline } from './useOffline';

export interface DisabledWhenOfflineProps {
  contextId?: string | null;
  /** Receives whether to disable the action; the tooltip gives the reason. */
  children: (disabled: boolean) => ReactElement;
}

/**
 * Wraps an action that needs the cluster: disabled while its context is
 * offline, with the reason as a tooltip. The span keeps the tooltip working
 * on a disabled button, which fires no pointer events.
 */
export function DisabledWhenOffline({ contextId, children }: DisabledWhenOfflineProps) {
  const { offline, disabledReason } = useOffline(contextId);
  if (!offline) return children(false);
  return (
    <Tooltip title={disabledReason ?? ''}>
      <span>{children(true)}</span>
    </Tooltip>
  );
}
