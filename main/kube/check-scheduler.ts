import type { ConnectionCheck } from '../../shared/contract';
import type { Logger } from '../log';

export interface CheckSchedulerOptions {
  /** Runs one connection check; it must not throw (a failed check is a result). */
  run(contextId: string): Promise<ConnectionCheck>;
  /** Receives every result, to save it and announce it. */
  onResult(check: ConnectionCheck): void;
  /** Time between checks of the active context while they succeed. */
  intervalMs?: number;
  /** Upper bound of the back-off after failed checks. */
  maxIntervalMs?: number;
  log: Logger;
}

export const defaultCheckIntervalMs = 60_000;
export const defaultMaxCheckIntervalMs = 15 * 60_000;

/**
 * Runs connection checks on demand, when a context becomes active, and
 * periodically for the active context only. After each failed check the
 * wait doubles, up to `maxIntervalMs`. A ±10 % jitter keeps several windows
 * or restarts from checking in lockstep, and a success resets the wait.
 * Concurrent requests for the same context share one check.
 */
export class CheckScheduler {
  private readonly intervalMs: number;
  private readonly maxIntervalMs: number;
  private readonly inFlight = new Map<string, Promise<ConnectionCheck>>();
  private activeId: string | null = null;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly options: CheckSchedulerOptions) {
    this.intervalMs = options.intervalMs ?? defaultCheckIntervalMs;
    this.maxIntervalMs = options.maxIntervalMs ?? defaultMaxCheckIntervalMs;
  }

  /** Checks `contextId` now; the result also resets the periodic schedule when it is the active context. */
  checkNow(contextId: string): Promise<ConnectionCheck> {
    const running = this.inFlight.get(contextId);
    if (running) return running;

    const check = this.options
      .run(contextId)
      .then((result) => {
        this.options.onResult(result);
        if (contextId === this.activeId) this.recordActiveResult(result);
        return result;
      })
      .finally(() => this.inFlight.delete(contextId));
    this.inFlight.set(contextId, check);
    return check;
  }

  /** Follows the active context: checks the new one at once and schedules the next checks for it only. */
  setActive(contextId: string | null): void {
    if (contextId === this.activeId) return;
    this.activeId = contextId;
    this.failures = 0;
    this.clearTimer();
    if (contextId !== null && !this.stopped)
      void this.checkNow(contextId).catch((error: unknown) => this.logFailure(contextId, error));
  }

  /** Returns the wait before the next periodic check, given the failures so far. */
  nextDelayMs(random = Math.random): number {
    const base = Math.min(this.intervalMs * 2 ** this.failures, this.maxIntervalMs);
    const jitter = 1 + (random() * 0.2 - 0.1);
    return Math.round(base * jitter);
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private recordActiveResult(result: ConnectionCheck): void {
    this.failures = result.status === 'ok' ? 0 : this.failures + 1;
    if (result.status !== 'ok') {
      this.options.log.info('check of the active context failed; backing off', {
        contextId: result.contextId,
        status: result.status,
        failures: this.failures,
      });
    }
    this.schedule();
  }

  private schedule(): void {
    this.clearTimer();
    if (this.stopped || this.activeId === null) return;
    const contextId = this.activeId;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.checkNow(contextId).catch((error: unknown) => this.logFailure(contextId, error));
    }, this.nextDelayMs());
    // The schedule must never keep a command-line run or a test process alive.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private logFailure(contextId: string, error: unknown): void {
    this.options.log.error('connection check failed unexpectedly', {
      contextId,
      error: String(error),
    });
  }
}
