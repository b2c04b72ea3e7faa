import AddIcon from '@mui/icons-material/Add';
import RefreshIcon from '@mui/icons-material/Refresh';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { InstanceList, InstanceSummary } from '../../shared/contract/areas/instances';
import { AppError } from '../../shared/errors';
import { instancePhases } from '../../shared/provision/instance';
import { PageHeading } from '../app/PageHeading';
import { OfflineBanner } from '../offline/OfflineBanner';
import { StatusChip } from '../status/StatusChip';
import { useStatusStore } from '../status/useStatusStore';
import { useOffline } from '../offline/useOffline';
import { useErrorMessage } from '../app/useErrorMessage';
import { formatDateTime } from './format';
import { instanceHref } from './instance-route';
import { useInstanceStore, useInstanceStoreApi } from './useInstanceStore';

const all = '';

/** Returns the oldest time among the instances shown, when the shown data was last complete. */
function oldestAsOf(list: InstanceList | null): string | null {
  const times = (list?.instances ?? []).map((instance) => instance.asOf).sort();
  return times[0] ?? null;
}

/** Lists every instance across all contexts, filtered by status and cluster. */
export function InstanceListView() {
  const { t, i18n } = useTranslation();
  const formatError = useErrorMessage();
  const store = useInstanceStoreApi();
  const list = useInstanceStore((state) => state.list);
  const loading = useInstanceStore((state) => state.loading);
  const offline = useOffline(null);
  // The status engine's phase, when it has observed the instance, is newer
  // than the phase in the record.
  const statuses = useStatusStore((state) => state.statuses);
  const phaseOf = (instance: InstanceSummary) => statuses[instance.key]?.phase ?? instance.phase;
  const [phase, setPhase] = useState(all);
  const [contextId, setContextId] = useState(all);

  const contexts = useMemo(() => {
    const names = new Map<string, string>();
    for (const instance of list?.instances ?? [])
      names.set(instance.contextId, instance.contextName);
    return [...names].sort((a, b) => a[1].localeCompare(b[1]));
  }, [list]);

  const rows = (list?.instances ?? []).filter(
    (instance) =>
      (phase === all || phaseOf(instance) === phase) &&
      (contextId === all || instance.contextId === contextId),
  );

  return (
    <>
      <PageHeading>{t('instances.title')}</PageHeading>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        {t('instances.list.description')}
      </Typography>

      <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <Button
          variant="contained"
          startIcon={<AddIcon />}
          href={offline.offline ? undefined : instanceHref({ view: 'create' })}
          disabled={offline.offline}
          title={offline.disabledReason ?? undefined}
        >
          {t('instances.list.create')}
        </Button>
        <TextField
          select
          size="small"
          label={t('instances.list.filterStatus')}
          value={phase}
          onChange={(event) => setPhase(event.target.value)}
          sx={{ minWidth: 160 }}
          slotProps={{ htmlInput: { 'data-testid': 'filter-status' } }}
        >
          <MenuItem value={all}>{t('instances.list.allStatuses')}</MenuItem>
          {instancePhases.map((name) => (
            <MenuItem key={name} value={name}>
              {t(`status.phase.${name}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label={t('instances.list.filterCluster')}
          value={contextId}
          onChange={(event) => setContextId(event.target.value)}
          sx={{ minWidth: 200 }}
        >
          <MenuItem value={all}>{t('instances.list.allClusters')}</MenuItem>
          {contexts.map(([id, name]) => (
            <MenuItem key={id} value={id}>
              {name}
            </MenuItem>
          ))}
        </TextField>
        <Button startIcon={<RefreshIcon />} onClick={() => void store.getState().load()}>
          {t('instances.list.refresh')}
        </Button>
      </Stack>

      {offline.offline && (
        <Box sx={{ mb: 2 }}>
          <OfflineBanner asOf={oldestAsOf(list)} />
        </Box>
      )}
      {(list?.failures.length ?? 0) > 0 && (
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="list-failures">
          <AlertTitle>
            {t('instances.list.contextsFailed', { count: list?.failures.length ?? 0 })}
          </AlertTitle>
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {(list?.failures ?? []).map((failure) => (
              <li key={failure.contextId}>
                <strong>{failure.contextName}</strong>:{' '}
                {formatError(AppError.fromShape(failure.error))}
              </li>
            ))}
          </Box>
        </Alert>
      )}

      <Paper variant="outlined">
        {loading && <LinearProgress aria-label={t('instances.list.loading')} />}
        <TableContainer>
          <Table size="small" aria-label={t('instances.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('instances.list.name')}</TableCell>
                <TableCell>{t('instances.list.cluster')}</TableCell>
                <TableCell>{t('instances.list.release')}</TableCell>
                <TableCell>{t('instances.list.serviceType')}</TableCell>
                <TableCell>{t('instances.list.status')}</TableCell>
                <TableCell>{t('instances.list.owners')}</TableCell>
                <TableCell>{t('instances.list.created')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((instance) => (
                <TableRow key={instance.key} hover data-testid="instance-row">
                  <TableCell>
                    <Link href={instanceHref({ view: 'detail', key: instance.key })}>
                      {instance.name}
                    </Link>
                    <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                      {instance.namespace}
                    </Typography>
                    {instance.simulation && (
                      <Chip size="small" variant="outlined" label={t('instances.simulation')} />
                    )}
                  </TableCell>
                  <TableCell>
                    {instance.contextName}
                    {instance.origin === 'local-copy' && instance.phase !== 'Terminated' && (
                      <Typography variant="caption" color="warning.main" sx={{ display: 'block' }}>
                        {t('instances.list.asOf', {
                          time: formatDateTime(instance.asOf, i18n.language),
                        })}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>{instance.release}</TableCell>
                  <TableCell>{t(`catalog.serviceType.${instance.serviceType}`)}</TableCell>
                  <TableCell>
                    <StatusChip
                      phase={phaseOf(instance)}
                      unreachableSince={statuses[instance.key]?.unreachableSince ?? null}
                    />
                  </TableCell>
                  <TableCell>{instance.owners.join(', ')}</TableCell>
                  <TableCell>{formatDateTime(instance.createdAt, i18n.language)}</TableCell>
                </TableRow>
              ))}
              {list !== null && rows.length === 0 && (
                <TableRow>
                  <TableCell colSpan={7}>
                    <Typography color="text.secondary" sx={{ py: 2 }}>
                      {list.instances.length === 0
                        ? t('instances.list.empty')
                        : t('instances.list.noMatch')}
                    </Typography>
                  </TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </TableContainer>
      </Paper>
    </>
  );
}
