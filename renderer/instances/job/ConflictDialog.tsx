import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useTranslation } from 'react-i18next';

import type { Job } from '../../../shared/contract/areas/instances';
import { useStores } from '../../app/stores-context';
import { useSubmission } from '../../kube/useSubmission';

/** Asks whether to take over fields another field manager owns (force) or to cancel the job. */
export function ConflictDialog({
  jobId,
  conflict,
}: {
  jobId: string;
  conflict: NonNullable<Job['conflict']>;
}) {
  const { t } = useTranslation();
  const { bridge } = useStores();
  const { busy, run } = useSubmission();

  const decide = (decision: 'force' | 'cancel') =>
    run(async () => {
      await bridge.call('instances.resolveConflict', { jobId, decision });
    });

  return (
    <Dialog open aria-labelledby="conflict-title">
      <DialogTitle id="conflict-title">{t('instances.conflict.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {t('instances.conflict.body', { resource: conflict.resource })}
        </DialogContentText>
        <ul>
          {conflict.fields.map((field) => (
            <li key={field.field}>
              <code>{field.field}</code> · {field.manager}
            </li>
          ))}
        </ul>
        <DialogContentText>{t('instances.conflict.explain')}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => void decide('cancel')} disabled={busy}>
          {t('instances.conflict.cancel')}
        </Button>
        <Button
          color="warning"
          variant="contained"
          onClick={() => void decide('force')}
          disabled={busy}
        >
          {t('instances.conflict.force')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
