import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  closeSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

import Conf from 'conf';

import type { SnapshotOrigin, SnapshotSections } from '../../shared/snapshots/schema';
import type { Logger } from '../log';
import {
  appStoreJsonSchema,
  AppStoreSchema,
  LastKnownInstanceSchema,
  emptyAppStore,
  type AppStoreData,
  type LastKnownInstance,
} from './app-store-schema';
import { migrateAppStore } from './migrations';

export const appStoreName = 'app-store';

/** Options the store passes to conf, or to electron-store, which takes the same ones. */
export interface StoreFileOptions {
  cwd: string;
  configName: string;
  projectName: string;
  clearInvalidConfig: false;
  defaults: AppStoreData;
  schema: Record<string, unknown>;
  rootSchema: Record<string, unknown>;
  ajvOptions: Record<string, unknown>;
}

/** The part of conf the store uses; electron-store extends conf, so both fit. */
export interface StoreFile {
  readonly store: AppStoreData;
  set(key: keyof AppStoreData, value: unknown): void;
  readonly path: string;
}

/** Opens the file: conf in plain Node, electron-store in Electron (main/app/electron-store-backend.ts). */
export type StoreFileFactory = (options: StoreFileOptions) => StoreFile;

export const openWithConf: StoreFileFactory = (options) =>
  new Conf<AppStoreData>(options as unknown as ConstructorParameters<typeof Conf<AppStoreData>>[0]);

/** The outcome of opening the file: migrated, moved aside as unreadable, or neither. */
export interface AppStoreRecovery {
  /** Version the file had before it was migrated, or null when it was current or new. */
  migratedFrom: number | null;
  /** The path the unreadable file was moved to, or null. */
  movedTo: string | null;
  /** The reason the file could not be read, or null. */
  reason: string | null;
}

export interface AppStore {
  readonly path: string;
  readonly recovery: AppStoreRecovery;
  data(): AppStoreData;
  lastKnown(instanceKey: string): LastKnownInstance | undefined;
  allLastKnown(): LastKnownInstance[];
  /**
   * Saves what was just read about an instance. A null section keeps the one
   * saved before, so a failed read of the access lists does not erase them.
   */
  remember(origin: SnapshotOrigin, sections: SnapshotSections, savedAt: string): LastKnownInstance;
  forget(instanceKey: string): void;
  setOffline(forced: boolean, now: string): AppStoreData['offline'];
  setRetention(perInstance: number): number;
}

const timestamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/** Writes a file through a temporary file and a rename, so a crash leaves the old content or the new. */
function writeFileAtomicSync(file: string, content: string): void {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(handle, content);
    fsyncSync(handle);
  } finally {
    closeSync(handle);
  }
  renameSync(temporary, file);
}

function moveAside(file: string, log: Logger, reason: string): string {
  const movedTo = `${file}.corrupt-${timestamp()}`;
  renameSync(file, movedTo);
  log.error('an unreadable data file was moved aside', { path: file, movedTo, error: reason });
  return movedTo;
}

/**
 * Reads the file before conf opens it, so an older version is migrated
 * instead of failing the current schema. The file as it was is kept beside
 * it as `<name>.json.v<N>-<time>`, and the migrated content is written
 * atomically (temporary file, fsync, rename) before conf opens it.
 */
function prepareFile(file: string, log: Logger): { recovery: AppStoreRecovery } {
  const recovery: AppStoreRecovery = { migratedFrom: null, movedTo: null, reason: null };
  if (!existsSync(file)) return { recovery };

  let content: unknown;
  try {
    content = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = `not valid JSON: ${(error as Error).message}`;
    return { recovery: { ...recovery, movedTo: moveAside(file, log, reason), reason } };
  }

  const migration = migrateAppStore(content);
  if (!migration.ok) {
    return {
      recovery: {
        ...recovery,
        movedTo: moveAside(file, log, migration.reason),
        reason: migration.reason,
      },
    };
  }
  const parsed = AppStoreSchema.safeParse(migration.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const reason = `breaks the schema at ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? ''}`;
    return { recovery: { ...recovery, movedTo: moveAside(file, log, reason), reason } };
  }
  if (migration.from === parsed.data.schemaVersion) return { recovery };

  const backup = `${file}.v${migration.from}-${timestamp()}`;
  copyFileSync(file, backup);
  writeFileAtomicSync(file, JSON.stringify(parsed.data, null, '\t'));
  log.info('migrated the app store', { path: file, from: migration.from, backup });
  return { recovery: { ...recovery, migratedFrom: migration.from } };
}

/**
 * Opens `app-store.json` in `dataDir`: the offline setting, the snapshot
 * retention and the last-known data of each instance. No credential is kept:
 * instances are named by their context id, a kubeconfig path and context name.
 */
export function openAppStore(
  dataDir: string,
  log: Logger,
  openFile: StoreFileFactory = openWithConf,
): AppStore {
  const file = path.join(dataDir, `${appStoreName}.json`);
  const { recovery } = prepareFile(file, log);
  const options: StoreFileOptions = {
    cwd: dataDir,
    configName: appStoreName,
    projectName: 'kubeflow-desktop',
    clearInvalidConfig: false,
    defaults: emptyAppStore(),
    schema: appStoreJsonSchema.properties,
    rootSchema: { required: appStoreJsonSchema.required, additionalProperties: false },
    // The schema is a constant that a unit test checks against the meta-schema. Checking it again
    // on every open compiles the draft 2020-12 meta-schema, which took about 100 ms here.
    ajvOptions: { validateSchema: false },
  };

  let conf: StoreFile;
  try {
    conf = openFile(options);
  } catch (error) {
    // The JSON schema and the zod schema agree, so this is a file changed between the two reads.
    if (!existsSync(file)) throw error;
    recovery.reason = (error as Error).message;
    recovery.movedTo = moveAside(file, log, recovery.reason);
    conf = openFile(options);
  }

  const read = (): AppStoreData => conf.store;

  return {
    path: conf.path,
    recovery,
    data: read,
    lastKnown: (instanceKey) => read().instances[instanceKey],
    allLastKnown: () => Object.values(read().instances),
    remember(origin, sections, savedAt) {
      const previous = read().instances[origin.instanceKey]?.sections;
      const merged: SnapshotSections = {
        instance: sections.instance ?? previous?.instance ?? null,
        status: sections.status ?? previous?.status ?? null,
        access: sections.access ?? previous?.access ?? null,
        matrix: sections.matrix ?? previous?.matrix ?? null,
      };
      const entry = LastKnownInstanceSchema.parse({ origin, savedAt, sections: merged });
      conf.set('instances', { ...read().instances, [origin.instanceKey]: entry });
      return entry;
    },
    forget(instanceKey) {
      const { [instanceKey]: _removed, ...rest } = read().instances;
      conf.set('instances', rest);
    },
    setOffline(forced, now) {
      const offline = { forced, forcedAt: forced ? now : null };
      conf.set('offline', offline);
      return offline;
    },
    setRetention(perInstance) {
      conf.set('retention', { perInstance });
      return perInstance;
    },
  };
}
