import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { ImportResult } from '../../shared/contract/areas/snapshots';
import { importLimits } from '../../shared/snapshots/schema';
import { useStores } from '../app/stores-context';
import { useErrorMessage } from '../app/useErrorMessage';
import { formatFullTime } from '../kube/time-format';
import { useSubmission } from '../kube/useSubmission';
import { formatBytes } from './format-bytes';

export interface ImportSnapshotDialogProps {
  open: boolean;
  onClose(): void;
  /** Called with the instance of the imported snapshot. */
  onImported(instanceKey: string): void;
}

type Problem =
  | { kind: 'invalid'; text: string }
  | { kind: 'clash'; result: Extract<ImportResult, { status: 'clash' }> };

/**
 * Reads a snapshot file (YAML or JSON) and imports it. A malformed file is
 * rejected with its line and reason. A snapshot whose id is taken is written
 * only after the user chooses to keep both or replace.
 */
export function ImportSnapshotDialog({ open, onClose, onImported }: ImportSnapshotDialogProps) {
  const { t, i18n } = useTranslation();
  const { bridge } = useStores();
  const formatError = useErrorMessage();
  const { busy, error, setError, run } = useSubmission();
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const reset = () => {
    setFile(null);
    setProblem(null);
    setError(null);
  };
  const close = () => {
    if (busy) return;
    reset();
    onClose();
  };

  const send = (content: string, onClash: 'ask' | 'keep-both' | 'replace') =>
    run(async () => {
      const result = await bridge.call('snapshots.import', { content, onClash });
      if (result.status === 'imported') {
        reset();
        onImported(result.snapshot.origin.instanceKey);
        onClose();
      } else if (result.status === 'clash') {
        setProblem({ kind: 'clash', result });
      } else {
        const text =
          result.line === null
            ? result.reason
            : t('snapshots.import.invalidAt', {
                line: result.line,
                column: result.column ?? 1,
                reason: result.reason,
              });
        setProblem({ kind: 'invalid', text });
      }
    });

  const choose = async (chosen: File | undefined) => {
    setProblem(null);
    setError(null);
    if (!chosen) return;
    if (chosen.size > importLimits.maxBytes) {
      setFile(null);
      setProblem({
        kind: 'invalid',
        text: t('snapshots.import.tooLarge', {
          size: formatBytes(chosen.size, i18n.language),
          limit: formatBytes(importLimits.maxBytes, i18n.language),
        }),
      });
      return;
    }
    const content = await chosen.text();
    setFile({ name: chosen.name, content });
    await send(content, 'ask');
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      maxWidth="sm"
      fullWidth
      aria-labelledby="import-snapshot-title"
    >
      <DialogTitle id="import-snapshot-title">{t('snapshots.import.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{t('snapshots.import.body')}</DialogContentText>
        <Button variant="outlined" component="label" disabled={busy}>
          {t('snapshots.import.choose')}
          <input
            hidden
            type="file"
            accept=".yaml,.yml,.json,application/json,application/yaml"
            data-testid="import-file-input"
            onChange={(event) => {
              void choose(event.target.files?.[0]);
              event.target.value = '';
            }}
          />
        </Button>
        {file && (
          <Typography variant="body2" sx={{ mt: 1, overflowWrap: 'anywhere' }}>
            {file.name}
          </Typography>
        )}
        {problem?.kind === 'invalid' && (
          <Alert
            severity="error"
            sx={{ mt: 2, overflowWrap: 'anywhere' }}
            data-testid="import-invalid"
          >
            {problem.text}
          </Alert>
        )}
        {problem?.kind === 'clash' && (
          <Alert severity="warning" sx={{ mt: 2 }} data-testid="import-clash">
            {t('snapshots.import.clash', {
              name: problem.result.existing.origin.name,
              time: formatFullTime(problem.result.existing.takenAt, i18n.language),
            })}
          </Alert>
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 2, overflowWrap: 'anywhere' }}>
            {formatError(error)}
          </Alert>
        )}
        {busy && <LinearProgress sx={{ mt: 2 }} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>
          {t('common.cancel')}
        </Button>
        {problem?.kind === 'clash' && file && (
          <>
            <Button onClick={() => void send(file.content, 'keep-both')} disabled={busy}>
              {t('snapshots.import.keepBoth')}
            </Button>
            <Button
              color="error"
              variant="contained"
              onClick={() => void send(file.content, 'replace')}
              disabled={busy}
            >
              {t('snapshots.import.replace')}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
