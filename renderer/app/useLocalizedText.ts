import { useTranslation } from 'react-i18next';

import type { LocalizedText } from '../../shared/contract';

/**
 * Returns a function that shows a reason computed in main in the user's
 * language, falling back to main's English text when the code is unknown
 * (for example a newer main with an older locale file).
 */
export function useLocalizedText(): (
  text: LocalizedText | null | undefined,
  fallback: string,
) => string {
  const { t, i18n } = useTranslation();
  return (text, fallback) => {
    if (!text) return fallback;
    const key = `errors.${text.code}`;
    return i18n.exists(key) ? t(key, text.params) : fallback;
  };
}
