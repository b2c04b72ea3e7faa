import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

import { PageHeading } from '../app/PageHeading';
import { ContextTable } from './ContextTable';
import { ProbePanel } from './ProbePanel';
import { SourcesTable } from './SourcesTable';

export function ClustersPage() {
  const { t } = useTranslation();

  return (
    <>
      <PageHeading>{t('clusters.title')}</PageHeading>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        {t('clusters.description')}
      </Typography>
      <Stack spacing={3}>
        <ProbePanel />
        <ContextTable />
        <SourcesTable />
      </Stack>
    </>
  );
}
