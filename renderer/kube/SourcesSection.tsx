import CreateNewFolderOutlined from '@mui/icons-material/CreateNewFolderOutlined';
import FileUploadOutlined from '@mui/icons-material/FileUploadOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { KubeconfigSource } from '../../shared/contract';
import { useAppStore } from '../app/useAppStore';
import { AddSourceDialog } from './AddSourceDialog';
import { ImportKubeconfigDialog } from './ImportKubeconfigDialog';
import { RemoveSourceDialog } from './RemoveSourceDialog';
import { SourcesTable } from './SourcesTable';
import { useContextStore } from './useContextStore';

/** Renders the kubeconfig sources with the actions that add a file or folder, import a kubeconfig, or remove a source. */
export function SourcesSection() {
  const { t } = useTranslation();
  const sources = useContextStore((state) => state.list?.sources);
  const shell = useAppStore((state) => state.info?.shell ?? null);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [removing, setRemoving] = useState<KubeconfigSource | null>(null);
  const [confirmingRemoval, setConfirmingRemoval] = useState(false);

  if (!sources) return null;

  return (
    <Box component="section" aria-labelledby="sources-title">
      <Stack
        direction="row"
        useFlexGap
        sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 1, mb: 1 }}
      >
        <Typography id="sources-title" variant="h6" component="h2">
          {t('clusters.sources.title')}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        <Button
          variant="outlined"
          startIcon={<CreateNewFolderOutlined />}
          onClick={() => setAdding(true)}
          data-testid="add-source"
        >
          {t('clusters.sources.add')}
        </Button>
        <Button
          variant="outlined"
          startIcon={<FileUploadOutlined />}
          // The dialog's credentials note depends on the shell, which app.info reports.
          disabled={shell === null}
          onClick={() => setImporting(true)}
          data-testid="import-kubeconfig"
        >
          {t('clusters.sources.import')}
        </Button>
      </Stack>

      {sources.length === 0 ? (
        <Typography color="text.secondary">{t('clusters.sources.none')}</Typography>
      ) : (
        <SourcesTable
          sources={sources}
          onRemove={(source) => {
            setRemoving(source);
            setConfirmingRemoval(true);
          }}
        />
      )}

      <AddSourceDialog open={adding} onClose={() => setAdding(false)} />
      {shell && (
        <ImportKubeconfigDialog
          open={importing}
          shell={shell}
          onClose={() => setImporting(false)}
        />
      )}
      <RemoveSourceDialog
        source={removing}
        open={confirmingRemoval}
        onClose={() => setConfirmingRemoval(false)}
      />
    </Box>
  );
}
