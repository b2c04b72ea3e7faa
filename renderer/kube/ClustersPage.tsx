import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageHeading } from '../app/PageHeading';
import { ContextDetailPanel } from './ContextDetailPanel';
import { ContextTable } from './ContextTable';
import { SourcesSection } from './SourcesSection';
import { useContextStore } from './useContextStore';

/** A row the user clicked, remembered with the active context at that moment. */
interface Selection {
  contextId: string;
  activeIdWhenSelected: string | null;
}

export function ClustersPage() {
  const { t } = useTranslation();
  const contexts = useContextStore((state) => state.list?.contexts ?? null);
  const activeId = useContextStore((state) => state.activeId);
  const [selection, setSelection] = useState<Selection | null>(null);

  // The detail panel shows the clicked context until the active context
  // changes, then follows the active one again, so a switch from the top bar
  // is shown at once.
  const selectedId =
    selection && selection.activeIdWhenSelected === activeId ? selection.contextId : activeId;
  const selected = contexts?.find((context) => context.id === selectedId) ?? null;

  return (
    <>
      <PageHeading>{t('clusters.title')}</PageHeading>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        {t('clusters.description')}
      </Typography>
      <Stack spacing={3}>
        {contexts !== null &&
          contexts.length > 0 &&
          (selected ? (
            <ContextDetailPanel key={selected.id} context={selected} />
          ) : (
            <Alert severity="info">{t('clusters.detail.noneSelected')}</Alert>
          ))}
        <ContextTable
          selectedId={selected?.id ?? null}
          onSelect={(contextId) => setSelection({ contextId, activeIdWhenSelected: activeId })}
        />
        <SourcesSection />
      </Stack>
    </>
  );
}
