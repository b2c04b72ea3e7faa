import { randomUUID } from 'node:crypto';

import type { Job, JobLogEntry } from '../../shared/contract/areas/instances';
import { AppError } from '../../shared/errors';

/** Lines of log a job keeps; older lines are dropped. */
const maxLogLines = 200;
/** Ended jobs kept for the session's job list. */
const maxEndedJobs = 50;
/** Minimum pause between two progress events of one job. */
const emitIntervalMs = 200;

export type JobKind = Job['kind'];
type EndState = 'completed' | 'failed' | 'cancelled';

/** A running job as its owner sees it: progress, log, and the decisions it waits for. */
export class JobHandle {
  readonly controller = new AbortController();
  private decision: ((value: 'force' | 'cancel') => void) | null = null;

  constructor(
    private job: Job,
    private readonly changed: (job: Job, urgent: boolean) => void,
  ) {}

  get id(): string {
    return this.job.jobId;
  }

  get key(): string {
    return this.job.key;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  snapshot(): Job {
    return structuredClone(this.job);
  }

  get ended(): boolean {
    return ['completed', 'failed', 'cancelled'].includes(this.job.state);
  }

  /** Sets the phases and their sizes before the first object is handled. */
  start(phases: { name: string; total: number }[]): void {
    this.update({
      phases: phases.map((phase) => ({ ...phase, done: 0 })),
      total: phases.reduce((sum, phase) => sum + phase.total, 0),
      done: 0,
    });
  }

  progress(phase: string, component: string | null): void {
    const phases = this.job.phases.map((entry) =>
      entry.name === phase ? { ...entry, done: Math.min(entry.total, entry.done + 1) } : entry,
    );
    this.update({ phase, component, phases, done: Math.min(this.job.total, this.job.done + 1) });
  }

  /** Marks every object of the phases as handled, for objects an earlier run already applied. */
  skip(phase: string, count: number): void {
    if (count === 0) return;
    const phases = this.job.phases.map((entry) =>
      entry.name === phase ? { ...entry, done: Math.min(entry.total, entry.done + count) } : entry,
    );
    this.update({ phases, done: Math.min(this.job.total, this.job.done + count) });
  }

  enterPhase(phase: string): void {
    this.update({ phase });
  }

  log(level: JobLogEntry['level'], code: string, params: Record<string, string> = {}): void {
    const entry: JobLogEntry = { at: new Date().toISOString(), level, code, params };
    this.update({ log: [...this.job.log, entry].slice(-maxLogLines) }, level !== 'info');
  }

  setStuck(stuck: Job['stuck']): void {
    this.update({ stuck }, true);
  }

  /** Waits for the user's decision on a field-manager conflict. Cancelling the job decides "cancel". */
  askConflict(conflict: NonNullable<Job['conflict']>): Promise<'force' | 'cancel'> {
    this.update({ state: 'conflict', conflict }, true);
    return new Promise((resolve) => {
      const onAbort = () => resolve('cancel');
      this.controller.signal.addEventListener('abort', onAbort, { once: true });
      this.decision = (value) => {
        this.controller.signal.removeEventListener('abort', onAbort);
        resolve(value);
      };
    });
  }

  /** Resolves the conflict the job waits on; returns false when it waits on none. */
  resolveConflict(decision: 'force' | 'cancel'): boolean {
    const answer = this.decision;
    if (this.job.state !== 'conflict' || !answer) return false;
    this.decision = null;
    this.update({ state: decision === 'force' ? 'running' : 'cancelling', conflict: null }, true);
    answer(decision);
    return true;
  }

  cancel(): void {
    if (this.ended) return;
    this.update({ state: 'cancelling' }, true);
    this.controller.abort();
  }

  finish(state: EndState, error: AppError | null = null): void {
    this.update(
      {
        state,
        phase: null,
        conflict: null,
        error: error ? error.toShape() : null,
        finishedAt: new Date().toISOString(),
      },
      true,
    );
  }

  private update(patch: Partial<Job>, urgent = false): void {
    this.job = { ...this.job, ...patch };
    this.changed(this.snapshot(), urgent);
  }
}

/**
 * The jobs of this session: one job per instance at a time, because two
 * applies recording into one instance record would overwrite each other's
 * inventory. Progress events are coalesced to one per job every 200 ms;
 * state changes and warnings go out at once.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, JobHandle>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly lastEmit = new Map<string, number>();

  constructor(private readonly emit: (job: Job) => void) {}

  /** Starts a job for an instance; throws a conflict AppError when one already runs on it. */
  create(kind: JobKind, key: string, name: string): JobHandle {
    const running = this.runningFor(key);
    if (running) {
      throw new AppError(
        'conflict',
        'jobAlreadyRunning',
        `Instance ${name} already has a ${running.snapshot().kind} job running. Wait for it to end or cancel it first.`,
        { instance: name, kind: running.snapshot().kind },
      );
    }

    const job: Job = {
      jobId: randomUUID(),
      key,
      kind,
      state: 'running',
      phase: null,
      component: null,
      done: 0,
      total: 0,
      phases: [],
      startedAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
      conflict: null,
      stuck: [],
      log: [],
    };
    const handle = new JobHandle(job, (snapshot, urgent) => this.changed(snapshot, urgent));
    this.jobs.set(job.jobId, handle);
    this.prune();
    this.emit(job);
    return handle;
  }

  get(jobId: string): JobHandle {
    const handle = this.jobs.get(jobId);
    if (!handle) {
      throw new AppError(
        'not-found',
        'jobNotFound',
        `Job ${jobId} does not exist: it ended before this session or the app restarted. Open the instance to see its state.`,
        { jobId },
      );
    }
    return handle;
  }

  runningFor(key: string): JobHandle | null {
    for (const handle of this.jobs.values()) if (handle.key === key && !handle.ended) return handle;
    return null;
  }

  latestFor(key: string): JobHandle | null {
    let latest: JobHandle | null = null;
    for (const handle of this.jobs.values()) if (handle.key === key) latest = handle;
    return latest;
  }

  list(): Job[] {
    return [...this.jobs.values()].map((handle) => handle.snapshot()).reverse();
  }

  /** Cancels every running job, for shutdown. */
  cancelAll(): void {
    for (const handle of this.jobs.values()) handle.cancel();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private changed(job: Job, urgent: boolean): void {
    const last = this.lastEmit.get(job.jobId) ?? 0;
    const wait = emitIntervalMs - (Date.now() - last);
    if (urgent || wait <= 0) {
      clearTimeout(this.pending.get(job.jobId));
      this.pending.delete(job.jobId);
      this.lastEmit.set(job.jobId, Date.now());
      this.emit(job);
      return;
    }
    if (this.pending.has(job.jobId)) return;
    this.pending.set(
      job.jobId,
      setTimeout(() => {
        this.pending.delete(job.jobId);
        this.lastEmit.set(job.jobId, Date.now());
        const handle = this.jobs.get(job.jobId);
        if (handle) this.emit(handle.snapshot());
      }, wait),
    );
  }

  private prune(): void {
    const ended = [...this.jobs.values()].filter((handle) => handle.ended);
    for (const handle of ended.slice(0, Math.max(0, ended.length - maxEndedJobs))) {
      this.jobs.delete(handle.id);
      this.lastEmit.delete(handle.id);
    }
  }
}
