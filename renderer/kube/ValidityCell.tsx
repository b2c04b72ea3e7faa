import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

import type { ContextSummary } from '../../shared/contract';

export function ValidityCell({ context }: { context: ContextSummary }) {
  const { t } = useTranslation();

  return (
    <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
      {context.invalidReason === null ? (
        <Chip size="small" color="success" variant="outlined" label={t('clusters.table.valid')} />
      ) : (
        <>
          <Chip size="small" color="error" variant="outlined" label={t('clusters.table.invalid')} />
          <Typography variant="caption" color="error">
            {context.invalidReason}
          </Typography>
        </>
      )}
      {context.shadowed && (
        <Tooltip title={t('clusters.table.shadowedHint')}>
          <Chip size="small" variant="outlined" label={t('clusters.table.shadowed')} />
        </Tooltip>
      )}
    </Stack>
  );
}
