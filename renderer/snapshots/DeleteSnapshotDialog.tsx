import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useTranslation } from 'react-i18next';

import type { SnapshotMeta } from '../../shared/snapshots/schema';
import { useStores } from '../app/stores-context';
import { useErrorMessage } from '../app/useErrorMessage';
import { formatFullTime } from '../kube/time-format';
import { useSubmission } from '../kube/useSubmission';

export interface DeleteSnapshotDialogProps {
  /** Stays set while the dialog closes, so the text does not change during the exit transition. */
  meta: SnapshotMeta | null;
  open: boolean;
  onClose(): void;
}

/** Asks before deleting a snapshot file, which cannot be undone. */
export function DeleteSnapshotDialog({ meta, open, onClose }: DeleteSnapshotDialogProps) {
  const { t, i18n } = useTranslation();
  const { bridge } = useStores();
  const formatError = useErrorMessage();
  const { busy, error, setError, run } = useSubmission();

  const close = () => {
    if (busy) return;
    setError(null);
    onClose();
  };
  const confirm = () =>
    run(async () => {
      if (meta) await bridge.call('snapshots.delete', { id: meta.id });
      onClose();
    });

  return (
    <Dialog
      open={open && meta !== null}
      onClose={close}
      maxWidth="sm"
      fullWidth
      aria-labelledby="delete-snapshot-title"
    >
      <DialogTitle id="delete-snapshot-title">{t('snapshots.delete.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {t('snapshots.delete.body', {
            time: meta ? formatFullTime(meta.takenAt, i18n.language) : '',
            name: meta?.origin.name ?? '',
          })}
        </DialogContentText>
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {formatError(error)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>
          {t('common.cancel')}
        </Button>
        <Button color="error" variant="contained" onClick={() => void confirm()} disabled={busy}>
          {t('snapshots.delete.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
