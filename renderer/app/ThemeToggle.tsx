import DarkModeOutlined from '@mui/icons-material/DarkModeOutlined';
import LightModeOutlined from '@mui/icons-material/LightModeOutlined';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { useTranslation } from 'react-i18next';

import { useAppStore } from './useAppStore';
import { useThemeMode } from './useThemeMode';

/** Switches between light and dark. The 'system' theme can be chosen again in Settings. */
export function ThemeToggle() {
  const { t } = useTranslation();
  const mode = useThemeMode();
  const settingsLoaded = useAppStore((state) => state.settings !== null);
  const updateSettings = useAppStore((state) => state.updateSettings);
  const label = mode === 'dark' ? t('topBar.switchToLight') : t('topBar.switchToDark');

  return (
    <Tooltip title={label}>
      <span>
        <IconButton
          color="inherit"
          aria-label={label}
          disabled={!settingsLoaded}
          data-testid="theme-toggle"
          onClick={() => void updateSettings({ theme: mode === 'dark' ? 'light' : 'dark' })}
        >
          {mode === 'dark' ? <LightModeOutlined /> : <DarkModeOutlined />}
        </IconButton>
      </span>
    </Tooltip>
  );
}
