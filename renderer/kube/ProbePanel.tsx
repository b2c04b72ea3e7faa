import RefreshIcon from '@mui/icons-material/Refresh';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

import { useAppStore } from '../app/useAppStore';
import { useErrorMessage } from '../app/useErrorMessage';
import { isSandboxContext } from './context-display';
import { ProbeDetails } from './ProbeDetails';
import { SandboxChip } from './SandboxChip';
import { useContextStore } from './useContextStore';

/** Shows the active context's latest probe result or error, with a "Check again" button. */
export function ProbePanel() {
  const { t } = useTranslation();
  const formatError = useErrorMessage();
  const active = useContextStore(
    (state) => state.list?.contexts.find((context) => context.id === state.activeId) ?? null,
  );
  const probe = useContextStore((state) => state.probe);
  const probeError = useContextStore((state) => state.probeError);
  const probing = useContextStore((state) => state.probing);
  const probeActive = useContextStore((state) => state.probeActive);
  const sandbox = useAppStore((state) => state.sandbox);

  if (!active) {
    return <Alert severity="info">{t('clusters.probe.noActive')}</Alert>;
  }

  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="probe-panel">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h6" component="h2">
          {t('clusters.probe.title', { context: active.ref.name })}
        </Typography>
        {isSandboxContext(active, sandbox) && <SandboxChip />}
        <Box sx={{ flexGrow: 1 }} />
        <Button
          variant="outlined"
          startIcon={<RefreshIcon />}
          disabled={probing}
          onClick={() => void probeActive()}
        >
          {t('clusters.probe.checkAgain')}
        </Button>
      </Stack>

      {probing && (
        <Stack spacing={1}>
          <Typography color="text.secondary">{t('clusters.probe.checking')}</Typography>
          <LinearProgress />
        </Stack>
      )}
      {!probing && probeError && (
        <Alert severity="error" data-testid="probe-error">
          <AlertTitle>{t('clusters.probe.failed')}</AlertTitle>
          {formatError(probeError)}
        </Alert>
      )}
      {!probing && probe && <ProbeDetails probe={probe} />}
      {!probing && !probe && !probeError && (
        <Typography color="text.secondary">{t('clusters.probe.notChecked')}</Typography>
      )}
    </Paper>
  );
}
