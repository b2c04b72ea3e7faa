import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { sampleSections, sampleSnapshot } from '../../shared/snapshots/sample-snapshot';
import { silentLogger } from '../log';
import {
  appStoreJsonSchema,
  AppStoreSchema,
  appStoreVersion,
  emptyAppStore,
} from './app-store-schema';
import { openAppStore } from './app-store';
import { migrations } from './migrations';

const fixtures = path.resolve('test/fixtures/store');
let dataDir = '';
let file = '';

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-app-store-'));
  file = path.join(dataDir, 'app-store.json');
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const origin = sampleSnapshot().origin;

describe('openAppStore', () => {
  it('starts empty', () => {
    const store = openAppStore(dataDir, silentLogger);

    expect(store.data()).toEqual(emptyAppStore());
    expect(store.recovery).toEqual({ migratedFrom: null, movedTo: null, reason: null });
  });

  it('keeps data across reopen', () => {
    const store = openAppStore(dataDir, silentLogger);
    store.remember(origin, sampleSections(), '2026-11-02T10:00:00.000Z');
    store.setOffline(true, '2026-11-02T11:00:00.000Z');
    store.setRetention(5);

    const reopened = openAppStore(dataDir, silentLogger);

    expect(reopened.lastKnown(origin.instanceKey)?.sections).toEqual(sampleSections());
    expect(reopened.data().offline).toEqual({ forced: true, forcedAt: '2026-11-02T11:00:00.000Z' });
    expect(reopened.data().retention.perInstance).toBe(5);
  });

  it('keeps a saved section a failed read left null', () => {
    const store = openAppStore(dataDir, silentLogger);
    store.remember(origin, sampleSections(), '2026-11-02T10:00:00.000Z');

    store.remember(
      origin,
      { ...sampleSections({ katibVersion: 'v0.19.0' }), access: null },
      '2026-11-03T10:00:00.000Z',
    );

    const known = store.lastKnown(origin.instanceKey);
    expect(known?.sections.access).toEqual(sampleSections().access);
    expect(known?.sections.status?.components[0]?.observedVersion).toBe('v0.19.0');
    expect(known?.savedAt).toBe('2026-11-03T10:00:00.000Z');
  });

  it('rejects a write that breaks the JSON schema', () => {
    const store = openAppStore(dataDir, silentLogger);

    expect(() => store.setRetention(0)).toThrow();
    expect(openAppStore(dataDir, silentLogger).data().retention.perInstance).toBe(20);
  });

  it('keeps no credential fields', async () => {
    const store = openAppStore(dataDir, silentLogger);
    store.remember(origin, sampleSections(), '2026-11-02T10:00:00.000Z');

    const text = await readFile(file, 'utf8');

    expect(text).not.toMatch(/token|password|client-key|certificate-authority-data/i);
  });
});

describe('openAppStore migrations', () => {
  it('has a migration from every earlier version', () => {
    expect(migrations.map((migration) => migration.from)).toEqual(
      Array.from({ length: appStoreVersion - 1 }, (_, index) => index + 1),
    );
  });

  it.each([1, 2])('migrates a version %i file', async (version) => {
    await copyFile(path.join(fixtures, `app-store.v${version}.json`), file);

    const store = openAppStore(dataDir, silentLogger);

    expect(store.recovery.migratedFrom).toBe(version);
    expect(AppStoreSchema.safeParse(store.data()).success).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8')).schemaVersion).toBe(appStoreVersion);
    const backups = (await readdir(dataDir)).filter((name) =>
      name.startsWith(`app-store.json.v${version}-`),
    );
    expect(backups).toHaveLength(1);
  });

  it('migrates version 1 settings and instances', async () => {
    await copyFile(path.join(fixtures, 'app-store.v1.json'), file);

    const data = openAppStore(dataDir, silentLogger).data();
    const [known] = Object.values(data.instances);

    expect(data.offline.forced).toBe(true);
    expect(data.retention.perInstance).toBe(7);
    expect(known?.origin).toMatchObject({
      contextName: 'sandbox-admin',
      namespace: 'kubeflow',
      name: 'team-a',
    });
    expect(known?.sections.instance?.spec.owners).toEqual(['alice@example.com']);
    expect(known?.sections.status?.phase).toBe('Active');
    expect(known?.sections.access).toBeNull();
  });

  it('migrates version 2 sections', async () => {
    await copyFile(path.join(fixtures, 'app-store.v2.json'), file);

    const data = openAppStore(dataDir, silentLogger).data();
    const [known] = Object.values(data.instances);

    expect(data.retention.perInstance).toBe(12);
    expect(known?.sections.status?.history).toHaveLength(2);
    expect(known?.sections.status?.components[0]?.observedVersion).toBe('0.15.0');
    expect(known?.sections.matrix).toBeNull();
  });

  it('opens a migrated file without migrating again', async () => {
    await copyFile(path.join(fixtures, 'app-store.v1.json'), file);
    openAppStore(dataDir, silentLogger);

    expect(openAppStore(dataDir, silentLogger).recovery.migratedFrom).toBeNull();
  });
});

describe('openAppStore recovery', () => {
  it.each([
    ['not JSON', '{"schemaVersion": 3,'],
    ['empty', ''],
    ['an array', '[]'],
    ['without a version', '{"instances": {}}'],
    [
      'from a newer app',
      JSON.stringify({ ...emptyAppStore(), schemaVersion: appStoreVersion + 1 }),
    ],
    [
      'with a bad retention',
      JSON.stringify({ ...emptyAppStore(), retention: { perInstance: -1 } }),
    ],
    ['with an unknown key', JSON.stringify({ ...emptyAppStore(), token: 'x' })],
  ])('moves aside a file %s', async (_label, content) => {
    await writeFile(file, content);

    const store = openAppStore(dataDir, silentLogger);

    expect(store.data()).toEqual(emptyAppStore());
    expect(store.recovery.reason).not.toBeNull();
    expect(path.basename(store.recovery.movedTo ?? '')).toMatch(
      /^app-store\.json\.corrupt-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/,
    );
    expect(await readFile(store.recovery.movedTo ?? '', 'utf8')).toBe(content);
  });
});

describe('appStoreJsonSchema', () => {
  it('is a valid draft 2020-12 schema', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const ajv = new Ajv2020();
    const schema = {
      type: 'object',
      properties: appStoreJsonSchema.properties,
      required: appStoreJsonSchema.required,
    };

    expect(ajv.validateSchema(schema)).toBe(true);
    expect(ajv.errors ?? null).toBeNull();
  });

  it('accepts what the zod schema accepts', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const addFormats = (await import('ajv-formats')).default;
    const ajv = new Ajv2020();
    addFormats(ajv);
    const validate = ajv.compile({
      type: 'object',
      properties: appStoreJsonSchema.properties,
      required: appStoreJsonSchema.required,
    });
    const data = emptyAppStore();
    data.instances[origin.instanceKey] = {
      origin,
      savedAt: '2026-11-02T10:00:00.000Z',
      sections: sampleSections(),
    };

    expect(AppStoreSchema.safeParse(data).success).toBe(true);
    expect(validate(data)).toBe(true);
  });
});
