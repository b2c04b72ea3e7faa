import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { InstanceDetail } from '../../../shared/contract/areas/instances';
import type { AppError } from '../../../shared/errors';
import { PageHeading } from '../../app/PageHeading';
import { useStores } from '../../app/stores-context';
import { useErrorMessage } from '../../app/useErrorMessage';
import { OfflineBanner } from '../../offline/OfflineBanner';
import { InstanceHealthPanel } from '../../status/InstanceHealthPanel';
import { StatusChip } from '../../status/StatusChip';
import { useInstanceStatus } from '../../status/useStatusStore';
import { useOffline } from '../../offline/useOffline';
import { formatDateTime } from '../format';
import { instanceHref } from '../instance-route';
import { JobProgress } from '../job/JobProgress';
import { latestJobOf, useInstanceStore } from '../useInstanceStore';
import type { InstanceCredentialsInput } from '../../../shared/provision/options';
import { OneTimePassword } from '../wizard/OneTimePassword';
import { DeleteDialog } from './DeleteDialog';
import { ResumeCredentialsDialog } from './ResumeCredentialsDialog';
import { InventoryTable } from './InventoryTable';
import { UpgradeDialog } from './UpgradeDialog';

type Dialog = 'delete' | 'upgrade' | 'credentials' | null;

/** Shows one instance: spec, inventory by component and kind, owners, the running job, upgrade and delete. */
export function InstanceDetailPage({ instanceKey }: { instanceKey: string }) {
  const { t, i18n } = useTranslation();
  const { bridge, errors } = useStores();
  const formatError = useErrorMessage();
  const [detail, setDetail] = useState<InstanceDetail | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const job = useInstanceStore((state) => latestJobOf(state.jobs, instanceKey));
  const offline = useOffline(detail?.summary.contextId ?? null);
  const status = useInstanceStatus(instanceKey);
  const jobEnded = job ? ['completed', 'failed', 'cancelled'].includes(job.state) : null;

  // Loads again when a job of this instance ends, so phase and inventory are current.
  useEffect(() => {
    let current = true;
    bridge.call('instances.get', { key: instanceKey }).then(
      (loaded) => {
        if (!current) return;
        setDetail(loaded);
        setLoadError(null);
      },
      (error: unknown) => {
        if (current) setLoadError(error as AppError);
      },
    );
    return () => {
      current = false;
    };
  }, [bridge, instanceKey, jobEnded]);

  const [password, setPassword] = useState<string | null>(null);

  async function resumeWith(credentials?: InstanceCredentialsInput) {
    const result = await bridge.call('instances.resume', {
      key: instanceKey,
      ...(credentials ? { credentials } : {}),
    });
    setPassword(result.ownerPassword);
  }

  async function resume() {
    try {
      await resumeWith();
    } catch (error) {
      if ((error as AppError).code === 'resumeNeedsCredentials') setDialog('credentials');
      else errors.getState().report(error);
    }
  }

  const back = (
    <Button startIcon={<ArrowBackIcon />} href={instanceHref({ view: 'list' })} sx={{ mb: 1 }}>
      {t('instances.title')}
    </Button>
  );
  if (!detail) {
    return (
      <>
        {back}
        {loadError ? (
          <Alert severity="error">{formatError(loadError)}</Alert>
        ) : (
          <LinearProgress aria-label={t('instances.list.loading')} />
        )}
      </>
    );
  }

  const { summary } = detail;
  const running = job !== null && jobEnded === false;
  const readOnly = summary.origin === 'local-copy' || offline.offline;
  // The status engine's phase and reason are newer than the record's once it has observed the instance.
  const phase = status?.phase ?? summary.phase;
  const reason = status ? status.reason : summary.reason;
  const canResume =
    !running &&
    !readOnly &&
    ['Creating', 'Failed'].includes(summary.phase) &&
    ['Creating', 'Failed'].includes(phase);
  const canChange = !running && !readOnly && phase !== 'Terminating' && phase !== 'Terminated';
  const accessQuery = new URLSearchParams({ instance: instanceKey }).toString();

  return (
    <>
      {back}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2, flexWrap: 'wrap' }}>
        <PageHeading>{summary.name}</PageHeading>
        <Box sx={{ mb: 2 }}>
          <StatusChip phase={phase} unreachableSince={status?.unreachableSince ?? null} />
        </Box>
        {summary.simulation && (
          <Chip sx={{ mb: 2 }} variant="outlined" label={t('instances.simulation')} />
        )}
      </Stack>

      {offline.offline ? (
        <Box sx={{ mb: 2 }}>
          <OfflineBanner contextId={summary.contextId} asOf={summary.asOf} />
        </Box>
      ) : (
        summary.origin === 'local-copy' && (
          <Alert severity="warning" sx={{ mb: 2 }}>
            {t('instances.detail.localCopy', {
              time: formatDateTime(summary.asOf, i18n.language),
            })}
          </Alert>
        )
      )}
      {reason && phase !== 'Active' && phase !== 'Terminated' && (
        <Alert
          severity={phase === 'Failed' || phase === 'Expired' ? 'error' : 'info'}
          sx={{ mb: 2 }}
        >
          {reason}
        </Alert>
      )}

      <Stack direction="row" spacing={1} sx={{ mb: 3, flexWrap: 'wrap', rowGap: 1 }}>
        {canResume && (
          <Button variant="contained" onClick={() => void resume()} data-testid="resume">
            {t('instances.detail.resume')}
          </Button>
        )}
        <Button onClick={() => setDialog('upgrade')} disabled={!canChange}>
          {t('instances.detail.upgrade')}
        </Button>
        <Button
          color="error"
          onClick={() => setDialog('delete')}
          disabled={!canChange}
          data-testid="delete"
        >
          {t('instances.detail.delete')}
        </Button>
        <Button href={`#/access?${accessQuery}`}>{t('instances.detail.access')}</Button>
        <Button href={`#/roles?${accessQuery}`}>{t('instances.detail.roles')}</Button>
        <Button href={`#/snapshots?${accessQuery}`}>{t('instances.detail.snapshots')}</Button>
      </Stack>

      {password && (
        <Box sx={{ mb: 2 }}>
          <OneTimePassword owner={summary.owners[0] ?? ''} password={password} />
        </Box>
      )}
      {job && (
        <Section title={t('instances.detail.job')}>
          <JobProgress job={job} />
        </Section>
      )}

      <Section title={t('instances.detail.health')}>
        <InstanceHealthPanel instanceKey={instanceKey} />
      </Section>

      <Section title={t('instances.detail.spec')}>
        <Box
          component="dl"
          sx={{
            display: 'grid',
            gridTemplateColumns: 'max-content 1fr',
            columnGap: 3,
            rowGap: 1,
            m: 0,
          }}
        >
          <Field label={t('instances.list.cluster')}>
            {summary.contextName} ({summary.server ?? '-'})
          </Field>
          <Field label={t('instances.wizard.namespace')}>{summary.namespace}</Field>
          <Field label={t('instances.list.release')}>{summary.release}</Field>
          <Field label={t('instances.list.serviceType')}>
            {t(`catalog.serviceType.${summary.serviceType}`)}
          </Field>
          <Field label={t('instances.list.owners')}>{summary.owners.join(', ')}</Field>
          <Field label={t('instances.wizard.source')}>
            {t(`instances.source.${detail.source.kind}`)}
            {detail.source.path && ` · ${detail.source.path}`}
            {detail.source.tag && ` · ${detail.source.tag}`}
          </Field>
          <Field label={t('instances.list.created')}>
            {formatDateTime(summary.createdAt, i18n.language)}
          </Field>
          <Field label={t('instances.detail.updated')}>
            {formatDateTime(summary.updatedAt, i18n.language)}
          </Field>
        </Box>
      </Section>

      <Section title={t('instances.detail.inventoryCount', { count: detail.inventory.length })}>
        <InventoryTable entries={detail.inventory} />
      </Section>

      {dialog === 'delete' && (
        <DeleteDialog
          instance={summary}
          onClose={() => setDialog(null)}
          onStarted={() => undefined}
        />
      )}
      {dialog === 'credentials' && (
        <ResumeCredentialsDialog
          detail={detail}
          onResume={resumeWith}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'upgrade' && (
        <UpgradeDialog
          instance={summary}
          onClose={() => setDialog(null)}
          onStarted={(_jobId, ownerPassword) => setPassword(ownerPassword)}
        />
      )}
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 3 }}>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" color="text.secondary">
        {label}
      </Typography>
      <Typography component="dd" sx={{ m: 0 }}>
        {children}
      </Typography>
    </>
  );
}
