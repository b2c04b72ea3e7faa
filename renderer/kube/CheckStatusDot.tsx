import Box from '@mui/material/Box';
import { useTranslation } from 'react-i18next';

import { statusLabelKey, statusTone, type DisplayStatus } from './check-display';

const toneColors = {
  success: 'success.main',
  warning: 'warning.main',
  error: 'error.main',
  neutral: 'grey.500',
} as const;

/** Small coloured dot for a connection status, labelled for screen readers. */
export function CheckStatusDot({ status }: { status: DisplayStatus }) {
  const { t } = useTranslation();

  return (
    <Box
      component="span"
      role="img"
      aria-label={t(statusLabelKey(status))}
      data-testid="active-context-status"
      data-status={status}
      sx={{
        display: 'inline-block',
        flexShrink: 0,
        width: 10,
        height: 10,
        borderRadius: '50%',
        bgcolor: toneColors[statusTone(status)],
        border: 1,
        borderColor: 'background.paper',
      }}
    />
  );
}
