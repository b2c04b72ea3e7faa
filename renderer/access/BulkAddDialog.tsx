import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { groupRoles, parseBulkMembers, type GroupRole } from '../../shared/access/rules';
import type { BulkResult } from '../../shared/contract/areas/access';
import { useStores } from '../app/stores-context';
import { toAppError } from '../app/to-app-error';
import { useErrorMessage } from '../app/useErrorMessage';
import { AppError } from '../../shared/errors';

/** A fresh id that ties 'access.bulkProgress' events to this dialog's request. */
function newOperationId(): string {
  return `bulk-${Date.now()}-${Math.random().toString(16).slice(2, 8)}`;
}

export interface BulkAddDialogProps {
  open: boolean;
  instanceKey: string;
  group: string;
  onClose(): void;
  onChanged(): Promise<void>;
}

/**
 * Adds many group users from a pasted list or CSV (email, optional role per
 * line): rows are checked first, then added one by one with a progress bar
 * and a result per row. Failed rows do not undo the rows added before them.
 */
export function BulkAddDialog({
  open,
  instanceKey,
  group,
  onClose,
  onChanged,
}: BulkAddDialogProps) {
  const { t } = useTranslation();
  const { bridge } = useStores();
  const formatError = useErrorMessage();
  const [text, setText] = useState('');
  const [role, setRole] = useState<GroupRole>('view');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [results, setResults] = useState<BulkResult[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [operationId, setOperationId] = useState('');

  const rows = useMemo(() => parseBulkMembers(text, role), [text, role]);
  const usable = rows.filter((row) => row.problem === null);

  useEffect(
    () =>
      bridge.subscribe('access.bulkProgress', (payload) => {
        if (payload.operationId === operationId)
          setProgress({ done: payload.done, total: payload.total });
      }),
    [bridge, operationId],
  );

  async function start(): Promise<void> {
    const id = newOperationId();
    setOperationId(id);
    setProgress({ done: 0, total: usable.length });
    setError(null);
    try {
      const response = await bridge.call('access.bulkAddMembers', {
        instanceKey,
        group,
        operationId: id,
        rows: usable.map((row) => ({ line: row.line, email: row.email, role: row.role ?? role })),
      });
      setResults(response.results);
      await onChanged();
    } catch (caught) {
      setError(toAppError(caught));
    } finally {
      setProgress(null);
    }
  }

  function close(): void {
    if (progress) return;
    setText('');
    setResults(null);
    setError(null);
    onClose();
  }

  const running = progress !== null;
  const rejected = rows.filter((row) => row.problem !== null);
  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="md" data-testid="bulk-dialog">
      <DialogTitle>{t('accessPage.bulk.title', { group })}</DialogTitle>
      {running && (
        <LinearProgress
          variant="determinate"
          value={progress.total === 0 ? 0 : (100 * progress.done) / progress.total}
          data-testid="bulk-progress"
        />
      )}
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography color="text.secondary">{t('accessPage.bulk.help')}</Typography>
          <TextField
            multiline
            minRows={6}
            maxRows={14}
            value={text}
            disabled={running}
            onChange={(event) => {
              setText(event.target.value);
              setResults(null);
            }}
            placeholder={'ann@example.com,edit\nbo@example.com'}
            slotProps={{ htmlInput: { 'data-testid': 'bulk-text' } }}
          />
          <TextField
            select
            size="small"
            label={t('accessPage.bulk.defaultRole')}
            value={role}
            onChange={(event) => setRole(event.target.value as GroupRole)}
            sx={{ maxWidth: 240 }}
          >
            {groupRoles.map((each) => (
              <MenuItem key={each} value={each}>
                {t(`accessPage.roles.${each}`)}
              </MenuItem>
            ))}
          </TextField>
          {running && (
            <Typography>
              {t('accessPage.bulk.progress', { done: progress.done, total: progress.total })}
            </Typography>
          )}
          {rejected.map((row) => (
            <Alert key={`p${row.line}`} severity="warning">
              {t(`accessPage.bulk.problem.${row.problem ?? 'invalidEmail'}`, {
                line: row.line,
                email: row.email,
              })}
            </Alert>
          ))}
          {results?.map((result) => (
            <Alert
              key={`r${result.line}`}
              severity={
                result.outcome === 'failed'
                  ? 'error'
                  : result.outcome === 'added'
                    ? 'success'
                    : 'info'
              }
              data-testid="bulk-result"
            >
              {t(`accessPage.bulk.outcome.${result.outcome}`, {
                line: result.line,
                email: result.email,
              })}
              {result.error
                ? ` ${formatError(new AppError('internal', result.error.code, result.error.message, result.error.params))}`
                : ''}
            </Alert>
          ))}
          {error && <Alert severity="error">{formatError(error)}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={running}>
          {t('accessPage.close')}
        </Button>
        <Button
          variant="contained"
          disabled={running || usable.length === 0}
          onClick={() => void start()}
        >
          {t('accessPage.bulk.start', { count: usable.length })}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
