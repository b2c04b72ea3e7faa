import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import { useTranslation } from 'react-i18next';

import type { KubeconfigSource } from '../../shared/contract';
import { useErrorMessage } from '../app/useErrorMessage';
import { useContextStore } from './useContextStore';
import { useSubmission } from './useSubmission';

export interface RemoveSourceDialogProps {
  /** The source to remove. It stays set while the dialog closes, so the text does not change during the exit transition. */
  source: KubeconfigSource | null;
  open: boolean;
  onClose(): void;
}

/** Returns the path 'kube.removeSource' takes: a file found in an added folder is removed by forgetting that folder. */
function removalPath(source: KubeconfigSource): string {
  return source.origin === 'folder' && source.folder !== null ? source.folder : source.path;
}

/** Asks before removing an added or imported kubeconfig source, saying what happens to the file. */
export function RemoveSourceDialog({ source, open, onClose }: RemoveSourceDialogProps) {
  const { t } = useTranslation();
  const formatError = useErrorMessage();
  const removeSource = useContextStore((state) => state.removeSource);
  const { busy, error, setError, run } = useSubmission();

  async function confirm(): Promise<void> {
    if (!source) return;
    await run(async () => {
      await removeSource(removalPath(source));
      onClose();
    });
  }

  function close(): void {
    if (busy) return;
    setError(null);
    onClose();
  }

  const path = source ? removalPath(source) : '';
  const bodyKey =
    source?.origin === 'imported'
      ? 'clusters.removeSource.bodyImported'
      : source?.origin === 'folder'
        ? 'clusters.removeSource.bodyFolder'
        : 'clusters.removeSource.bodyAdded';

  return (
    <Dialog
      open={open && source !== null}
      onClose={close}
      maxWidth="sm"
      fullWidth
      aria-labelledby="remove-source-title"
    >
      <DialogTitle id="remove-source-title">{t('clusters.removeSource.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ overflowWrap: 'anywhere' }}>
          {t(bodyKey, { path })}
        </DialogContentText>
        {error && (
          <Alert
            severity="error"
            sx={{ mt: 2, overflowWrap: 'anywhere' }}
            data-testid="remove-source-error"
          >
            {formatError(error)}
          </Alert>
        )}
        {busy && <LinearProgress sx={{ mt: 2 }} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>
          {t('common.cancel')}
        </Button>
        <Button color="error" variant="contained" onClick={() => void confirm()} disabled={busy}>
          {t('clusters.removeSource.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
