import AdminPanelSettingsOutlined from '@mui/icons-material/AdminPanelSettingsOutlined';
import { useTranslation } from 'react-i18next';

import { EmptyState } from '../app/EmptyState';
import { PageHeading } from '../app/PageHeading';

export function RolesPage() {
  const { t } = useTranslation();

  return (
    <>
      <PageHeading>{t('roles.title')}</PageHeading>
      <EmptyState
        icon={AdminPanelSettingsOutlined}
        title={t('common.notAvailableTitle')}
        body={t('roles.emptyBody')}
      />
    </>
  );
}
