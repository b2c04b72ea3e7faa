import PlayArrow from '@mui/icons-material/PlayArrow';
import RefreshIcon from '@mui/icons-material/Refresh';
import TerminalIcon from '@mui/icons-material/Terminal';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { ContextSummary } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { useAppStore } from '../app/useAppStore';
import { useErrorMessage } from '../app/useErrorMessage';
import { CapabilityList } from './CapabilityList';
import { CheckDetails } from './CheckDetails';
import { displayStatus } from './check-display';
import { CheckStatusChip } from './CheckStatusChip';
import { isSandboxContext } from './context-display';
import { KubectlDefaultDialog } from './KubectlDefaultDialog';
import { SandboxChip } from './SandboxChip';
import { useCheckStore } from './useCheckStore';
import { useContextStore, type KubectlDefaultResult } from './useContextStore';
import { useLocalizedText } from '../app/useLocalizedText';

/** Shows the selected context's connection check with its actions: check now, use in app, set as kubectl default. */
export function ContextDetailPanel({ context }: { context: ContextSummary }) {
  const { t } = useTranslation();
  const localized = useLocalizedText();
  const formatError = useErrorMessage();
  const activeId = useContextStore((state) => state.activeId);
  const switchingTo = useContextStore((state) => state.switchingTo);
  const setActive = useContextStore((state) => state.setActive);
  const check = useCheckStore((state) => state.checks[context.id]);
  const running = useCheckStore((state) => state.running[context.id] === true);
  const runCheck = useCheckStore((state) => state.check);
  const sandbox = useAppStore((state) => state.sandbox);

  const [confirmingDefault, setConfirmingDefault] = useState(false);
  const [defaultResult, setDefaultResult] = useState<KubectlDefaultResult | null>(null);

  const active = context.id === activeId;
  const usable = context.invalidReason === null;
  const checkError = check?.error ? AppError.fromShape(check.error) : null;

  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="context-detail">
      <Stack
        direction="row"
        useFlexGap
        sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 1, mb: 2 }}
      >
        <Typography variant="h6" component="h2" sx={{ overflowWrap: 'anywhere' }}>
          {context.ref.name}
        </Typography>
        {active && <Chip size="small" color="primary" label={t('clusters.table.active')} />}
        {isSandboxContext(context, sandbox) && <SandboxChip />}
        <CheckStatusChip status={displayStatus(context, check)} running={running} />
        <Box sx={{ flexGrow: 1 }} />
        <Stack direction="row" useFlexGap sx={{ flexWrap: 'wrap', gap: 1 }}>
          <Button
            variant="outlined"
            startIcon={running ? <CircularProgress size={16} color="inherit" /> : <RefreshIcon />}
            disabled={running}
            onClick={() => void runCheck(context.id)}
            data-testid="check-now"
          >
            {running ? t('clusters.detail.checking') : t('clusters.detail.checkNow')}
          </Button>
          {!active && (
            <Button
              variant="outlined"
              startIcon={<PlayArrow />}
              disabled={!usable || switchingTo !== null}
              onClick={() => void setActive(context.id)}
              data-testid="use-in-app"
            >
              {t('clusters.detail.useInApp')}
            </Button>
          )}
          <Button
            variant="outlined"
            startIcon={<TerminalIcon />}
            disabled={!usable}
            onClick={() => setConfirmingDefault(true)}
            data-testid="set-kubectl-default"
          >
            {t('clusters.detail.setKubectlDefault')}
          </Button>
        </Stack>
      </Stack>

      <Stack spacing={2}>
        {context.invalidReason !== null && (
          <Alert severity="error" data-testid="detail-invalid">
            {t('clusters.detail.invalid', {
              reason: localized(context.invalidText, context.invalidReason),
            })}
          </Alert>
        )}
        {defaultResult && (
          <Alert
            severity="success"
            onClose={() => setDefaultResult(null)}
            data-testid="kubectl-default-result"
            sx={{ overflowWrap: 'anywhere' }}
          >
            {defaultResult.previous === null
              ? t('clusters.kubectlDefault.doneWithoutPrevious', {
                  context: context.ref.name,
                  path: defaultResult.path,
                })
              : t('clusters.kubectlDefault.done', {
                  context: context.ref.name,
                  path: defaultResult.path,
                  previous: defaultResult.previous,
                })}
          </Alert>
        )}
        {running && <LinearProgress aria-label={t('clusters.detail.checking')} />}
        {checkError && (
          <Alert
            severity={
              check?.status === 'unreachable' || check?.status === 'timeout' ? 'warning' : 'error'
            }
            data-testid="check-error"
          >
            <AlertTitle>{t('clusters.detail.failed')}</AlertTitle>
            {formatError(checkError)}
          </Alert>
        )}
        {check ? (
          <Box
            sx={{
              display: 'grid',
              gridTemplateColumns: { xs: '1fr', md: 'minmax(0, 3fr) minmax(0, 2fr)' },
              gap: 3,
            }}
          >
            <CheckDetails check={check} />
            <Box component="section" aria-labelledby="capabilities-title">
              <Typography id="capabilities-title" variant="subtitle2" component="h3">
                {t('clusters.capability.title')}
              </Typography>
              <CapabilityList capabilities={check.capabilities} />
            </Box>
          </Box>
        ) : (
          !running && (
            <Typography color="text.secondary">{t('clusters.detail.notChecked')}</Typography>
          )
        )}
      </Stack>

      <KubectlDefaultDialog
        context={context}
        open={confirmingDefault}
        onClose={() => setConfirmingDefault(false)}
        onDone={(result) => {
          setConfirmingDefault(false);
          setDefaultResult(result);
        }}
      />
    </Paper>
  );
}
