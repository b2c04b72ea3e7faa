import GroupOutlined from '@mui/icons-material/GroupOutlined';
import { useTranslation } from 'react-i18next';

import { EmptyState } from '../app/EmptyState';
import { PageHeading } from '../app/PageHeading';

export function AccessPage() {
  const { t } = useTranslation();

  return (
    <>
      <PageHeading>{t('access.title')}</PageHeading>
      <EmptyState
        icon={GroupOutlined}
        title={t('common.notAvailableTitle')}
        body={t('access.emptyBody')}
      />
    </>
  );
}
