import CloudOffOutlined from '@mui/icons-material/CloudOffOutlined';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import { useTranslation } from 'react-i18next';

import { formatFullTime } from '../kube/time-format';
import { useOffline } from './useOffline';

export interface OfflineBannerProps {
  /** Context of the data shown; without one, only offline mode shows the banner. */
  contextId?: string | null;
  /** When the shown data was read from the cluster, or null when it never was. */
  asOf: string | null;
  /** Show the banner although the context is online, such as for a saved copy shown after a failed read. */
  always?: boolean;
}

/** Says that the screen shows saved data as of a time, read-only, and why. Renders nothing while online. */
export function OfflineBanner({ contextId, asOf, always = false }: OfflineBannerProps) {
  const { t, i18n } = useTranslation();
  const status = useOffline(contextId);
  if (!status.offline && !always) return null;

  const time = asOf ? formatFullTime(asOf, i18n.language) : null;
  return (
    <Alert
      severity="warning"
      icon={<CloudOffOutlined />}
      sx={{ mb: 2 }}
      data-testid="offline-banner"
    >
      <AlertTitle>
        {time ? t('offline.banner.asOf', { time }) : t('offline.banner.neverRead')}
      </AlertTitle>
      {status.reason === 'forced'
        ? t('offline.banner.forced')
        : status.reason === 'unreachable'
          ? t('offline.banner.unreachable')
          : t('offline.banner.savedCopy')}
    </Alert>
  );
}
