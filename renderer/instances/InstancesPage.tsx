import Inventory2Outlined from '@mui/icons-material/Inventory2Outlined';
import { useTranslation } from 'react-i18next';

import { EmptyState } from '../app/EmptyState';
import { PageHeading } from '../app/PageHeading';

export function InstancesPage() {
  const { t } = useTranslation();

  return (
    <>
      <PageHeading>{t('instances.title')}</PageHeading>
      <EmptyState
        icon={Inventory2Outlined}
        title={t('common.notAvailableTitle')}
        body={t('instances.emptyBody')}
      />
    </>
  );
}
