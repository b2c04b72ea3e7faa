import CancelOutlined from '@mui/icons-material/CancelOutlined';
import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import HelpOutlineOutlined from '@mui/icons-material/HelpOutlineOutlined';
import WarningAmber from '@mui/icons-material/WarningAmber';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import { useTranslation } from 'react-i18next';

import { statusLabelKey, statusTone, type DisplayStatus } from './check-display';

const chipColors = {
  success: 'success',
  warning: 'default',
  error: 'error',
  neutral: 'default',
} as const;

const toneIcons = {
  success: <CheckCircleOutlined />,
  warning: <WarningAmber color="warning" />,
  error: <CancelOutlined />,
  neutral: <HelpOutlineOutlined />,
};

export interface CheckStatusChipProps {
  status: DisplayStatus;
  /** True while a check of this context runs, which keeps the last status and adds a spinner. */
  running?: boolean;
}

/** Chip that shows a connection status: green for ok, grey with a warning for unreachable or timed out, red for failures. */
export function CheckStatusChip({ status, running = false }: CheckStatusChipProps) {
  const { t } = useTranslation();
  const tone = statusTone(status);

  const icon = running ? <CircularProgress size={14} color="inherit" /> : toneIcons[tone];

  return (
    <Chip
      size="small"
      variant="outlined"
      color={chipColors[tone]}
      icon={icon}
      label={t(statusLabelKey(status))}
      data-testid="check-status"
      data-status={status}
      aria-busy={running}
      sx={{ whiteSpace: 'nowrap' }}
    />
  );
}
