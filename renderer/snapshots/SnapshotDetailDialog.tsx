import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Snapshot, SnapshotMeta } from '../../shared/snapshots/schema';
import { useStores } from '../app/stores-context';
import { formatFullTime } from '../kube/time-format';
import { SnapshotSectionsView } from './SnapshotSectionsView';

export interface SnapshotDetailDialogProps {
  meta: SnapshotMeta | null;
  open: boolean;
  onClose(): void;
}

/** Shows one snapshot, whose body main reads from disk only when the dialog opens. */
export function SnapshotDetailDialog({ meta, open, onClose }: SnapshotDetailDialogProps) {
  const { t, i18n } = useTranslation();
  const { bridge, errors } = useStores();
  const [loaded, setLoaded] = useState<Snapshot | null>(null);
  const snapshot = loaded !== null && loaded.id === meta?.id ? loaded : null;

  useEffect(() => {
    if (!open || !meta) return;
    let current = true;
    bridge.call('snapshots.get', { id: meta.id }).then(
      (body) => current && setLoaded(body),
      (error: unknown) => {
        errors.getState().report(error);
        if (current) onClose();
      },
    );
    return () => {
      current = false;
    };
  }, [open, meta, bridge, errors, onClose]);

  return (
    <Dialog
      open={open && meta !== null}
      onClose={onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="snapshot-detail-title"
    >
      <DialogTitle id="snapshot-detail-title">
        {t('snapshots.detail.title', {
          name: meta?.origin.name ?? '',
          time: meta ? formatFullTime(meta.takenAt, i18n.language) : '',
        })}
      </DialogTitle>
      <DialogContent dividers data-testid="snapshot-detail">
        {meta?.note && (
          <Typography variant="body2" sx={{ mb: 2 }}>
            {meta.note}
          </Typography>
        )}
        {snapshot ? <SnapshotSectionsView sections={snapshot.sections} /> : <LinearProgress />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
