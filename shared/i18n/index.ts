import en from './en.json';
import ko from './ko.json';

import type { Language } from '../contract';

/** Locale resources for i18next, keyed by language, in the single `translation` namespace. */
export const resources = {
  en: { translation: en },
  ko: { translation: ko },
} as const;

export type SupportedLanguage = keyof typeof resources;
export const supportedLanguages = Object.keys(resources) as SupportedLanguage[];

/** Picks the language to show: the setting, or the OS language when it is "system" (Korean if it starts with "ko"). */
export function resolveLanguage(setting: Language, systemLanguage: string): SupportedLanguage {
  if (setting !== 'system') return setting;
  return systemLanguage.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}
