import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import { useTranslation } from 'react-i18next';

import { useAppStore } from './useAppStore';

/** Tells the user why the sandbox context is not usable yet while the built-in cluster builds or starts. */
export function SandboxBanner() {
  const { t } = useTranslation();
  const sandbox = useAppStore((state) => state.sandbox);
  const retrySandbox = useAppStore((state) => state.retrySandbox);

  if (sandbox?.state === 'building' || sandbox?.state === 'starting') {
    return (
      <Alert severity="info" sx={{ mb: 2 }} data-testid="sandbox-banner">
        {t(sandbox.state === 'building' ? 'sandbox.building' : 'sandbox.starting')}
        <LinearProgress sx={{ mt: 1 }} />
      </Alert>
    );
  }

  if (sandbox?.state === 'failed') {
    return (
      <Alert
        severity="error"
        sx={{ mb: 2, whiteSpace: 'pre-line' }}
        data-testid="sandbox-banner"
        action={
          <Button
            color="inherit"
            size="small"
            onClick={() => void retrySandbox()}
            data-testid="sandbox-retry"
          >
            {t('sandbox.retry')}
          </Button>
        }
      >
        {sandbox.detail
          ? t('sandbox.failed', { detail: sandbox.detail })
          : t('sandbox.failedWithoutDetail')}
      </Alert>
    );
  }

  return null;
}
