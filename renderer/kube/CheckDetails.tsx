import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { ConnectionCheck } from '../../shared/contract';
import { CheckedAtText } from './CheckedAtText';

interface DetailRow {
  label: string;
  value: ReactNode;
  testId: string;
  monospace?: boolean;
}

/** Lists what a connection check found: server version, cluster UID, latency, identity and when it ran. */
export function CheckDetails({ check }: { check: ConnectionCheck }) {
  const { t } = useTranslation();
  const unknown = t('clusters.detail.unknown');

  const rows: DetailRow[] = [
    {
      label: t('clusters.detail.serverVersion'),
      value: check.serverVersion ?? unknown,
      testId: 'probe-server-version',
      monospace: true,
    },
    {
      label: t('clusters.detail.clusterUid'),
      value: check.clusterUid ?? t('clusters.detail.clusterUidUnknown'),
      testId: 'probe-cluster-uid',
      monospace: check.clusterUid !== null,
    },
    {
      label: t('clusters.detail.latency'),
      value:
        check.latencyMs === null
          ? unknown
          : t('clusters.detail.latencyValue', { milliseconds: Math.round(check.latencyMs) }),
      testId: 'probe-latency',
    },
    {
      label: t('clusters.detail.username'),
      value: check.identity?.username ?? t('clusters.detail.identityUnknown'),
      testId: 'check-username',
      monospace: check.identity !== null,
    },
    {
      label: t('clusters.detail.groups'),
      value: renderGroups(check, t('clusters.detail.noGroups'), unknown),
      testId: 'check-groups',
    },
    {
      label: t('clusters.detail.checkedAt'),
      value: <CheckedAtText checkedAt={check.checkedAt} />,
      testId: 'probe-checked-at',
    },
  ];

  return (
    <Box
      component="dl"
      sx={{
        display: 'grid',
        gridTemplateColumns: 'max-content minmax(0, 1fr)',
        columnGap: 3,
        rowGap: 1,
        m: 0,
      }}
    >
      {rows.map((row) => (
        <Box key={row.testId} sx={{ display: 'contents' }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {row.label}
          </Typography>
          <Typography
            component="dd"
            variant="body2"
            data-testid={row.testId}
            sx={{
              m: 0,
              overflowWrap: 'anywhere',
              fontFamily: row.monospace ? 'monospace' : undefined,
            }}
          >
            {row.value}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

function renderGroups(check: ConnectionCheck, none: string, unknown: string): ReactNode {
  if (!check.identity) return unknown;
  if (check.identity.groups.length === 0) return none;
  return (
    <Stack component="span" direction="row" useFlexGap sx={{ flexWrap: 'wrap', gap: 0.5 }}>
      {check.identity.groups.map((group) => (
        <Chip key={group} size="small" variant="outlined" label={group} component="span" />
      ))}
    </Stack>
  );
}
