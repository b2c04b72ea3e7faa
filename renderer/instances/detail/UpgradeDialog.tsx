import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { listReleases } from '../../../shared/catalog';
import type { InstanceSummary, PlanView } from '../../../shared/contract/areas/instances';
import { useStores } from '../../app/stores-context';
import { useErrorMessage } from '../../app/useErrorMessage';
import { useSubmission } from '../../kube/useSubmission';
import { PlanSummary } from '../plan/PlanSummary';

/** Plans an upgrade to another release, shows the objects it would prune, and applies it. */
export function UpgradeDialog({
  instance,
  onClose,
  onStarted,
}: {
  instance: InstanceSummary;
  onClose(): void;
  onStarted(jobId: string, ownerPassword: string | null): void;
}) {
  const { t } = useTranslation();
  const { bridge } = useStores();
  const formatError = useErrorMessage();
  const { busy, error, run } = useSubmission();
  // Releases are listed oldest first; only newer ones are upgrade targets.
  const all = listReleases();
  const current = all.findIndex((release) => release.id === instance.release);
  const targets = all.filter((_release, index) => index > current);
  const [release, setRelease] = useState(targets[0]?.id ?? '');
  const [plan, setPlan] = useState<PlanView | null>(null);
  const [prune, setPrune] = useState(false);

  const review = () =>
    run(async () => {
      setPlan(await bridge.call('instances.planUpgrade', { key: instance.key, release }));
      setPrune(false);
    });

  const upgrade = () =>
    run(async () => {
      if (!plan?.planId) return;
      const result = await bridge.call('instances.upgrade', { planId: plan.planId, prune });
      onStarted(result.job.jobId, result.ownerPassword);
      onClose();
    });

  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      aria-labelledby="upgrade-title"
      fullWidth
      maxWidth="md"
    >
      <DialogTitle id="upgrade-title">
        {t('instances.upgrade.title', { name: instance.name })}
      </DialogTitle>
      <DialogContent>
        <TextField
          select
          label={t('instances.upgrade.release')}
          value={release}
          onChange={(event) => {
            setRelease(event.target.value);
            setPlan(null);
          }}
          sx={{ my: 1, minWidth: 200 }}
        >
          {targets.map((target) => (
            <MenuItem key={target.id} value={target.id}>
              {t(target.displayNameKey)}
            </MenuItem>
          ))}
        </TextField>
        {targets.length === 0 && (
          <Alert severity="info">
            {t('instances.upgrade.latest', { release: instance.release })}
          </Alert>
        )}
        {busy && <LinearProgress aria-label={t('instances.wizard.planning')} />}
        {plan && <PlanSummary plan={plan} />}
        {plan && plan.prune.length > 0 && (
          <FormControlLabel
            control={
              <Checkbox checked={prune} onChange={(event) => setPrune(event.target.checked)} />
            }
            label={t('instances.upgrade.confirmPrune', { count: plan.prune.length })}
          />
        )}
        {error && <Alert severity="error">{formatError(error)}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {t('instances.upgrade.close')}
        </Button>
        {plan?.planId ? (
          <Button
            variant="contained"
            onClick={() => void upgrade()}
            disabled={busy}
            data-testid="upgrade-submit"
          >
            {t('instances.upgrade.submit', { release })}
          </Button>
        ) : (
          <Button
            variant="contained"
            onClick={() => void review()}
            disabled={busy || release === ''}
            data-testid="upgrade-plan"
          >
            {t('instances.upgrade.plan')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
