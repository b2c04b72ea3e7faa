import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { InstanceSummary } from '../../../shared/contract/areas/instances';
import { useStores } from '../../app/stores-context';
import { useErrorMessage } from '../../app/useErrorMessage';
import { useSubmission } from '../../kube/useSubmission';

/** Deletes an instance after the user types its name. */
export function DeleteDialog({
  instance,
  onClose,
  onStarted,
}: {
  instance: InstanceSummary;
  onClose(): void;
  onStarted(jobId: string): void;
}) {
  const { t } = useTranslation();
  const { bridge } = useStores();
  const formatError = useErrorMessage();
  const { busy, error, run } = useSubmission();
  const [typed, setTyped] = useState('');
  const matches = typed === instance.name;

  const submit = () =>
    run(async () => {
      const job = await bridge.call('instances.delete', { key: instance.key, confirmName: typed });
      onStarted(job.jobId);
      onClose();
    });

  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby="delete-title" fullWidth>
      <DialogTitle id="delete-title">
        {t('instances.delete.title', { name: instance.name })}
      </DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          {t('instances.delete.body', {
            count: instance.objectCount,
            context: instance.contextName,
          })}
        </DialogContentText>
        <TextField
          autoFocus
          fullWidth
          label={t('instances.delete.typeName', { name: instance.name })}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          error={typed !== '' && !matches}
          helperText={typed !== '' && !matches ? t('instances.delete.mismatch') : ' '}
          slotProps={{ htmlInput: { 'data-testid': 'delete-confirm' } }}
        />
        {error && <Alert severity="error">{formatError(error)}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {t('instances.delete.keep')}
        </Button>
        <Button
          color="error"
          variant="contained"
          disabled={!matches || busy}
          onClick={() => void submit()}
          data-testid="delete-submit"
        >
          {t('instances.delete.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
