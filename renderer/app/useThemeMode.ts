import useMediaQuery from '@mui/material/useMediaQuery';

import type { ThemeMode } from './theme';
import { useAppStore } from './useAppStore';

/** Resolves the theme setting to a mode. The 'system' setting follows prefers-color-scheme as it changes. */
export function useThemeMode(): ThemeMode {
  const setting = useAppStore((state) => state.settings?.theme ?? 'system');
  const systemPrefersDark = useMediaQuery('(prefers-color-scheme: dark)', { noSsr: true });

  if (setting === 'system') return systemPrefersDark ? 'dark' : 'light';
  return setting;
}
