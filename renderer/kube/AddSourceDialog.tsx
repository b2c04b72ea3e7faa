import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { useErrorMessage } from '../app/useErrorMessage';
import { useContextStore } from './useContextStore';
import { useSubmission } from './useSubmission';

export interface AddSourceDialogProps {
  open: boolean;
  onClose(): void;
}

/**
 * Asks for the path of a kubeconfig file or folder and adds it with
 * 'kube.addSource'. Main validates the path, and its error is shown here with
 * the typed path kept, so the user can correct it.
 */
export function AddSourceDialog({ open, onClose }: AddSourceDialogProps) {
  const { t } = useTranslation();
  const formatError = useErrorMessage();
  const addSource = useContextStore((state) => state.addSource);
  const [path, setPath] = useState('');
  const { busy, error, run } = useSubmission();

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const trimmed = path.trim();
    if (trimmed === '' || busy) return;

    await run(async () => {
      await addSource(trimmed);
      setPath('');
      onClose();
    });
  }

  function close(): void {
    if (!busy) onClose();
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      maxWidth="sm"
      fullWidth
      aria-labelledby="add-source-title"
      slotProps={{
        paper: { component: 'form', onSubmit: (event: FormEvent) => void submit(event) },
      }}
    >
      <DialogTitle id="add-source-title">{t('clusters.addSource.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{t('clusters.addSource.body')}</DialogContentText>
        <TextField
          autoFocus
          fullWidth
          required
          label={t('clusters.addSource.pathLabel')}
          helperText={t('clusters.addSource.pathHelp')}
          value={path}
          onChange={(event) => setPath(event.target.value)}
          disabled={busy}
          slotProps={{ htmlInput: { 'data-testid': 'add-source-path', spellCheck: false } }}
        />
        {error && (
          <Alert
            severity="error"
            sx={{ mt: 2, overflowWrap: 'anywhere' }}
            data-testid="add-source-error"
          >
            <AlertTitle>{t('clusters.addSource.failed')}</AlertTitle>
            {formatError(error)}
          </Alert>
        )}
        {busy && <LinearProgress sx={{ mt: 2 }} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" variant="contained" disabled={busy || path.trim() === ''}>
          {t('clusters.addSource.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
