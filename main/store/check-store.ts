import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';

import Conf from 'conf';

import { ConnectionCheckSchema, type ConnectionCheck } from '../../shared/contract';
import type { Logger } from '../log';

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
 * the Clusters screen can show what the app last knew while offline. conf
 * writes atomically; an unreadable file is moved aside with a timestamp and
 * logged, and the store starts empty. Entries that no longer match the
 * schema (written by another version) are skipped when read.
 */
export function openCheckStore(dataDir: string, log: Logger): CheckStore {
  const options = {
    cwd: dataDir,
    configName: 'checks',
    projectName: 'kubeflow-desktop',
    defaults: { byContext: {} },
  };
  let conf: Conf<StoredChecks>;
  try {
    conf = new Conf<StoredChecks>(options);
  } catch (error) {
    const file = path.join(dataDir, 'checks.json');
    if (!existsSync(file)) throw error;
    const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, movedTo);
    log.error('saved connection checks were unreadable and have been moved aside', {
      path: file,
      movedTo,
      error: (error as Error).message,
    });
    conf = new Conf<StoredChecks>(options);
  }

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
