// Electron is stubbed: no Electron binary can be downloaded on these
// machines. electron-store reads app.getPath('userData') and registers one
// ipcMain listener; the stub records both and points userData elsewhere, so
// a test sees that the store still writes into the folder it was given.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  app: { getPath: vi.fn(() => '/nonexistent/user-data'), getVersion: vi.fn(() => '0.1.0') },
  ipcMain: { on: vi.fn() },
  shell: { openPath: vi.fn() },
}));

vi.mock('electron', () => ({ default: electron, ...electron }));

import { sampleSnapshot } from '../../shared/snapshots/sample-snapshot';
import { silentLogger } from '../log';
import { openAppStore } from '../store/app-store';
import { openWithElectronStore } from './electron-store-backend';

let dataDir = '';

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-electron-store-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('openWithElectronStore', () => {
  it('writes app-store.json in the data folder', async () => {
    const store = openAppStore(dataDir, silentLogger, openWithElectronStore);

    store.setRetention(9);

    expect(store.path).toBe(path.join(dataDir, 'app-store.json'));
    expect(JSON.parse(await readFile(store.path, 'utf8')).retention).toEqual({ perInstance: 9 });
  });

  it('reads what conf wrote', () => {
    const { origin, sections } = sampleSnapshot();
    openAppStore(dataDir, silentLogger).remember(origin, sections, '2026-11-02T10:00:00.000Z');

    const store = openAppStore(dataDir, silentLogger, openWithElectronStore);

    expect(store.lastKnown(origin.instanceKey)?.sections).toEqual(sections);
  });

  it('checks writes against the schema', () => {
    const store = openAppStore(dataDir, silentLogger, openWithElectronStore);

    expect(() => store.setRetention(0)).toThrow(/schema/);
  });
});
