import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { useErrorMessage } from '../app/useErrorMessage';
import { useSubmission } from '../kube/useSubmission';

export interface FormDialogProps {
  open: boolean;
  title: string;
  submitLabel: string;
  /** Disables the submit button, for example while a field is invalid. */
  invalid?: boolean;
  danger?: boolean;
  onSubmit(): Promise<void>;
  onClose(): void;
  children: ReactNode;
  testId?: string;
}

/** A dialog whose submit runs an action, shows a progress bar while it runs and main's error beside the fields. */
export function FormDialog({
  open,
  title,
  submitLabel,
  invalid,
  danger,
  onSubmit,
  onClose,
  children,
  testId,
}: FormDialogProps) {
  const { t } = useTranslation();
  const formatError = useErrorMessage();
  const { busy, error, setError, run } = useSubmission();

  function close(): void {
    if (busy) return;
    setError(null);
    onClose();
  }

  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="sm" data-testid={testId}>
      <DialogTitle>{title}</DialogTitle>
      {busy && <LinearProgress />}
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {children}
          {error && <Alert severity="error">{formatError(error)}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>
          {t('common.cancel')}
        </Button>
        <Button
          variant="contained"
          color={danger ? 'error' : 'primary'}
          disabled={busy || invalid}
          onClick={() =>
            void run(async () => {
              await onSubmit();
              onClose();
            })
          }
        >
          {submitLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
