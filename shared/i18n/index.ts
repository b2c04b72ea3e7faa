import en from './en.json';
import accessEn from './areas/access.en.json';
import accessKo from './areas/access.ko.json';
import instancesUiEn from './areas/instances-ui.en.json';
import instancesUiKo from './areas/instances-ui.ko.json';
import instancesEn from './areas/instances.en.json';
import instancesKo from './areas/instances.ko.json';
import snapshotsEn from './areas/snapshots.en.json';
import snapshotsKo from './areas/snapshots.ko.json';
import statusEn from './areas/status.en.json';
import statusKo from './areas/status.ko.json';
import ko from './ko.json';

import type { Language } from '../contract';

type Tree = { [key: string]: string | Tree };

/**
 * Locale files per language: the core file and one per area of the app.
 * shared/i18n/locales.test.ts checks that no two files define the same key.
 */
export const localeFiles = {
  en: {
    core: en,
    instancesUi: instancesUiEn,
    instances: instancesEn,
    status: statusEn,
    access: accessEn,
    snapshots: snapshotsEn,
  },
  ko: {
    core: ko,
    instancesUi: instancesUiKo,
    instances: instancesKo,
    status: statusKo,
    access: accessKo,
    snapshots: snapshotsKo,
  },
} as const satisfies Record<string, Record<string, Tree>>;

/** Merges locale trees; where two define the same branch, their keys are combined. */
export function mergeTrees(trees: readonly Tree[]): Tree {
  const merged: Tree = {};
  for (const tree of trees) {
    for (const [key, value] of Object.entries(tree)) {
      const existing = merged[key];
      merged[key] =
        typeof value === 'object' && typeof existing === 'object'
          ? mergeTrees([existing, value])
          : value;
    }
  }
  return merged;
}

/**
 * Locale resources for i18next, keyed by language, in the single
 * `translation` namespace. Typed as the core file, whose keys main reads
 * directly; areas' keys are looked up through i18next.
 */
export const resources = {
  en: { translation: mergeTrees(Object.values(localeFiles.en)) as typeof en },
  ko: { translation: mergeTrees(Object.values(localeFiles.ko)) as typeof ko },
} as const;

export type SupportedLanguage = keyof typeof resources;
export const supportedLanguages = Object.keys(resources) as SupportedLanguage[];

/** Picks the language to show: the setting, or the OS language when it is "system" (Korean if it starts with "ko"). */
export function resolveLanguage(setting: Language, systemLanguage: string): SupportedLanguage {
  if (setting !== 'system') return setting;
  return systemLanguage.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}
