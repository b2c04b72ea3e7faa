import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { CheckStatus, ConnectionCheck } from '../../shared/contract';
import { silentLogger } from '../log';
import { CheckScheduler } from './check-scheduler';

// The scheduler's only dependency is the function that runs a check, and the
// checks themselves are tested against the sandbox cluster. Here a recorder
// replaces that function, so that fake timers can control time.
function recorder(statuses: Record<string, CheckStatus> = {}) {
  const calls: string[] = [];
  const results: ConnectionCheck[] = [];
  const run = async (contextId: string): Promise<ConnectionCheck> => {
    calls.push(contextId);
    return {
      contextId,
      status: statuses[contextId] ?? 'ok',
      serverVersion: null,
      clusterUid: null,
      latencyMs: null,
      identity: null,
      capabilities: null,
      error: null,
      checkedAt: new Date().toISOString(),
    };
  };
  return { calls, results, run, onResult: (check: ConnectionCheck) => results.push(check) };
}

describe('CheckScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('checks a context when it becomes active', async () => {
    const checks = recorder();
    const scheduler = new CheckScheduler({ ...checks, intervalMs: 1_000, log: silentLogger });

    scheduler.setActive('a');
    await vi.advanceTimersByTimeAsync(0);

    expect(checks.calls).toEqual(['a']);
    expect(checks.results).toHaveLength(1);
    scheduler.stop();
  });

  it('checks the active context periodically', async () => {
    const checks = recorder();
    const scheduler = new CheckScheduler({ ...checks, intervalMs: 1_000, log: silentLogger });

    scheduler.setActive('a');
    await vi.advanceTimersByTimeAsync(3_500);

    expect(checks.calls.length).toBeGreaterThanOrEqual(3);
    expect(checks.calls.length).toBeLessThanOrEqual(4);
    expect(new Set(checks.calls)).toEqual(new Set(['a']));
    scheduler.stop();
  });

  it('stops checking the previous context', async () => {
    const checks = recorder();
    const scheduler = new CheckScheduler({ ...checks, intervalMs: 1_000, log: silentLogger });

    scheduler.setActive('a');
    await vi.advanceTimersByTimeAsync(0);
    scheduler.setActive('b');
    await vi.advanceTimersByTimeAsync(5_000);

    expect(checks.calls.filter((id) => id === 'a')).toHaveLength(1);
    expect(checks.calls.filter((id) => id === 'b').length).toBeGreaterThan(3);
    scheduler.stop();
  });

  it('backs off after failures', async () => {
    const checks = recorder({ a: 'unreachable' });
    const scheduler = new CheckScheduler({
      ...checks,
      intervalMs: 1_000,
      maxIntervalMs: 8_000,
      log: silentLogger,
    });

    scheduler.setActive('a');
    // Waits of about 2, 4 and 8 s follow the first three failures.
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(15_000);

    expect(checks.calls.length).toBe(4);
    scheduler.stop();
  });

  it('caps the back-off', () => {
    const scheduler = new CheckScheduler({
      ...recorder(),
      intervalMs: 1_000,
      maxIntervalMs: 8_000,
      log: silentLogger,
    });
    const middle = () => 0.5;

    expect(scheduler.nextDelayMs(middle)).toBe(1_000);
    (scheduler as unknown as { failures: number }).failures = 10;
    expect(scheduler.nextDelayMs(middle)).toBe(8_000);
  });

  it('keeps jitter within ten percent', () => {
    const scheduler = new CheckScheduler({ ...recorder(), intervalMs: 1_000, log: silentLogger });

    expect(scheduler.nextDelayMs(() => 0)).toBe(900);
    expect(scheduler.nextDelayMs(() => 0.999999)).toBe(1_100);
  });

  it('shares one check between concurrent requests', async () => {
    const checks = recorder();
    const scheduler = new CheckScheduler({ ...checks, log: silentLogger });

    const [first, second] = await Promise.all([scheduler.checkNow('a'), scheduler.checkNow('a')]);

    expect(checks.calls).toEqual(['a']);
    expect(second).toBe(first);
  });

  it('checks nothing after stop', async () => {
    const checks = recorder();
    const scheduler = new CheckScheduler({ ...checks, intervalMs: 1_000, log: silentLogger });

    scheduler.setActive('a');
    await vi.advanceTimersByTimeAsync(0);
    scheduler.stop();
    await vi.advanceTimersByTimeAsync(10_000);

    expect(checks.calls).toEqual(['a']);
  });
});
