import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import { useTranslation } from 'react-i18next';

import type { ContextSummary } from '../../shared/contract';
import { useErrorMessage } from '../app/useErrorMessage';
import { useContextStore, type KubectlDefaultResult } from './useContextStore';
import { useSubmission } from './useSubmission';

export interface KubectlDefaultDialogProps {
  context: ContextSummary;
  open: boolean;
  onClose(): void;
  onDone(result: KubectlDefaultResult): void;
}

/** Asks before writing the context as current-context into its kubeconfig file, then writes it. */
export function KubectlDefaultDialog({
  context,
  open,
  onClose,
  onDone,
}: KubectlDefaultDialogProps) {
  const { t } = useTranslation();
  const formatError = useErrorMessage();
  const setKubectlDefault = useContextStore((state) => state.setKubectlDefault);
  const { busy, error, setError, run } = useSubmission();

  async function confirm(): Promise<void> {
    await run(async () => onDone(await setKubectlDefault(context.id)));
  }

  function close(): void {
    if (busy) return;
    setError(null);
    onClose();
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      maxWidth="sm"
      fullWidth
      aria-labelledby="kubectl-default-title"
    >
      <DialogTitle id="kubectl-default-title">
        {t('clusters.kubectlDefault.title', { context: context.ref.name })}
      </DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ overflowWrap: 'anywhere' }}>
          {t('clusters.kubectlDefault.body', {
            context: context.ref.name,
            path: context.ref.source,
          })}
        </DialogContentText>
        {context.shadowed && (
          <Alert severity="warning" sx={{ mt: 2 }}>
            {t('clusters.kubectlDefault.shadowed', { context: context.ref.name })}
          </Alert>
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 2 }} data-testid="kubectl-default-error">
            {formatError(error)}
          </Alert>
        )}
        {busy && <LinearProgress sx={{ mt: 2 }} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>
          {t('common.cancel')}
        </Button>
        <Button variant="contained" onClick={() => void confirm()} disabled={busy}>
          {t('clusters.kubectlDefault.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
