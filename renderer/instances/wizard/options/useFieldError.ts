import { useTranslation } from 'react-i18next';

import type { LocalizedText } from '../../../../shared/contract/schemas';

/** Returns the translated message of a field, by its path such as `objectStorage.bucket`, or undefined. */
export function useFieldError(
  errors: Record<string, LocalizedText>,
): (path: string) => string | undefined {
  const { t } = useTranslation();
  return (path) => {
    const text = errors[path];
    return text ? t(text.code, text.params) : undefined;
  };
}
