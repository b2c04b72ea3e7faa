import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { contentSecurityPolicy } from '../../shared/content-security-policy';

describe('renderer CSP meta tag', () => {
  it('matches the shared policy', async () => {
    const html = await readFile('renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];

    // Browsers ignore frame-ancestors in a meta tag, so only the headers carry it.
    const expected = contentSecurityPolicy
      .split('; ')
      .filter((directive) => !directive.startsWith('frame-ancestors'));
    expect(meta?.split('; ')).toEqual(expected);
  });
});
