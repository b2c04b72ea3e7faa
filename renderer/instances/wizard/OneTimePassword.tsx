import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Shows the first owner's generated password once; the app keeps it nowhere. */
export function OneTimePassword({ owner, password }: { owner: string; password: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);

  async function copy() {
    await navigator.clipboard.writeText(password);
    setCopied(true);
  }

  return (
    <Alert severity="warning" data-testid="owner-password">
      <AlertTitle>{t('instances.password.title', { owner })}</AlertTitle>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography component="code" sx={{ fontFamily: 'monospace', fontSize: 16 }}>
          {password}
        </Typography>
        <IconButton
          aria-label={t('instances.password.copy')}
          onClick={() => void copy()}
          size="small"
        >
          <ContentCopyIcon fontSize="small" />
        </IconButton>
        {copied && <Typography variant="body2">{t('instances.password.copied')}</Typography>}
      </Stack>
      <Typography variant="body2">{t('instances.password.once')}</Typography>
    </Alert>
  );
}
