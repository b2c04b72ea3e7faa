/**
 * Structured logging for the main process: one JSON line per record on
 * stderr, so a desktop log file and a terminal read the same. Callers pass ids
 * (context name, object reference) in `fields`, never a credential.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(subsystem: string): Logger;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  subsystem = 'main',
  minimum: LogLevel = (process.env.KFD_LOG_LEVEL as LogLevel | undefined) ?? 'info',
  write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Logger {
  const threshold = order[minimum] ?? order.info;

  function record(level: LogLevel, message: string, fields?: LogFields): void {
    if (order[level] < threshold) return;
    const core = { time: new Date().toISOString(), level, subsystem, message };
    // Core keys are spread again after the fields, so a field cannot overwrite them.
    write(JSON.stringify({ ...core, ...fields, ...core }));
  }

  return {
    debug: (message, fields) => record('debug', message, fields),
    info: (message, fields) => record('info', message, fields),
    warn: (message, fields) => record('warn', message, fields),
    error: (message, fields) => record('error', message, fields),
    child: (name) => createLogger(`${subsystem}.${name}`, minimum, write),
  };
}

/** A logger that drops everything, for tests that do not read logs. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
