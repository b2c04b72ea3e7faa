import { ConnectionCheckSchema, type ConnectionCheck } from '../../shared/contract';
import type { Logger } from '../log';
import { openConf } from './open-conf';

interface StoredChecks {
  byContext: Record<string, ConnectionCheck>;
}

export interface CheckStore {
  list(): ConnectionCheck[];
  get(contextId: string): ConnectionCheck | undefined;
  save(check: ConnectionCheck): void;
}

/**
 * Keeps the latest connection check of every context in `checks.json`, so
 * the Clusters screen can show what the app last knew while offline. An
 * unreadable file is moved aside by openConf and the store starts empty.
 * Entries that no longer match the schema (written by another version) are
 * skipped when read.
 */
export function openCheckStore(dataDir: string, log: Logger): CheckStore {
  const { conf } = openConf<StoredChecks>(
    { cwd: dataDir, configName: 'checks', defaults: { byContext: {} } },
    log,
  );

  const valid = (value: unknown): ConnectionCheck | undefined => {
    const parsed = ConnectionCheckSchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  };

  return {
    list: () =>
      Object.values(conf.get('byContext') ?? {})
        .map(valid)
        .filter((check): check is ConnectionCheck => check !== undefined),
    get: (contextId) => valid((conf.get('byContext') ?? {})[contextId]),
    save(check) {
      conf.set('byContext', { ...conf.get('byContext'), [check.contextId]: check });
    },
  };
}
