import { afterEach, describe, expect, it, vi } from 'vitest';

import { createLogger, silentLogger, type LogLevel } from './log';

/** Creates a logger that collects its lines, parsed, instead of writing to stderr. */
function capture(subsystem = 'main', minimum: LogLevel = 'debug') {
  const records: Record<string, unknown>[] = [];
  const log = createLogger(subsystem, minimum, (line) => records.push(JSON.parse(line)));
  return { log, records };
}

describe('createLogger', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('writes one JSON line per record', () => {
    const lines: string[] = [];
    const log = createLogger('main', 'debug', (line) => lines.push(line));

    log.info('first');
    log.warn('second');

    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain('\n');
      expect(() => JSON.parse(line)).not.toThrow();
    }
  });

  it('records level, subsystem and message', () => {
    const { log, records } = capture('kube');

    log.warn('source could not be read');

    expect(records[0]?.level).toBe('warn');
    expect(records[0]?.subsystem).toBe('kube');
    expect(records[0]?.message).toBe('source could not be read');
  });

  it('records an ISO 8601 time', () => {
    const { log, records } = capture();

    log.info('started');

    const time = records[0]?.time as string;
    expect(new Date(time).toISOString()).toBe(time);
  });

  it('adds fields to the record', () => {
    const { log, records } = capture();

    log.info('active context changed', { context: 'kind-kind', port: 6443, shadowed: false });

    expect(records[0]?.context).toBe('kind-kind');
    expect(records[0]?.port).toBe(6443);
    expect(records[0]?.shadowed).toBe(false);
  });

  it('drops undefined fields', () => {
    const { log, records } = capture();

    log.info('started', { path: undefined });

    expect(records).toHaveLength(1);
    expect(records[0]).not.toHaveProperty('path');
  });

  it('keeps core keys over fields', () => {
    const { log, records } = capture('kube');

    log.info('real message', {
      level: 'error',
      subsystem: 'other',
      message: 'forged message',
      time: 'yesterday',
    });

    expect(records[0]?.level).toBe('info');
    expect(records[0]?.subsystem).toBe('kube');
    expect(records[0]?.message).toBe('real message');
    expect(records[0]?.time).not.toBe('yesterday');
  });

  it.each<[LogLevel, string[]]>([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
  ])('minimum %s filters lower levels', (minimum, expected) => {
    const { log, records } = capture('main', minimum);

    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');

    expect(records.map((record) => record.level)).toEqual(expected);
  });

  it('unknown minimum falls back to info', () => {
    const { log, records } = capture('main', 'verbose' as LogLevel);

    log.debug('d');
    log.info('i');

    expect(records.map((record) => record.level)).toEqual(['info']);
  });

  it('reads KFD_LOG_LEVEL by default', () => {
    vi.stubEnv('KFD_LOG_LEVEL', 'error');
    const lines: string[] = [];
    const log = createLogger('main', undefined, (line) => lines.push(line));

    log.warn('w');
    log.error('e');

    expect(lines.map((line) => JSON.parse(line).level)).toEqual(['error']);
  });

  it('child appends its subsystem', () => {
    const { log, records } = capture('main');

    log.child('kube').child('registry').info('loaded');

    expect(records[0]?.subsystem).toBe('main.kube.registry');
  });

  it('child keeps the minimum level', () => {
    const { log, records } = capture('main', 'warn');
    const child = log.child('store');

    child.info('i');
    child.warn('w');

    expect(records.map((record) => record.level)).toEqual(['warn']);
  });
});

describe('silentLogger', () => {
  it('writes nothing', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      silentLogger.debug('d');
      silentLogger.info('i');
      silentLogger.warn('w');
      silentLogger.error('e');
      silentLogger.child('any').error('e');

      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
  });

  it('child returns the silent logger', () => {
    expect(silentLogger.child('kube')).toBe(silentLogger);
  });
});
