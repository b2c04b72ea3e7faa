import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { SnapshotComparison } from '../../shared/contract/areas/snapshots';
import type { SnapshotMeta } from '../../shared/snapshots/schema';
import { useStores } from '../app/stores-context';
import { useErrorMessage } from '../app/useErrorMessage';
import { formatFullTime } from '../kube/time-format';
import { useSubmission } from '../kube/useSubmission';
import { useOffline } from '../offline/useOffline';
import { DiffTable } from './DiffTable';

export interface CompareDialogProps {
  meta: SnapshotMeta | null;
  open: boolean;
  /** Other snapshots of the same instance, to compare with. */
  others: SnapshotMeta[];
  onClose(): void;
}

const live = 'live';

/** Compares a snapshot with another one or with the instance as its cluster has it now. */
export function CompareDialog({ meta, open, others, onClose }: CompareDialogProps) {
  const { t, i18n } = useTranslation();
  const { bridge } = useStores();
  const formatError = useErrorMessage();
  const offline = useOffline(meta?.origin.contextId);
  const { busy, error, setError, run } = useSubmission();
  const [against, setAgainst] = useState<string>('');
  const [comparison, setComparison] = useState<SnapshotComparison | null>(null);

  const candidates = others.filter((other) => other.id !== meta?.id);
  const chosen = against || (offline.offline ? (candidates[0]?.id ?? '') : live);

  const close = () => {
    if (busy) return;
    setError(null);
    setComparison(null);
    setAgainst('');
    onClose();
  };
  const compare = () =>
    run(async () => {
      if (!meta || !chosen) return;
      setComparison(
        await bridge.call('snapshots.compare', {
          id: meta.id,
          against: chosen === live ? { kind: 'live' } : { kind: 'snapshot', id: chosen },
        }),
      );
    });

  const time = (iso: string) => formatFullTime(iso, i18n.language);

  return (
    <Dialog
      open={open && meta !== null}
      onClose={close}
      maxWidth="md"
      fullWidth
      aria-labelledby="compare-title"
    >
      <DialogTitle id="compare-title">{t('snapshots.compare.title')}</DialogTitle>
      <DialogContent dividers>
        <Typography variant="body2" sx={{ mb: 2 }}>
          {t('snapshots.compare.from', { time: meta ? time(meta.takenAt) : '' })}
        </Typography>
        <FormControl fullWidth size="small" sx={{ mb: 2 }}>
          <InputLabel id="compare-against-label">{t('snapshots.compare.against')}</InputLabel>
          <Select
            labelId="compare-against-label"
            label={t('snapshots.compare.against')}
            value={chosen}
            onChange={(event) => {
              setAgainst(event.target.value);
              setComparison(null);
            }}
            data-testid="compare-against"
          >
            <MenuItem value={live} disabled={offline.offline}>
              {offline.offline
                ? t('snapshots.compare.liveDisabled', { reason: offline.disabledReason ?? '' })
                : t('snapshots.compare.live')}
            </MenuItem>
            {candidates.map((other) => (
              <MenuItem key={other.id} value={other.id}>
                {other.note ? `${time(other.takenAt)} · ${other.note}` : time(other.takenAt)}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        {error && (
          <Alert severity="error" sx={{ mb: 2, overflowWrap: 'anywhere' }}>
            {formatError(error)}
          </Alert>
        )}
        {busy && <LinearProgress sx={{ mb: 2 }} />}
        {comparison && <DiffTable comparison={comparison} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>
          {t('common.close')}
        </Button>
        <Button variant="contained" onClick={() => void compare()} disabled={busy || !chosen}>
          {t('snapshots.compare.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
