import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { useTranslation } from 'react-i18next';

import type { AccessStatus } from '../../shared/contract/areas/access';

const colors = { Pending: 'warning', Active: 'success', Failed: 'error' } as const;

export function AccessStatusChip({
  status,
  reason,
}: {
  status: AccessStatus;
  reason: string | null;
}) {
  const { t } = useTranslation();
  const chip = (
    <Chip
      size="small"
      color={colors[status]}
      label={t(`accessPage.status.${status}`)}
      data-status={status}
    />
  );
  return reason ? <Tooltip title={reason}>{chip}</Tooltip> : chip;
}
