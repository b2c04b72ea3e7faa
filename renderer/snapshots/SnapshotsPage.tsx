import AddAPhotoOutlined from '@mui/icons-material/AddAPhotoOutlined';
import CameraAltOutlined from '@mui/icons-material/CameraAltOutlined';
import FileUploadOutlined from '@mui/icons-material/FileUploadOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';

import type { SnapshotMeta } from '../../shared/snapshots/schema';
import { EmptyState } from '../app/EmptyState';
import { PageHeading } from '../app/PageHeading';
import { useStores } from '../app/stores-context';
import { formatFullTime } from '../kube/time-format';
import { DisabledWhenOffline } from '../offline/DisabledWhenOffline';
import { OfflineBanner } from '../offline/OfflineBanner';
import { OfflineToggle } from '../offline/OfflineToggle';
import { CompareDialog } from './CompareDialog';
import { CreateSnapshotDialog } from './CreateSnapshotDialog';
import { DeleteSnapshotDialog } from './DeleteSnapshotDialog';
import { downloadFile } from './download-file';
import { ImportSnapshotDialog } from './ImportSnapshotDialog';
import { RetentionControl } from './RetentionControl';
import { SnapshotDetailDialog } from './SnapshotDetailDialog';
import { useSnapshotStore, useSnapshotStoreApi } from './snapshot-store';
import { SnapshotTable } from './SnapshotTable';

type OpenDialog =
  | { kind: 'create' }
  | { kind: 'import' }
  | { kind: 'detail' | 'compare' | 'delete'; meta: SnapshotMeta }
  | null;

/** Snapshots of one instance at a time: list, open, compare, export, import, delete, and the retention. */
export function SnapshotsPage() {
  const { t, i18n } = useTranslation();
  const { bridge, errors } = useStores();
  const api = useSnapshotStoreApi();
  const { loaded, instances, snapshots, selectedKey, retention, storeBytes } = useSnapshotStore(
    useShallow((state) => ({
      loaded: state.loaded,
      instances: state.instances,
      snapshots: state.snapshots,
      selectedKey: state.selectedKey,
      retention: state.retention,
      storeBytes: state.storeBytes,
    })),
  );
  const [dialog, setDialog] = useState<OpenDialog>(null);
  // The last snapshot a dialog showed, kept while the dialog closes so its text does not change.
  const [shown, setShown] = useState<SnapshotMeta | null>(null);

  useEffect(() => {
    void api
      .getState()
      .load()
      .then(() => api.getState().loadLive());
  }, [api]);

  const selected = instances.find((entry) => entry.origin.instanceKey === selectedKey) ?? null;
  const asOf = selected?.lastKnownAt ?? snapshots[0]?.takenAt ?? null;
  const closeDialog = useCallback(() => setDialog(null), []);
  const openFor = (kind: 'detail' | 'compare' | 'delete') => (meta: SnapshotMeta) => {
    setShown(meta);
    setDialog({ kind, meta });
  };

  const exportSnapshot = async (meta: SnapshotMeta, format: 'yaml' | 'json') => {
    try {
      const file = await bridge.call('snapshots.export', { id: meta.id, format });
      downloadFile(file.fileName, file.mimeType, file.content);
    } catch (error) {
      errors.getState().report(error);
    }
  };

  const header = (
    <Stack
      direction="row"
      spacing={2}
      sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 2 }}
    >
      <PageHeading>{t('snapshots.title')}</PageHeading>
      <OfflineToggle />
    </Stack>
  );

  if (loaded && instances.length === 0) {
    return (
      <>
        {header}
        <OfflineBanner asOf={null} />
        <EmptyState
          icon={CameraAltOutlined}
          title={t('snapshots.empty.title')}
          body={t('snapshots.empty.body')}
        />
        <Box sx={{ display: 'flex', justifyContent: 'center', mt: 2 }}>
          <Button startIcon={<FileUploadOutlined />} onClick={() => setDialog({ kind: 'import' })}>
            {t('snapshots.actions.import')}
          </Button>
        </Box>
        <ImportSnapshotDialog
          open={dialog?.kind === 'import'}
          onClose={closeDialog}
          onImported={(key) =>
            void api
              .getState()
              .load()
              .then(() => api.getState().select(key))
          }
        />
      </>
    );
  }

  return (
    <>
      {header}
      <OfflineBanner contextId={selected?.origin.contextId} asOf={asOf} />
      <Stack
        direction="row"
        spacing={2}
        sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 2, rowGap: 2 }}
      >
        <FormControl size="small" sx={{ minWidth: 320 }}>
          <InputLabel id="snapshot-instance-label">{t('snapshots.instance')}</InputLabel>
          <Select
            labelId="snapshot-instance-label"
            label={t('snapshots.instance')}
            value={selectedKey ?? ''}
            onChange={(event) => void api.getState().select(event.target.value)}
            data-testid="snapshot-instance"
          >
            {instances.map((entry) => (
              <MenuItem key={entry.origin.instanceKey} value={entry.origin.instanceKey}>
                {t('snapshots.instanceOption', {
                  name: entry.origin.name,
                  namespace: entry.origin.namespace,
                  context: entry.origin.contextName || entry.origin.contextId,
                  count: entry.snapshotCount,
                })}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <DisabledWhenOffline contextId={selected?.origin.contextId}>
          {(disabled) => (
            <Button
              variant="contained"
              startIcon={<AddAPhotoOutlined />}
              disabled={disabled || !selected}
              onClick={() => setDialog({ kind: 'create' })}
            >
              {t('snapshots.actions.create')}
            </Button>
          )}
        </DisabledWhenOffline>
        <Button startIcon={<FileUploadOutlined />} onClick={() => setDialog({ kind: 'import' })}>
          {t('snapshots.actions.import')}
        </Button>
      </Stack>
      <Box sx={{ mb: 2 }}>
        <RetentionControl
          retention={retention}
          storeBytes={storeBytes}
          onSaved={() => void api.getState().load()}
        />
      </Box>
      {selected && (
        <Typography
          variant="body2"
          color="text.secondary"
          sx={{ mb: 1 }}
          data-testid="snapshot-as-of"
        >
          {selected.lastKnownAt
            ? t('snapshots.lastRead', { time: formatFullTime(selected.lastKnownAt, i18n.language) })
            : t('snapshots.neverRead')}
        </Typography>
      )}
      {snapshots.length === 0 ? (
        <Typography variant="body2" sx={{ my: 3 }}>
          {t('snapshots.noSnapshots')}
        </Typography>
      ) : (
        <SnapshotTable
          snapshots={snapshots}
          onOpen={openFor('detail')}
          onCompare={openFor('compare')}
          onExport={(meta, format) => void exportSnapshot(meta, format)}
          onDelete={openFor('delete')}
        />
      )}

      {selected && (
        <CreateSnapshotDialog
          open={dialog?.kind === 'create'}
          instanceKey={selected.origin.instanceKey}
          instanceName={selected.origin.name}
          onClose={closeDialog}
        />
      )}
      <ImportSnapshotDialog
        open={dialog?.kind === 'import'}
        onClose={closeDialog}
        onImported={(key) =>
          void api
            .getState()
            .load()
            .then(() => api.getState().select(key))
        }
      />
      <SnapshotDetailDialog meta={shown} open={dialog?.kind === 'detail'} onClose={closeDialog} />
      <CompareDialog
        meta={shown}
        open={dialog?.kind === 'compare'}
        others={snapshots}
        onClose={closeDialog}
      />
      <DeleteSnapshotDialog meta={shown} open={dialog?.kind === 'delete'} onClose={closeDialog} />
    </>
  );
}
