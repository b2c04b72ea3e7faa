import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { snapshotLimits } from '../../shared/snapshots/schema';
import { useStores } from '../app/stores-context';
import { useErrorMessage } from '../app/useErrorMessage';
import { useSubmission } from '../kube/useSubmission';

export interface CreateSnapshotDialogProps {
  open: boolean;
  instanceKey: string;
  instanceName: string;
  onClose(): void;
}

/** Asks for a note and takes a snapshot of the instance from its cluster. */
export function CreateSnapshotDialog({
  open,
  instanceKey,
  instanceName,
  onClose,
}: CreateSnapshotDialogProps) {
  const { t } = useTranslation();
  const { bridge } = useStores();
  const formatError = useErrorMessage();
  const { busy, error, setError, run } = useSubmission();
  const [note, setNote] = useState('');

  const close = () => {
    if (busy) return;
    setError(null);
    setNote('');
    onClose();
  };

  const save = () =>
    run(async () => {
      await bridge.call('snapshots.create', { instanceKey, note: note.trim() });
      setNote('');
      onClose();
    });

  return (
    <Dialog
      open={open}
      onClose={close}
      maxWidth="sm"
      fullWidth
      aria-labelledby="create-snapshot-title"
    >
      <DialogTitle id="create-snapshot-title">{t('snapshots.create.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          {t('snapshots.create.body', { name: instanceName })}
        </DialogContentText>
        <TextField
          label={t('snapshots.create.note')}
          helperText={t('snapshots.create.noteHelp')}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          slotProps={{ htmlInput: { maxLength: snapshotLimits.noteLength } }}
          fullWidth
          autoFocus
        />
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
        <Button variant="contained" onClick={() => void save()} disabled={busy}>
          {t('snapshots.create.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
