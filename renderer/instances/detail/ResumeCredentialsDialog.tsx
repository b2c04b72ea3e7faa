import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { InstanceDetail } from '../../../shared/contract/areas/instances';
import type { InstanceCredentialsInput } from '../../../shared/provision/options';
import { useErrorMessage } from '../../app/useErrorMessage';
import { useSubmission } from '../../kube/useSubmission';

/**
 * Asks again for the credentials of the instance's options, when a resume
 * must apply a credentials Secret that the interrupted run never applied.
 */
export function ResumeCredentialsDialog({
  detail,
  onResume,
  onClose,
}: {
  detail: InstanceDetail;
  onResume(credentials: InstanceCredentialsInput): Promise<void>;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const formatError = useErrorMessage();
  const { busy, error, run } = useSubmission();
  const options = detail.options as {
    objectStorage?: { kind?: string };
    database?: { kind?: string };
  };
  const needsKeys = options.objectStorage?.kind === 'external-s3';
  const needsPassword = options.database !== undefined;
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secretAccessKey, setSecretAccessKey] = useState('');
  const [password, setPassword] = useState('');

  const submit = () =>
    run(async () => {
      await onResume({
        objectStorage: needsKeys ? { accessKeyId, secretAccessKey } : null,
        database: needsPassword ? { password } : null,
      });
      onClose();
    });

  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby="resume-title" fullWidth>
      <DialogTitle id="resume-title">{t('instances.resumeCredentials.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          {t('instances.resumeCredentials.body')}
        </DialogContentText>
        <Stack spacing={2}>
          {needsKeys && (
            <>
              <TextField
                label={t('instances.resumeCredentials.accessKeyId')}
                value={accessKeyId}
                onChange={(event) => setAccessKeyId(event.target.value)}
                autoComplete="off"
              />
              <TextField
                type="password"
                label={t('instances.resumeCredentials.secretAccessKey')}
                value={secretAccessKey}
                onChange={(event) => setSecretAccessKey(event.target.value)}
                autoComplete="off"
              />
            </>
          )}
          {needsPassword && (
            <TextField
              type="password"
              label={t('instances.resumeCredentials.databasePassword')}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              autoComplete="off"
            />
          )}
          {error && <Alert severity="error">{formatError(error)}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {t('instances.resumeCredentials.cancel')}
        </Button>
        <Button variant="contained" onClick={() => void submit()} disabled={busy}>
          {t('instances.resumeCredentials.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
