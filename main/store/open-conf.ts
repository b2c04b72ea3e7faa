import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';

import Conf from 'conf';

import type { Logger } from '../log';

// conf declares its type parameter as Record<string, any>, which, unlike
// Record<string, unknown>, also accepts interfaces without an index signature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ConfData = Record<string, any>;

export interface OpenedConf<T extends ConfData> {
  conf: Conf<T>;
  /** Path an unreadable file was moved to before starting afresh, or null. */
  movedTo: string | null;
}

/**
 * Opens one JSON file of the app's data folder with conf, which writes
 * atomically (temporary file and rename). A file that is not valid JSON or
 * breaks the schema is moved aside as `<name>.json.corrupt-<time>` and
 * logged, and a fresh file starts: never a silent reset.
 */
export function openConf<T extends ConfData>(
  options: { cwd: string; configName: string } & Record<string, unknown>,
  log: Logger,
): OpenedConf<T> {
  const settings = { projectName: 'kubeflow-desktop', clearInvalidConfig: false, ...options };
  const create = () => new Conf<T>(settings as ConstructorParameters<typeof Conf<T>>[0]);
  try {
    return { conf: create(), movedTo: null };
  } catch (error) {
    const file = path.join(options.cwd, `${options.configName}.json`);
    if (!existsSync(file)) throw error;
    const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, movedTo);
    log.error('an unreadable data file was moved aside', {
      path: file,
      movedTo,
      error: (error as Error).message,
    });
    return { conf: create(), movedTo };
  }
}
