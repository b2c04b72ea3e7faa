import { describe, expect, it } from 'vitest';

import en from '../../../shared/i18n/areas/instances.en.json';
import ko from '../../../shared/i18n/areas/instances.ko.json';
import { effect, effectCodes } from './effects';

const placeholders = (text: string) =>
  [...text.matchAll(/{{(\w+)}}/g)].map((match) => match[1]).sort();

describe('effect texts', () => {
  it('exist in both languages', () => {
    for (const code of effectCodes) {
      const english = (en.instanceOptions.effect as Record<string, string>)[code] ?? '';
      const korean = (ko.instanceOptions.effect as Record<string, string>)[code] ?? '';
      expect(english, code).not.toBe('');
      expect(placeholders(korean), code).toEqual(placeholders(english));
    }
  });

  it('match the English message', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'mysql-secret', namespace: 'kubeflow' },
    };

    const built = effect('database', 'added', object, 'databaseSecretGenerated');

    const template = en.instanceOptions.effect.databaseSecretGenerated;
    const filled = template.replace(/{{(\w+)}}/g, (_, key: string) => built.text.params[key] ?? '');
    expect(built.message).toBe(filled);
    expect(built.message).toBe(
      'Secret kubeflow/mysql-secret generated with the database user and password.',
    );
  });
});
