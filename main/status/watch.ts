import type { ObservedObject } from '../../shared/status/health';
import type { Logger } from '../log';
import { HttpStatusError, type KubeTransport } from './transport';

/** Timing of a watch, in milliseconds unless named otherwise. */
export interface WatchTiming {
  /** Timeout of one list request. */
  listTimeoutMs: number;
  /** A stream that sends nothing, not even a bookmark, for this long is restarted (a half-open connection). */
  silenceMs: number;
  /** timeoutSeconds sent with each watch: the API server ends the stream after it, and the watch resumes. */
  watchTimeoutSeconds: number;
  /** First delay after a failure; it doubles per failure up to backoffMaxMs, with jitter. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const defaultWatchTiming: WatchTiming = {
  listTimeoutMs: 15_000,
  // The API server's watch cache sends a bookmark about once a minute (Kubernetes 1.27 and later),
  // so five silent minutes mean the connection is gone.
  silenceMs: 5 * 60_000,
  watchTimeoutSeconds: 30 * 60,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
};

/** A collection to watch: its path and the selectors of the list and the watch. */
export interface WatchTarget {
  /** Collection path, such as /api/v1/namespaces/kubeflow/pods. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface WatchCallbacks {
  /** The cache changed: an object was added, modified or deleted, or a list replaced it. */
  onChange(): void;
  /** A request reached the API server (true) or failed to (false, with the error). */
  onReachability(reachable: boolean, error?: Error): void;
}

/** Counters of one watch. */
export interface WatchStats {
  lists: number;
  /** Lists caused by an expired resourceVersion (410 Gone). */
  relists: number;
  /** Streams that ended for any reason other than stop(): the watch resumed after each. */
  reconnects: number;
  events: number;
  /** ADDED or MODIFIED events for an object version the cache held already, which were dropped. */
  duplicates: number;
}

interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: ObservedObject & { code?: number; message?: string };
}

interface ListResult {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  items?: ObservedObject[];
}

const keyOf = (object: ObservedObject) =>
  `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;

const versionOf = (object: ObservedObject) =>
  (object.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;

class Expired extends Error {}

/** Sleeps, ending early when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** Returns the delay before retry number `failures`: exponential with jitter in its upper half. */
export function backoffMs(failures: number, timing: WatchTiming, random = Math.random): number {
  const cap = Math.min(timing.backoffMaxMs, timing.backoffBaseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/**
 * Runs a list-then-watch loop on one collection and keeps its objects in
 * `objects`. The watch starts at the list's resourceVersion and resumes from
 * the last event or bookmark after a disconnect, so a restart of the stream
 * costs no list. A 410 Gone (as the HTTP status or as an ERROR event inside a
 * 200 stream) means the version left the server's history, and only then is
 * the collection listed again.
 */
export class ResourceWatch {
  readonly objects = new Map<string, ObservedObject>();
  readonly stats: WatchStats = { lists: 0, relists: 0, reconnects: 0, events: 0, duplicates: 0 };
  synced = false;
  /** HTTP status of the last failure, or null after a success. */
  lastErrorStatus: number | null = null;
  private resourceVersion: string | null = null;
  private readonly stopper = new AbortController();
  private running: Promise<void> | undefined;
  private readonly waiters: (() => void)[] = [];

  constructor(
    readonly target: WatchTarget,
    private readonly transport: KubeTransport,
    private readonly callbacks: WatchCallbacks,
    private readonly log: Logger,
    private readonly timing: WatchTiming = defaultWatchTiming,
    /** Serializes lists across the watches of a cluster, so a restart of the API server does not trigger a burst. */
    private readonly listGate: <T>(run: () => Promise<T>) => Promise<T> = (run) => run(),
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
  }

  /**
   * Whether the cache can be read: it was listed, or the server rejected the
   * collection for good (403 forbidden, 404 for a kind it does not serve), so
   * it stays empty.
   */
  get settled(): boolean {
    const status = this.lastErrorStatus;
    const rejected =
      status !== null && status >= 400 && status < 500 && status !== 410 && status !== 429;
    return this.synced || rejected;
  }

  /** Resolves once the first list has filled the cache, or when the watch stops. */
  whenSynced(): Promise<void> {
    if (this.settled || this.stopper.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private query(extra: Record<string, string>): string {
    const params = new URLSearchParams();
    if (this.target.labelSelector) params.set('labelSelector', this.target.labelSelector);
    if (this.target.fieldSelector) params.set('fieldSelector', this.target.fieldSelector);
    for (const [key, value] of Object.entries(extra)) params.set(key, value);
    return `${this.target.path}?${params.toString()}`;
  }

  private async run(): Promise<void> {
    const signal = this.stopper.signal;
    let failures = 0;
    while (!signal.aborted) {
      const started = Date.now();
      try {
        if (this.resourceVersion === null) await this.listGate(() => this.list());
        await this.watchOnce();
        // The server ends a stream at timeoutSeconds; one that ends at once is retried with back-off.
        failures = Date.now() - started < 1_000 ? failures + 1 : 0;
      } catch (error) {
        if (signal.aborted) break;
        if (
          error instanceof Expired ||
          (error instanceof HttpStatusError && error.status === 410)
        ) {
          this.log.info('the watched resourceVersion expired; listing again', {
            path: this.target.path,
          });
          this.resourceVersion = null;
          this.stats.relists += 1;
          continue;
        }
        failures += 1;
        const status = error instanceof HttpStatusError ? error.status : null;
        const firstFailure = this.lastErrorStatus !== status;
        this.lastErrorStatus = status;
        if (firstFailure && this.settled) {
          for (const resolve of this.waiters.splice(0)) resolve();
          this.callbacks.onChange();
        }
        if (status === null || status >= 500) this.callbacks.onReachability(false, error as Error);
        const wait =
          error instanceof HttpStatusError && error.retryAfterMs !== null
            ? error.retryAfterMs
            : backoffMs(failures, this.timing);
        this.log.debug('the watch failed; retrying', {
          path: this.target.path,
          error: (error as Error).message,
          retryInMs: wait,
        });
        await sleep(wait, signal);
        continue;
      }
      if (failures > 0) await sleep(backoffMs(failures, this.timing), signal);
    }
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private async list(): Promise<void> {
    const fresh = new Map<string, ObservedObject>();
    let next: string | undefined;
    let version = '';
    do {
      const page = await this.transport.getJson<ListResult>(
        this.query({ limit: '500', ...(next ? { continue: next } : {}) }),
        this.timing.listTimeoutMs,
      );
      // Items of a list carry no kind or apiVersion; the list's kind names them (a PodList contains Pods).
      const kind = page.kind?.replace(/List$/, '');
      for (const item of page.items ?? []) {
        fresh.set(keyOf(item), { apiVersion: page.apiVersion, kind, ...item });
      }
      next = page.metadata?.continue || undefined;
      version = page.metadata?.resourceVersion ?? version;
    } while (next);
    this.stats.lists += 1;
    this.lastErrorStatus = null;
    this.callbacks.onReachability(true);

    let changed = fresh.size !== this.objects.size;
    for (const [key, object] of fresh) {
      if (versionOf(this.objects.get(key) ?? {}) !== versionOf(object)) changed = true;
    }
    this.objects.clear();
    for (const [key, object] of fresh) this.objects.set(key, object);
    this.resourceVersion = version;
    const firstSync = !this.synced;
    this.synced = true;
    if (firstSync) for (const resolve of this.waiters.splice(0)) resolve();
    if (changed || firstSync) this.callbacks.onChange();
  }

  private async watchOnce(): Promise<void> {
    const stream = new AbortController();
    const stopStream = () => stream.abort();
    this.stopper.signal.addEventListener('abort', stopStream, { once: true });
    let silenceTimer: NodeJS.Timeout | undefined;
    let expired = false;
    let silent = false;
    let streamError: HttpStatusError | null = null;
    const armSilence = () => {
      clearTimeout(silenceTimer);
      silenceTimer = setTimeout(() => {
        silent = true;
        stream.abort();
      }, this.timing.silenceMs);
    };

    const path = this.query({
      watch: '1',
      allowWatchBookmarks: 'true',
      resourceVersion: this.resourceVersion ?? '',
      timeoutSeconds: String(this.timing.watchTimeoutSeconds),
    });
    armSilence();
    try {
      await this.transport.stream(
        path,
        stream.signal,
        (line) => {
          armSilence();
          const outcome = this.handle(line);
          if (outcome === 'expired') expired = true;
          else if (outcome instanceof HttpStatusError) streamError = outcome;
          if (outcome !== null) stream.abort();
        },
        () => this.callbacks.onReachability(true),
      );
    } catch (error) {
      if (!expired && !silent && !streamError) throw error;
    } finally {
      clearTimeout(silenceTimer);
      this.stopper.signal.removeEventListener('abort', stopStream);
      if (!this.stopper.signal.aborted) this.stats.reconnects += 1;
    }
    if (silent)
      this.log.info('the watch was silent too long; restarting it', { path: this.target.path });
    if (expired) throw new Expired();
    if (streamError) throw streamError;
  }

  private handle(line: string): 'expired' | HttpStatusError | null {
    let event: WatchEvent;
    try {
      event = JSON.parse(line) as WatchEvent;
    } catch {
      this.log.warn('a watch sent a line that is not JSON', { path: this.target.path });
      return null;
    }
    if (event.type === 'ERROR') {
      if (event.object?.code === 410) return 'expired';
      return new HttpStatusError(event.object?.code ?? 500, event.object?.message ?? line, null);
    }

    const version = versionOf(event.object);
    if (version) this.resourceVersion = version;
    if (event.type === 'BOOKMARK') return null;

    this.stats.events += 1;
    const key = keyOf(event.object);
    if (event.type === 'DELETED') {
      if (this.objects.delete(key)) this.callbacks.onChange();
      return null;
    }
    if (versionOf(this.objects.get(key) ?? {}) === version) {
      this.stats.duplicates += 1;
      return null;
    }
    this.objects.set(key, event.object);
    this.callbacks.onChange();
    return null;
  }
}
