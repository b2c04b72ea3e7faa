import Chip from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';

import type { Health } from '../../shared/status/schemas';

const healthColors = {
  Healthy: 'success',
  Present: 'default',
  Progressing: 'warning',
  Failed: 'error',
  Terminating: 'warning',
  Missing: 'error',
} as const satisfies Record<Health, 'success' | 'default' | 'warning' | 'error'>;

/** Chip that shows the health of a component or object. */
export function HealthChip({ health }: { health: Health }) {
  const { t } = useTranslation();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={healthColors[health]}
      label={t(`status.health.${health}`)}
      data-testid="health-chip"
      data-health={health}
    />
  );
}
