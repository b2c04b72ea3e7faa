import WidgetsOutlined from '@mui/icons-material/WidgetsOutlined';
import { useTranslation } from 'react-i18next';

import { EmptyState } from '../app/EmptyState';
import { PageHeading } from '../app/PageHeading';

export function ComponentsPage() {
  const { t } = useTranslation();

  return (
    <>
      <PageHeading>{t('components.title')}</PageHeading>
      <EmptyState
        icon={WidgetsOutlined}
        title={t('common.notAvailableTitle')}
        body={t('components.emptyBody')}
      />
    </>
  );
}
