import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createLogger, silentLogger } from '../log';
import { openSettingsStore, type StoredSettings } from './settings-store';

let folder = '';
let settingsFile = '';

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'kfd-settings-'));
  settingsFile = path.join(folder, 'settings.json');
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const defaults: StoredSettings = {
  language: 'system',
  theme: 'system',
  activeContext: null,
  addedSources: [],
};

/** Lists the files that a recovery moved aside in the temp folder. */
async function movedAside(): Promise<string[]> {
  return (await readdir(folder)).filter((name) => name.startsWith('settings.json.corrupt-'));
}

describe('openSettingsStore', () => {
  it('starts from defaults', () => {
    const store = openSettingsStore(folder, silentLogger);

    expect(store.get()).toEqual(defaults);
    expect(store.recoveredFrom).toBeNull();
  });

  it('writes settings.json in dataDir', async () => {
    const store = openSettingsStore(folder, silentLogger);

    store.update({ theme: 'dark' });

    expect(JSON.parse(await readFile(settingsFile, 'utf8')).theme).toBe('dark');
  });

  it('returns the updated settings', () => {
    const store = openSettingsStore(folder, silentLogger);

    const updated = store.update({ language: 'ko' });

    expect(updated).toEqual({ ...defaults, language: 'ko' });
  });

  it('keeps fields a patch leaves undefined', () => {
    const store = openSettingsStore(folder, silentLogger);
    store.update({ language: 'ko', theme: 'dark' });

    const updated = store.update({ language: undefined, theme: 'light' });

    expect(updated.language).toBe('ko');
    expect(updated.theme).toBe('light');
  });

  it('persists across reopen', () => {
    const activeContext = { source: path.join(folder, 'config'), name: 'admin@team/prod' };
    openSettingsStore(folder, silentLogger).update({
      language: 'en',
      theme: 'dark',
      activeContext,
    });

    const reopened = openSettingsStore(folder, silentLogger);

    expect(reopened.get()).toEqual({ ...defaults, language: 'en', theme: 'dark', activeContext });
    expect(reopened.recoveredFrom).toBeNull();
  });

  it('clears the active context', () => {
    const store = openSettingsStore(folder, silentLogger);
    store.update({ activeContext: { source: '/config', name: 'x' } });

    store.update({ activeContext: null });

    expect(openSettingsStore(folder, silentLogger).get().activeContext).toBeNull();
  });

  it('fills keys missing from the file', async () => {
    await writeFile(settingsFile, JSON.stringify({ theme: 'dark' }));

    const store = openSettingsStore(folder, silentLogger);

    expect(store.get()).toEqual({ ...defaults, theme: 'dark' });
    expect(store.recoveredFrom).toBeNull();
  });

  it('rejects an invalid update', () => {
    const store = openSettingsStore(folder, silentLogger);

    expect(() => store.update({ theme: 'purple' as StoredSettings['theme'] })).toThrow();
    expect(store.get().theme).toBe('system');
  });
});

describe('openSettingsStore added sources', () => {
  it('opens a file without the key', async () => {
    const activeContext = { source: path.join(folder, 'config'), name: 'kind-kind' };
    await writeFile(settingsFile, JSON.stringify({ language: 'ko', theme: 'dark', activeContext }));

    const store = openSettingsStore(folder, silentLogger);

    expect(store.recoveredFrom).toBeNull();
    expect(store.get().addedSources).toEqual([]);
    expect(store.get().activeContext).toEqual(activeContext);
  });

  it('remembers sources across reopen', () => {
    const file = { path: path.join(folder, 'team.yaml'), kind: 'file' as const };
    const configs = { path: path.join(folder, 'configs'), kind: 'folder' as const };
    const store = openSettingsStore(folder, silentLogger);
    store.addSource(file);
    store.addSource(configs);

    const reopened = openSettingsStore(folder, silentLogger);

    expect(reopened.get().addedSources).toEqual([file, configs]);
  });

  it('adds a path once', () => {
    const store = openSettingsStore(folder, silentLogger);
    const file = { path: path.join(folder, 'team.yaml'), kind: 'file' as const };

    store.addSource(file);
    const sources = store.addSource({ ...file, kind: 'folder' });

    expect(sources).toEqual([file]);
  });

  it('forgets a removed source', () => {
    const store = openSettingsStore(folder, silentLogger);
    const first = { path: path.join(folder, 'first'), kind: 'file' as const };
    const second = { path: path.join(folder, 'second'), kind: 'file' as const };
    store.addSource(first);
    store.addSource(second);

    const removed = store.removeSource(first.path);

    expect(removed).toBe(true);
    expect(openSettingsStore(folder, silentLogger).get().addedSources).toEqual([second]);
  });

  it('reports removing an unknown path', () => {
    const store = openSettingsStore(folder, silentLogger);

    expect(store.removeSource(path.join(folder, 'never-added'))).toBe(false);
  });

  it('keeps other settings when adding', () => {
    const store = openSettingsStore(folder, silentLogger);
    store.update({ theme: 'dark' });

    store.addSource({ path: path.join(folder, 'config'), kind: 'file' });

    expect(store.get().theme).toBe('dark');
  });
});

describe('openSettingsStore recovery', () => {
  it.each([
    ['not JSON', '{"language": "en",'],
    ['empty', ''],
    ['bad theme', JSON.stringify({ language: 'en', theme: 'purple', activeContext: null })],
    ['bad context', JSON.stringify({ activeContext: { source: '', name: 'x' } })],
    ['extra context key', JSON.stringify({ activeContext: { source: '/a', name: 'x', token: 1 } })],
    ['array', '[]'],
    ['bad source kind', JSON.stringify({ addedSources: [{ path: '/a', kind: 'socket' }] })],
    ['source without path', JSON.stringify({ addedSources: [{ kind: 'file' }] })],
    ['null', 'null'],
  ])('moves aside a file that is %s', async (_label, content) => {
    await writeFile(settingsFile, content);

    const store = openSettingsStore(folder, silentLogger);
    const moved = await movedAside();

    expect(store.get()).toEqual(defaults);
    expect(moved).toHaveLength(1);
    expect(store.recoveredFrom).toBe(path.join(folder, moved[0] ?? ''));
  });

  it('keeps the corrupt content', async () => {
    const content = '{"language": "en", "theme":';
    await writeFile(settingsFile, content);

    const store = openSettingsStore(folder, silentLogger);

    expect(await readFile(store.recoveredFrom ?? '', 'utf8')).toBe(content);
  });

  it('names the copy with a timestamp', async () => {
    await writeFile(settingsFile, 'corrupt');

    const store = openSettingsStore(folder, silentLogger);

    expect(path.basename(store.recoveredFrom ?? '')).toMatch(
      /^settings\.json\.corrupt-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/,
    );
  });

  it('writes a fresh file after recovery', async () => {
    await writeFile(settingsFile, 'corrupt');

    openSettingsStore(folder, silentLogger).update({ theme: 'dark' });
    const reopened = openSettingsStore(folder, silentLogger);

    expect(reopened.get().theme).toBe('dark');
    expect(reopened.recoveredFrom).toBeNull();
  });

  it('logs the recovery as an error', async () => {
    await writeFile(settingsFile, 'corrupt');
    const records: Record<string, unknown>[] = [];
    const log = createLogger('store', 'debug', (line) => records.push(JSON.parse(line)));

    const store = openSettingsStore(folder, log);

    expect(records).toHaveLength(1);
    expect(records[0]?.level).toBe('error');
    expect(records[0]?.path).toBe(settingsFile);
    expect(records[0]?.movedTo).toBe(store.recoveredFrom);
  });
});
