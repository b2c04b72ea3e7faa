import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

import type { Job } from '../../../shared/contract/areas/instances';
import { AppError } from '../../../shared/errors';
import { useStores } from '../../app/stores-context';
import { useErrorMessage } from '../../app/useErrorMessage';
import { ConflictDialog } from './ConflictDialog';

const endedStates: Job['state'][] = ['completed', 'failed', 'cancelled'];

/** Shows a job's progress: a bar per phase, the live log, the error with its fix, and cancel. */
export function JobProgress({ job }: { job: Job }) {
  const { t, i18n } = useTranslation();
  const { bridge, errors } = useStores();
  const formatError = useErrorMessage();
  const logEnd = useRef<HTMLDivElement>(null);
  const ended = endedStates.includes(job.state);

  useEffect(() => {
    logEnd.current?.scrollIntoView?.({ block: 'nearest' });
  }, [job.log.length]);

  async function cancel() {
    try {
      await bridge.call('instances.cancel', { jobId: job.jobId });
    } catch (error) {
      errors.getState().report(error);
    }
  }

  const logText = (entry: Job['log'][number]) => {
    const key = `instances.log.${entry.code}`;
    const params = { ...entry.params, phase: phaseName(entry.params.phase) };
    return i18n.exists(key) ? t(key, params) : `${entry.code} ${JSON.stringify(entry.params)}`;
  };
  const phaseName = (phase: string | undefined) =>
    phase && i18n.exists(`instances.phases.${phase}`)
      ? t(`instances.phases.${phase}`)
      : (phase ?? '');

  return (
    <Stack spacing={2} data-testid="job-progress" data-kind={job.kind} data-state={job.state}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="subtitle1" sx={{ flexGrow: 1 }}>
          {t(`instances.job.${job.kind}`)} · {t(`instances.job.state.${job.state}`)} ·{' '}
          {t('instances.job.count', { done: job.done, total: job.total })}
          {job.component && ` · ${t('instances.job.component', { component: job.component })}`}
        </Typography>
        {!ended && (
          <Button
            color="warning"
            onClick={() => void cancel()}
            disabled={job.state === 'cancelling'}
          >
            {t('instances.job.cancel')}
          </Button>
        )}
      </Stack>
      <LinearProgress
        variant="determinate"
        value={job.total === 0 ? 0 : (100 * job.done) / job.total}
        aria-label={t('instances.job.overall')}
      />
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: '200px 1fr 90px',
          gap: 1,
          alignItems: 'center',
        }}
      >
        {job.phases.map((phase) => (
          <PhaseRow
            key={phase.name}
            label={phaseName(phase.name)}
            done={phase.done}
            total={phase.total}
            active={job.phase === phase.name}
          />
        ))}
      </Box>

      {job.error && (
        <Alert severity="error" data-testid="job-error">
          {formatError(AppError.fromShape(job.error))}
        </Alert>
      )}
      {job.state === 'completed' && (
        <Alert severity="success">{t(`instances.job.completed.${job.kind}`)}</Alert>
      )}
      {job.state === 'cancelled' && (
        <Alert severity="warning">{t('instances.job.cancelledHint')}</Alert>
      )}
      {job.stuck.length > 0 && (
        <Alert severity="warning" data-testid="job-stuck">
          <Typography variant="subtitle2">{t('instances.job.stuck')}</Typography>
          <ul>
            {job.stuck.map((item) => (
              <li key={item.resource}>
                {item.resource}: {item.finalizers.join(', ') || '-'} ({item.reason})
              </li>
            ))}
          </ul>
        </Alert>
      )}

      <Paper variant="outlined" sx={{ maxHeight: 240, overflow: 'auto', p: 1 }}>
        <Box
          component="ol"
          sx={{ m: 0, pl: 0, listStyle: 'none', fontFamily: 'monospace', fontSize: 12 }}
          aria-label={t('instances.job.log')}
          data-testid="job-log"
        >
          {job.log.map((entry, index) => (
            <Box
              component="li"
              key={index}
              sx={{
                color:
                  entry.level === 'error'
                    ? 'error.main'
                    : entry.level === 'warn'
                      ? 'warning.main'
                      : 'text.primary',
              }}
            >
              {new Date(entry.at).toLocaleTimeString(i18n.language)} {logText(entry)}
            </Box>
          ))}
        </Box>
        <div ref={logEnd} />
      </Paper>

      {job.state === 'conflict' && job.conflict && (
        <ConflictDialog jobId={job.jobId} conflict={job.conflict} />
      )}
    </Stack>
  );
}

function PhaseRow({
  label,
  done,
  total,
  active,
}: {
  label: string;
  done: number;
  total: number;
  active: boolean;
}) {
  return (
    <>
      <Typography variant="body2" sx={{ fontWeight: active ? 600 : 400 }}>
        {label}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={total === 0 ? 100 : (100 * done) / total}
        aria-label={label}
        color={done === total ? 'success' : 'primary'}
      />
      <Typography variant="body2" align="right">
        {done} / {total}
      </Typography>
    </>
  );
}
