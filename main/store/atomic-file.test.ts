import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { writeFileAtomic } from './atomic-file';

let folder = '';

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'kfd-atomic-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces a file', async () => {
    const file = path.join(folder, 'config');
    await writeFile(file, 'old');

    await writeFileAtomic(file, 'new', { mode: 0o600, overwrite: true });

    expect(await readFile(file, 'utf8')).toBe('new');
  });

  it('applies the mode over the umask', async () => {
    const file = path.join(folder, 'config');
    const umask = process.umask(0o077);
    try {
      await writeFileAtomic(file, 'data', { mode: 0o644, overwrite: true });
    } finally {
      process.umask(umask);
    }

    expect((await stat(file)).mode & 0o777).toBe(0o644);
  });

  it('keeps an existing file without overwrite', async () => {
    const file = path.join(folder, 'config');
    await writeFile(file, 'old');

    const error = await writeFileAtomic(file, 'new', { mode: 0o600, overwrite: false }).then(
      () => null,
      (caught: NodeJS.ErrnoException) => caught,
    );

    expect(error?.code).toBe('EEXIST');
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(folder)).toEqual(['config']);
  });

  it('creates a new file without overwrite', async () => {
    const file = path.join(folder, 'config');

    await writeFileAtomic(file, 'new', { mode: 0o600, overwrite: false });

    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(folder)).toEqual(['config']);
  });
});
