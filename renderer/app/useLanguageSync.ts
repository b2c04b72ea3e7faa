import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { resolveLanguage } from '../../shared/i18n';
import { useAppStore } from './useAppStore';

/**
 * Applies the language setting to i18next and to <html lang>. Until settings
 * and app.info arrive, the browser's language is used in place of the system's.
 */
export function useLanguageSync(): void {
  const { i18n } = useTranslation();
  const setting = useAppStore((state) => state.settings?.language ?? 'system');
  const systemLanguage = useAppStore((state) => state.info?.systemLanguage ?? navigator.language);
  const language = resolveLanguage(setting, systemLanguage);

  useEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
    document.documentElement.lang = language;
  }, [i18n, language]);
}
