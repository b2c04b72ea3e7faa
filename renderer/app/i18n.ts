import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';

import { resources, type SupportedLanguage } from '../../shared/i18n';

/** Creates an i18next instance over the shared locale files, one per window and per test. */
export function createI18n(language: SupportedLanguage): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    // Resources are bundled, so initialising synchronously lets the first render show text.
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
