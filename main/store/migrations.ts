import { parseInstanceKey } from '../../shared/provision/instance-key';
import { appStoreVersion } from './app-store-schema';

type Json = Record<string, unknown>;

/** A step that turns a file of version `from` into version `from + 1`. */
interface Migration {
  from: number;
  migrate(data: Json): Json;
}

const asRecord = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};

/**
 * Version 1 kept a flat spec and status per instance, with `forceOffline`
 * and `keepSnapshots` at the top. Version 2 keeps snapshot-shaped sections
 * with the instance's origin, and groups the offline and retention settings.
 */
function fromVersion1(data: Json): Json {
  const instances: Json = {};
  for (const [key, value] of Object.entries(asRecord(data.instances))) {
    const old = asRecord(value);
    const parts = parseInstanceKey(key);
    const status = asRecord(old.status);
    const spec = old.spec ?? null;
    const updatedAt = typeof status.updatedAt === 'string' ? status.updatedAt : old.savedAt;
    instances[key] = {
      origin: {
        instanceKey: key,
        contextId: parts?.contextId ?? '',
        contextName: typeof old.contextName === 'string' ? old.contextName : '',
        server: null,
        namespace: parts?.namespace ?? '',
        name: parts?.name ?? '',
      },
      savedAt: old.savedAt,
      sections: {
        instance:
          spec === null
            ? null
            : {
                spec,
                createdAt: updatedAt,
                updatedAt,
                generation: 1,
                objectCount: 0,
                objectsByComponent: {},
              },
        status:
          old.status === undefined
            ? null
            : {
                phase: status.phase,
                reason: status.reason ?? null,
                updatedAt,
                components: [],
                history: [{ phase: status.phase, reason: status.reason ?? null, at: updatedAt }],
              },
      },
    };
  }
  return {
    schemaVersion: 2,
    offline: { forced: data.forceOffline === true, forcedAt: null },
    retention: { perInstance: typeof data.keepSnapshots === 'number' ? data.keepSnapshots : 20 },
    instances,
  };
}

/** Version 3 adds the access lists and the role matrix to each instance's sections, unknown (null) until read. */
function fromVersion2(data: Json): Json {
  const instances: Json = {};
  for (const [key, value] of Object.entries(asRecord(data.instances))) {
    const old = asRecord(value);
    instances[key] = {
      ...old,
      sections: { ...asRecord(old.sections), access: null, matrix: null },
    };
  }
  return { ...data, schemaVersion: 3, instances };
}

export const migrations: readonly Migration[] = [
  { from: 1, migrate: fromVersion1 },
  { from: 2, migrate: fromVersion2 },
];

export type MigrationResult =
  { ok: true; data: Json; from: number } | { ok: false; reason: string };

/**
 * Lifts the content of app-store.json to the current version, one step at a
 * time. The result still has to pass the schema: a migration only moves
 * fields and never vouches for their values.
 */
export function migrateAppStore(content: unknown): MigrationResult {
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    return { ok: false, reason: 'the file does not contain a JSON object' };
  }
  let data = content as Json;
  const from = data.schemaVersion;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) {
    return { ok: false, reason: `schemaVersion ${JSON.stringify(from)} is not a version number` };
  }
  if (from > appStoreVersion) {
    return {
      ok: false,
      reason: `the file has schemaVersion ${from}, written by a newer version of the app (this one reads up to ${appStoreVersion})`,
    };
  }
  for (let version = from; version < appStoreVersion; version++) {
    const step = migrations.find((migration) => migration.from === version);
    if (!step) return { ok: false, reason: `no migration from schemaVersion ${version}` };
    data = step.migrate(data);
  }
  return { ok: true, data, from };
}
