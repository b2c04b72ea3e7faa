import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import Tooltip from '@mui/material/Tooltip';
import { useTranslation } from 'react-i18next';

import { useOfflineStore } from './offline-store';

/** Turns offline mode on or off for every context; the choice is kept across restarts. */
export function OfflineToggle() {
  const { t } = useTranslation();
  const forced = useOfflineStore((store) => store.state?.forced ?? false);
  const loaded = useOfflineStore((store) => store.state !== null);
  const setForced = useOfflineStore((store) => store.setForced);

  return (
    <Tooltip title={t('offline.toggle.help')}>
      <FormControlLabel
        control={
          <Switch
            checked={forced}
            disabled={!loaded}
            onChange={(event) => void setForced(event.target.checked)}
          />
        }
        label={t('offline.toggle.label')}
        data-testid="offline-toggle"
      />
    </Tooltip>
  );
}
