import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

import type { AppError } from '../../shared/errors';

/**
 * Returns a function that shows an AppError in the user's language through
 * its `errors.<code>` key, or its English message when the locale files have
 * no such key (a code that main added before this renderer's locale files had it).
 */
export function useErrorMessage(): (error: AppError) => string {
  const { t, i18n } = useTranslation();

  return useCallback(
    (error: AppError) => {
      const key = `errors.${error.code}`;
      return i18n.exists(key) ? t(key, error.params) : error.message;
    },
    [t, i18n],
  );
}
