import CloudOffOutlined from '@mui/icons-material/CloudOffOutlined';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { useTranslation } from 'react-i18next';

import type { InstancePhase } from '../../shared/provision/instance';
import { formatFullTime } from '../kube/time-format';

/** Colours of the instance lifecycle: yellow while work runs, green when Active, red for Failed and Expired, grey when Terminated. */
export const phaseColors = {
  Creating: 'warning',
  Active: 'success',
  Failed: 'error',
  Expired: 'error',
  Terminating: 'warning',
  Terminated: 'default',
} as const satisfies Record<InstancePhase, 'warning' | 'success' | 'error' | 'default'>;

export interface StatusChipProps {
  phase: InstancePhase;
  /** Time the cluster stopped responding, or null. The chip then shows the last known phase with a marker. */
  unreachableSince?: string | null;
}

/** Chip that shows an instance's lifecycle phase in the lifecycle colours. */
export function StatusChip({ phase, unreachableSince = null }: StatusChipProps) {
  const { t, i18n } = useTranslation();
  const chip = (
    <Chip
      size="small"
      color={phaseColors[phase]}
      variant={unreachableSince ? 'outlined' : 'filled'}
      icon={unreachableSince ? <CloudOffOutlined /> : undefined}
      label={t(`status.phase.${phase}`)}
      data-testid="status-chip"
      data-phase={phase}
      sx={{ whiteSpace: 'nowrap' }}
    />
  );
  if (!unreachableSince) return chip;
  return (
    <Tooltip
      title={t('status.unreachableSince', {
        time: formatFullTime(unreachableSince, i18n.language),
      })}
    >
      {chip}
    </Tooltip>
  );
}
