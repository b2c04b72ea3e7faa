import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

import { useAppStore } from '../app/useAppStore';
import { useErrorMessage } from '../app/useErrorMessage';
import { isSandboxContext } from './context-display';
import { SandboxChip } from './SandboxChip';
import { useContextStore } from './useContextStore';
import { ValidityCell } from './ValidityCell';

const columns = [
  'name',
  'source',
  'cluster',
  'server',
  'user',
  'namespace',
  'authKind',
  'validity',
] as const;

export function ContextTable() {
  const { t } = useTranslation();
  const formatError = useErrorMessage();
  const list = useContextStore((state) => state.list);
  const listError = useContextStore((state) => state.listError);
  const activeId = useContextStore((state) => state.activeId);
  const sandbox = useAppStore((state) => state.sandbox);

  if (!list) {
    if (listError) return <Alert severity="error">{formatError(listError)}</Alert>;
    return (
      <Stack spacing={1}>
        <Typography color="text.secondary">{t('clusters.loading')}</Typography>
        <LinearProgress />
      </Stack>
    );
  }

  if (list.contexts.length === 0) {
    return <Alert severity="info">{t('clusters.empty')}</Alert>;
  }

  return (
    <TableContainer component={Paper} variant="outlined">
      <Table
        size="small"
        aria-label={t('clusters.table.caption')}
        data-testid="context-table"
        sx={{ '& td': { overflowWrap: 'anywhere' } }}
      >
        <TableHead>
          <TableRow>
            {columns.map((column) => (
              <TableCell key={column} sx={{ whiteSpace: 'nowrap' }}>
                {t(`clusters.table.${column}`)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {list.contexts.map((context) => (
            <TableRow
              key={context.id}
              selected={context.id === activeId}
              data-context-id={context.id}
            >
              <TableCell>
                <Stack
                  direction="row"
                  useFlexGap
                  sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 0.5 }}
                >
                  <Typography
                    variant="body2"
                    sx={{ fontWeight: 600, whiteSpace: 'nowrap', mr: 0.5 }}
                  >
                    {context.ref.name}
                  </Typography>
                  {context.id === activeId && (
                    <Chip size="small" color="primary" label={t('clusters.table.active')} />
                  )}
                  {isSandboxContext(context, sandbox) && <SandboxChip />}
                </Stack>
              </TableCell>
              <TableCell sx={{ minWidth: 160 }}>{context.ref.source}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{context.cluster}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {context.server ?? t('common.notSet')}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{context.user}</TableCell>
              <TableCell>{context.namespace ?? t('clusters.table.namespaceUnset')}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {t(`clusters.authKind.${context.authKind}`)}
              </TableCell>
              <TableCell sx={{ minWidth: 120 }}>
                <ValidityCell context={context} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
