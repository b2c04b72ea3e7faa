import { describe, expect, it } from 'vitest';

import en from './en.json';
import ko from './ko.json';

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

const locales = { en: flatten(en), ko: flatten(ko) };

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

  it('keep the error keys the bridge relies on', () => {
    for (const code of ['bridgeUnavailable', 'sessionExpired', 'bridgeHttpStatus', 'unexpected']) {
      expect(locales.en.has(`errors.${code}`), code).toBe(true);
    }
  });
});
