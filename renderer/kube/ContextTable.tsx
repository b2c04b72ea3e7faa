import SearchIcon from '@mui/icons-material/Search';
import Alert from '@mui/material/Alert';
import InputAdornment from '@mui/material/InputAdornment';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useAppStore } from '../app/useAppStore';
import { useErrorMessage } from '../app/useErrorMessage';
import { isSandboxContext } from './context-display';
import {
  buildRows,
  contextColumns,
  filterRows,
  sortRows,
  type ContextColumn,
  type SortDirection,
} from './context-rows';
import { ContextRowView } from './ContextRowView';
import { useCheckStore } from './useCheckStore';
import { useContextStore } from './useContextStore';

export interface ContextTableProps {
  selectedId: string | null;
  onSelect(contextId: string): void;
}

/** Searchable, sortable table of every kubeconfig context with its latest connection check. */
export function ContextTable({ selectedId, onSelect }: ContextTableProps) {
  const { t } = useTranslation();
  const formatError = useErrorMessage();
  const list = useContextStore((state) => state.list);
  const listError = useContextStore((state) => state.listError);
  const activeId = useContextStore((state) => state.activeId);
  const checks = useCheckStore((state) => state.checks);
  const running = useCheckStore((state) => state.running);
  const sandbox = useAppStore((state) => state.sandbox);

  const [query, setQuery] = useState('');
  // Null keeps the kubeconfig order until the user picks a column.
  const [sortColumn, setSortColumn] = useState<ContextColumn | null>(null);
  const [sortDirection, setSortDirection] = useState<SortDirection>('asc');

  const rows = useMemo(() => {
    const filtered = filterRows(buildRows(list?.contexts ?? [], checks), query);
    if (!sortColumn) return filtered;
    return sortRows(filtered, sortColumn, sortDirection, (kind) => t(`clusters.authKind.${kind}`));
  }, [list, checks, query, sortColumn, sortDirection, t]);

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

  function sortBy(column: ContextColumn): void {
    if (column === sortColumn) {
      setSortDirection(sortDirection === 'asc' ? 'desc' : 'asc');
    } else {
      setSortColumn(column);
      setSortDirection('asc');
    }
  }

  return (
    <Stack spacing={1.5}>
      <TextField
        size="small"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        placeholder={t('clusters.table.search')}
        sx={{ maxWidth: 480 }}
        slotProps={{
          htmlInput: { 'aria-label': t('clusters.table.search'), 'data-testid': 'context-search' },
          input: {
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" />
              </InputAdornment>
            ),
          },
        }}
      />
      <TableContainer component={Paper} variant="outlined">
        <Table
          size="small"
          aria-label={t('clusters.table.caption')}
          data-testid="context-table"
          sx={{
            // keep-all stops Korean words from breaking between syllables.
            '& .MuiTableCell-root': { px: 0.75, verticalAlign: 'top', wordBreak: 'keep-all' },
            // The sort arrow of an inactive column would take its width in every
            // header even though it is invisible, which pushes the table wider than
            // a laptop screen, so only the sorted column shows it.
            '& .MuiTableSortLabel-root:not(.Mui-active) .MuiTableSortLabel-icon': {
              display: 'none',
            },
          }}
        >
          <TableHead>
            <TableRow>
              {contextColumns.map((column) => (
                <TableCell
                  key={column}
                  align={column === 'latency' ? 'right' : 'left'}
                  sortDirection={sortColumn === column ? sortDirection : false}
                >
                  <TableSortLabel
                    active={sortColumn === column}
                    direction={sortColumn === column ? sortDirection : 'asc'}
                    onClick={() => sortBy(column)}
                  >
                    {t(`clusters.table.${column}`)}
                  </TableSortLabel>
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <ContextRowView
                key={row.context.id}
                row={row}
                active={row.context.id === activeId}
                selected={row.context.id === selectedId}
                sandbox={isSandboxContext(row.context, sandbox)}
                running={running[row.context.id] === true}
                onSelect={onSelect}
              />
            ))}
            {rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={contextColumns.length}>
                  <Typography variant="body2" color="text.secondary">
                    {t('clusters.table.noMatch', { query: query.trim() })}
                  </Typography>
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
    </Stack>
  );
}
