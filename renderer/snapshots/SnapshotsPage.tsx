import CameraAltOutlined from '@mui/icons-material/CameraAltOutlined';
import { useTranslation } from 'react-i18next';

import { EmptyState } from '../app/EmptyState';
import { PageHeading } from '../app/PageHeading';

export function SnapshotsPage() {
  const { t } = useTranslation();

  return (
    <>
      <PageHeading>{t('snapshots.title')}</PageHeading>
      <EmptyState
        icon={CameraAltOutlined}
        title={t('common.notAvailableTitle')}
        body={t('snapshots.emptyBody')}
      />
    </>
  );
}
