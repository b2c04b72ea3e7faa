import UploadFile from '@mui/icons-material/UploadFile';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { AppInfo } from '../../shared/contract';
import { useErrorMessage } from '../app/useErrorMessage';
import { readKubeconfigFile, maxImportChars, maxNameChars } from './read-kubeconfig-file';
import { useContextStore } from './useContextStore';
import { useSubmission } from './useSubmission';

export interface ImportKubeconfigDialogProps {
  open: boolean;
  shell: AppInfo['shell'];
  onClose(): void;
}

/**
 * Imports a pasted or chosen kubeconfig into the app's data folder. Electron
 * encrypts its credentials with the OS keychain. The web bridge stores them
 * unencrypted, and only when the user ticks the checkbox, so the checkbox
 * exists only in the web shell.
 */
export function ImportKubeconfigDialog({ open, shell, onClose }: ImportKubeconfigDialogProps) {
  const { t } = useTranslation();
  const formatError = useErrorMessage();
  const importKubeconfig = useContextStore((state) => state.importKubeconfig);
  const fileInput = useRef<HTMLInputElement>(null);

  const [name, setName] = useState('');
  const [content, setContent] = useState('');
  const [storeCredentials, setStoreCredentials] = useState(false);
  const { busy, error, run } = useSubmission();
  const [fileProblem, setFileProblem] = useState<string | null>(null);

  const tooLarge = content.length > maxImportChars;
  const canSubmit = !busy && name.trim() !== '' && content.trim() !== '' && !tooLarge;

  async function chooseFile(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = event.target.files?.[0];
    // Clearing the input lets the user pick the same file again after editing it on disk.
    event.target.value = '';
    if (!file) return;

    setFileProblem(null);
    const result = await readKubeconfigFile(file);
    if (result.ok) {
      setContent(result.content);
      if (name.trim() === '') setName(file.name.slice(0, maxNameChars));
    } else if (result.reason === 'too-large') {
      setFileProblem(t('clusters.import.fileTooLarge', { file: file.name }));
    } else {
      const detail = result.detail ?? t('clusters.detail.unknown');
      setFileProblem(t('clusters.import.fileReadFailed', { file: file.name, detail }));
    }
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!canSubmit) return;

    await run(async () => {
      await importKubeconfig({
        name: name.trim(),
        content,
        storeCredentials: shell === 'web' && storeCredentials,
      });
      setName('');
      setContent('');
      setStoreCredentials(false);
      setFileProblem(null);
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
      maxWidth="md"
      fullWidth
      aria-labelledby="import-kubeconfig-title"
      slotProps={{
        paper: { component: 'form', onSubmit: (event: FormEvent) => void submit(event) },
      }}
    >
      <DialogTitle id="import-kubeconfig-title">{t('clusters.import.title')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <DialogContentText>{t('clusters.import.body')}</DialogContentText>
          <TextField
            required
            fullWidth
            label={t('clusters.import.nameLabel')}
            helperText={t('clusters.import.nameHelp')}
            value={name}
            onChange={(event) => setName(event.target.value)}
            disabled={busy}
            slotProps={{ htmlInput: { maxLength: maxNameChars, 'data-testid': 'import-name' } }}
          />
          <Stack
            direction="row"
            useFlexGap
            sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 1.5 }}
          >
            <Button
              variant="outlined"
              startIcon={<UploadFile />}
              onClick={() => fileInput.current?.click()}
              disabled={busy}
            >
              {t('clusters.import.chooseFile')}
            </Button>
            <Typography variant="body2" color="text.secondary">
              {t('clusters.import.orPaste')}
            </Typography>
            <input
              ref={fileInput}
              type="file"
              hidden
              onChange={(event) => void chooseFile(event)}
              data-testid="import-file"
            />
          </Stack>
          {fileProblem && (
            <Alert severity="error" data-testid="import-file-problem">
              {fileProblem}
            </Alert>
          )}
          <TextField
            required
            fullWidth
            multiline
            minRows={8}
            maxRows={16}
            label={t('clusters.import.contentLabel')}
            value={content}
            onChange={(event) => setContent(event.target.value)}
            disabled={busy}
            error={tooLarge}
            helperText={
              tooLarge ? t('clusters.import.contentTooLarge') : t('clusters.import.contentHelp')
            }
            slotProps={{
              htmlInput: {
                'data-testid': 'import-content',
                spellCheck: false,
                style: { fontFamily: 'monospace', fontSize: 13 },
              },
            }}
          />
          {shell === 'electron' ? (
            <Alert severity="info" data-testid="import-credentials-note">
              {t('clusters.import.credentialsElectron')}
            </Alert>
          ) : (
            <div>
              <FormControlLabel
                control={
                  <Checkbox
                    checked={storeCredentials}
                    onChange={(event) => setStoreCredentials(event.target.checked)}
                    disabled={busy}
                    slotProps={{ input: { 'aria-describedby': 'import-store-credentials-help' } }}
                  />
                }
                label={t('clusters.import.storeCredentials')}
                data-testid="import-store-credentials"
              />
              <FormHelperText id="import-store-credentials-help" sx={{ mt: 0 }}>
                {t('clusters.import.storeCredentialsHelp')}
              </FormHelperText>
            </div>
          )}
          {error && (
            <Alert severity="error" sx={{ overflowWrap: 'anywhere' }} data-testid="import-error">
              <AlertTitle>{t('clusters.import.failed')}</AlertTitle>
              {formatError(error)}
            </Alert>
          )}
          {busy && <LinearProgress />}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" variant="contained" disabled={!canSubmit}>
          {t('clusters.import.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
