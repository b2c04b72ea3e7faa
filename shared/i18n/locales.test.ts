import { describe, expect, it } from 'vitest';

import { localeFiles, resources } from './index';

/** Flattens nested locale objects into "a.b.c" keys with their string values. */
function flatten(tree: unknown, prefix = ''): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  if (typeof tree !== 'object' || tree === null) {
    entries.set(prefix, tree);
    return entries;
  }
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    for (const [nestedKey, nestedValue] of flatten(value, path)) {
      entries.set(nestedKey, nestedValue);
    }
  }
  return entries;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((match) => match[1] ?? '').sort();
}

const locales = {
  en: flatten(resources.en.translation),
  ko: flatten(resources.ko.translation),
};

describe('locale files', () => {
  it('have the same key set', () => {
    const englishKeys = [...locales.en.keys()].sort();
    const koreanKeys = [...locales.ko.keys()].sort();

    expect(koreanKeys).toEqual(englishKeys);
  });

  it.each(Object.entries(locales))('%s has only non-empty string values', (_language, entries) => {
    for (const [key, value] of entries) {
      expect(typeof value, key).toBe('string');
      expect((value as string).trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, english] of locales.en) {
      const korean = locales.ko.get(key);
      if (typeof english !== 'string' || typeof korean !== 'string') continue;

      expect(placeholders(korean), key).toEqual(placeholders(english));
    }
  });

  it.each(Object.entries(localeFiles))('%s files never define the same key twice', (_, files) => {
    const owner = new Map<string, string>();
    for (const [file, tree] of Object.entries(files)) {
      for (const key of flatten(tree).keys()) {
        expect(owner.get(key), `${key} in ${file}`).toBeUndefined();
        owner.set(key, file);
      }
    }
  });

  it('have a Korean file for every English one with the same keys', () => {
    for (const [file, tree] of Object.entries(localeFiles.en)) {
      const korean = localeFiles.ko[file as keyof typeof localeFiles.ko];
      expect([...flatten(korean).keys()].sort(), file).toEqual([...flatten(tree).keys()].sort());
    }
  });

  it('keep the error keys the bridge relies on', () => {
    for (const code of ['bridgeUnavailable', 'sessionExpired', 'bridgeHttpStatus', 'unexpected']) {
      expect(locales.en.has(`errors.${code}`), code).toBe(true);
    }
  });
});
