import Chip from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';

import type { InstancePhase } from '../../shared/provision/instance';

/** The lifecycle colours of DESIGN.md: yellow while changing, green when up, red on trouble, grey when gone. */
const phaseColours = {
  Creating: 'warning',
  Active: 'success',
  Failed: 'error',
  Expired: 'error',
  Terminating: 'warning',
  Terminated: 'default',
} as const satisfies Record<InstancePhase, 'warning' | 'success' | 'error' | 'default'>;

export function PhaseChip({ phase }: { phase: InstancePhase }) {
  const { t } = useTranslation();
  return (
    <Chip
      size="small"
      color={phaseColours[phase]}
      label={t(`instances.phase.${phase}`)}
      data-testid="instance-phase"
      data-phase={phase}
    />
  );
}
