import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

import type { ClusterProbe } from '../../shared/contract';

function formatCheckedAt(checkedAt: string, language: string): string {
  const date = new Date(checkedAt);
  if (Number.isNaN(date.getTime())) return checkedAt;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' }).format(
    date,
  );
}

export function ProbeDetails({ probe }: { probe: ClusterProbe }) {
  const { t, i18n } = useTranslation();

  const rows = [
    {
      label: t('clusters.probe.serverVersion'),
      value: probe.serverVersion,
      testId: 'probe-server-version',
    },
    {
      label: t('clusters.probe.clusterUid'),
      value: probe.clusterUid ?? t('clusters.probe.clusterUidUnknown'),
      testId: 'probe-cluster-uid',
    },
    {
      label: t('clusters.probe.latency'),
      value: t('clusters.probe.latencyValue', { milliseconds: Math.round(probe.latencyMs) }),
      testId: 'probe-latency',
    },
    {
      label: t('clusters.probe.checkedAt'),
      value: formatCheckedAt(probe.checkedAt, i18n.language),
      testId: 'probe-checked-at',
    },
  ];

  return (
    <Box
      component="dl"
      sx={{
        display: 'grid',
        gridTemplateColumns: 'max-content 1fr',
        columnGap: 3,
        rowGap: 1,
        m: 0,
      }}
    >
      {rows.map((row) => (
        <Box key={row.testId} sx={{ display: 'contents' }}>
          <Typography component="dt" color="text.secondary">
            {row.label}
          </Typography>
          <Typography
            component="dd"
            sx={{ m: 0, fontFamily: 'monospace' }}
            data-testid={row.testId}
          >
            {row.value}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
