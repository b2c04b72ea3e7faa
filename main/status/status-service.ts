import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';

import type { ContextList } from '../../shared/contract/schemas';
import { instanceKey } from '../../shared/provision/instance-key';
import type { InstanceRecord } from '../../shared/provision/instance';
import { evaluateInstance, type EvaluatedInstance } from '../../shared/status/evaluate';
import {
  advance,
  defaultLifecycleConfig,
  initialState,
  type LifecycleConfig,
  type LifecycleState,
  type TransitionName,
} from '../../shared/status/lifecycle';
import {
  InstanceStatusViewSchema,
  TransitionSchema,
  type ClusterWatch,
  type InstanceStatusView,
  type Transition,
} from '../../shared/status/schemas';
import type { EventHub } from '../ipc/event-hub';
import type { KubeService } from '../kube/kube-service';
import type { Logger } from '../log';
import { writeFileAtomic } from '../store/atomic-file';
import { ClusterMonitor } from './cluster-monitor';
import { KubeTransport } from './transport';
import { defaultWatchTiming, type WatchTiming } from './watch';

/** Transitions kept per instance; older ones are dropped first. */
export const maxTransitions = 500;
/** Shortest gap between two status.changed events of one instance: at most 10 a second. */
export const defaultCoalesceMs = 100;

export interface StatusServiceOptions {
  dataDir: string;
  kube: Pick<KubeService, 'listContexts' | 'resolve' | 'deps'>;
  /** Receives status.changed; the service also follows kube.* events on it. */
  hub?: Pick<EventHub, 'emit' | 'subscribe'>;
  log: Logger;
  /** Builds the client configuration of a context; createClientConfig by default. */
  clientFor: (contextId: string) => Promise<KubeConfig>;
  lifecycle?: Partial<LifecycleConfig>;
  timing?: Partial<WatchTiming>;
  /** Interval of the re-evaluation that moves deadlines and grace periods without cluster events. */
  tickMs?: number;
  coalesceMs?: number;
  /** Time the first read of an on-demand cluster may take. */
  refreshTimeoutMs?: number;
  now?: () => number;
}

/** A transition as listeners receive it, with the status after it. */
export interface TransitionNotice {
  key: string;
  transition: Transition;
  status: InstanceStatusView;
}

const PersistedSchema = z.object({
  key: z.string(),
  state: z.object({
    phase: InstanceStatusViewSchema.shape.phase,
    reason: z.string().nullable(),
    since: z.number(),
    unreachableSince: z.number().nullable(),
    unhealthySince: z.number().nullable(),
    failedBy: z.enum(['record', 'health']).nullable(),
  }),
  status: InstanceStatusViewSchema,
  transitions: z.array(TransitionSchema),
});
type Persisted = z.infer<typeof PersistedSchema>;

const PinnedSchema = z.object({ pinned: z.array(z.string()) });

interface Tracked {
  key: string;
  state: LifecycleState;
  status: InstanceStatusView;
  transitions: Transition[];
  emitted: string | null;
  lastEmitAt: number;
  emitTimer?: NodeJS.Timeout;
  writing: Promise<void>;
  writeQueued: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();
const fileNameOf = (key: string) =>
  `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`;
const comparable = (status: InstanceStatusView) => JSON.stringify({ ...status, observedAt: '' });

/**
 * Keeps the live status of every instance on the watched clusters: the
 * active context and the pinned ones, each through a ClusterMonitor. Each
 * change of a cluster's caches re-evaluates its instances and advances their
 * lifecycle; transitions are kept per instance under <dataDir>/status and
 * status.changed events go to the hub, coalesced per instance. The derived
 * phase is never written to the cluster: the record belongs to the
 * provisioning service.
 */
export class StatusService {
  private readonly tracked = new Map<string, Tracked>();
  private readonly monitors = new Map<
    string,
    { monitor: ClusterMonitor; mode: ClusterWatch['mode'] }
  >();
  private readonly failures = new Map<string, string>();
  private readonly listeners = new Set<(notice: TransitionNotice) => void>();
  private pinned = new Set<string>();
  private contexts: ContextList | null = null;
  private activeId: string | null = null;
  private readonly lifecycle: LifecycleConfig;
  private readonly timing: WatchTiming;
  private readonly now: () => number;
  private readonly statusDir: string;
  private tick: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private syncing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: StatusServiceOptions) {
    this.lifecycle = { ...defaultLifecycleConfig, ...options.lifecycle };
    this.timing = { ...defaultWatchTiming, ...options.timing };
    this.now = options.now ?? Date.now;
    this.statusDir = path.join(options.dataDir, 'status');
  }

  /** Loads the saved statuses and pinned contexts, then starts watching. */
  async start(): Promise<void> {
    await mkdir(path.join(this.statusDir, 'instances'), { recursive: true });
    await this.loadSaved();
    await this.loadPinned();
    this.unsubscribe = this.options.hub?.subscribe((event, payload) => {
      if (event === 'kube.contextsChanged') {
        this.contexts = payload as ContextList;
        this.activeId = this.contexts.activeId;
        this.queueSync();
      } else if (event === 'kube.activeContextChanged') {
        this.activeId = (payload as { activeId: string | null }).activeId;
        this.queueSync();
      }
    });
    this.contexts = await this.options.kube.listContexts();
    this.activeId = this.contexts.activeId;
    this.queueSync();
    this.tick = setInterval(() => this.evaluateAll(), this.options.tickMs ?? 5_000);
    this.tick.unref?.();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.tick);
    this.unsubscribe?.();
    await this.syncing;
    await Promise.all([...this.monitors.values()].map(({ monitor }) => monitor.stop()));
    this.monitors.clear();
    for (const entry of this.tracked.values()) clearTimeout(entry.emitTimer);
    await Promise.all([...this.tracked.values()].map((entry) => entry.writing));
  }

  /** Returns every known instance's status, sorted by key. */
  list(): InstanceStatusView[] {
    return [...this.tracked.values()]
      .map((entry) => entry.status)
      .sort((left, right) => left.key.localeCompare(right.key));
  }

  /** Returns the current status of one instance, or null when the engine has not seen it. */
  current(key: string): InstanceStatusView | null {
    return this.tracked.get(key)?.status ?? null;
  }

  /** Returns the transitions of one instance, oldest first. */
  history(key: string): Transition[] {
    return [...(this.tracked.get(key)?.transitions ?? [])];
  }

  /** Returns the watched clusters and those whose monitor failed to start. */
  clusters(): ClusterWatch[] {
    const watched: ClusterWatch[] = [...this.monitors.entries()].map(
      ([contextId, { monitor, mode }]) => ({
        contextId,
        mode,
        reachable: monitor.reachable,
        unreachableSince: monitor.unreachableSince === null ? null : iso(monitor.unreachableSince),
        watches: monitor.watchCount,
        error: monitor.lastError ?? monitor.rejection,
      }),
    );
    for (const [contextId, error] of this.failures) {
      if (this.monitors.has(contextId)) continue;
      const mode =
        contextId === this.activeId
          ? 'active'
          : this.pinned.has(contextId)
            ? 'pinned'
            : 'on-demand';
      watched.push({
        contextId,
        mode,
        reachable: false,
        unreachableSince: null,
        watches: 0,
        error,
      });
    }
    return watched;
  }

  pinnedContexts(): string[] {
    return [...this.pinned].sort();
  }

  async pin(contextId: string): Promise<string[]> {
    this.pinned.add(contextId);
    await this.savePinned();
    this.queueSync();
    return this.pinnedContexts();
  }

  async unpin(contextId: string): Promise<string[]> {
    this.pinned.delete(contextId);
    await this.savePinned();
    this.queueSync();
    return this.pinnedContexts();
  }

  /** Calls the listener on every transition of any instance. */
  onTransition(listener: (notice: TransitionNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Returns the monitor of a context, for tests and the benchmark that read its counters. */
  monitorOf(contextId: string): ClusterMonitor | undefined {
    return this.monitors.get(contextId)?.monitor;
  }

  /**
   * Reads one cluster now: a watched cluster waits for its watches, another
   * is read once with a monitor that stops afterwards. Returns the statuses
   * of the context's instances.
   */
  async refresh(contextId: string): Promise<InstanceStatusView[]> {
    await this.syncing;
    const timeout = this.options.refreshTimeoutMs ?? 20_000;
    const watched = this.monitors.get(contextId)?.monitor;
    if (watched) {
      await watched.whenSettled(timeout);
      this.update(watched);
    } else {
      const monitor = await this.createMonitor(contextId);
      if (monitor) {
        monitor.start();
        try {
          await monitor.whenSettled(timeout);
          this.update(monitor);
        } finally {
          await monitor.stop();
        }
      }
    }
    return this.list().filter((status) => status.contextId === contextId);
  }

  private wantedModes(): Map<string, ClusterWatch['mode']> {
    const known = new Set(
      (this.contexts?.contexts ?? [])
        .filter((entry) => !entry.invalidReason)
        .map((entry) => entry.id),
    );
    const wanted = new Map<string, ClusterWatch['mode']>();
    for (const contextId of this.pinned) if (known.has(contextId)) wanted.set(contextId, 'pinned');
    if (this.activeId && known.has(this.activeId)) wanted.set(this.activeId, 'active');
    return wanted;
  }

  private queueSync(): void {
    this.syncing = this.syncing
      .then(() => this.syncMonitors())
      .catch((error: Error) =>
        this.options.log.error('failed to update the watched clusters', { error: error.message }),
      );
  }

  /** Starts monitors for the active and pinned contexts, stops the others, and expires instances of removed contexts. */
  private async syncMonitors(): Promise<void> {
    if (this.closed) return;
    const wanted = this.wantedModes();
    for (const [contextId, entry] of this.monitors) {
      if (wanted.has(contextId)) {
        entry.mode = wanted.get(contextId)!;
        continue;
      }
      this.monitors.delete(contextId);
      await entry.monitor.stop();
    }
    for (const [contextId, mode] of wanted) {
      if (this.monitors.has(contextId)) continue;
      const monitor = await this.createMonitor(contextId);
      if (!monitor || this.closed) continue;
      this.monitors.set(contextId, { monitor, mode });
      monitor.start();
    }
    this.expireRemovedContexts();
  }

  private async createMonitor(contextId: string): Promise<ClusterMonitor | null> {
    try {
      const config = await this.options.clientFor(contextId);
      this.failures.delete(contextId);
      return new ClusterMonitor(
        contextId,
        new KubeTransport(config),
        (monitor) => this.update(monitor),
        this.options.log.child('watch'),
        this.timing,
      );
    } catch (error) {
      const message = (error as Error).message;
      this.failures.set(contextId, message);
      this.options.log.warn('cannot watch a context', { contextId, error: message });
      return null;
    }
  }

  private expireRemovedContexts(): void {
    if (!this.contexts) return;
    const present = new Set(this.contexts.contexts.map((entry) => entry.id));
    for (const entry of this.tracked.values()) {
      if (present.has(entry.status.contextId)) continue;
      this.step(entry, {
        now: this.now(),
        contextPresent: false,
        reachable: false,
        record: null,
        namespacePresent: false,
        healthy: false,
        failure: null,
        pending: null,
      });
    }
  }

  private evaluateAll(): void {
    for (const { monitor } of this.monitors.values()) this.update(monitor);
  }

  /** Re-evaluates every instance of a monitor's cluster. */
  private update(monitor: ClusterMonitor): void {
    if (this.closed) return;
    const now = this.now();
    const { contextId } = monitor;

    if (!monitor.reachable) {
      for (const entry of this.tracked.values()) {
        if (entry.status.contextId !== contextId) continue;
        this.step(entry, {
          now,
          contextPresent: true,
          reachable: false,
          record: null,
          namespacePresent: true,
          healthy: false,
          failure: null,
          pending: null,
        });
      }
      return;
    }
    // Until every watch has listed, a missing object may only be unread.
    if (!monitor.recordsSettled || !monitor.settled) return;

    const records = new Map<string, InstanceRecord>();
    for (const record of monitor.records()) {
      records.set(instanceKey(contextId, record.spec.namespace, record.spec.name), record);
    }
    for (const [key, record] of records) {
      if (!this.tracked.has(key)) this.track(key, contextId, record, now);
    }

    const view = monitor.view();
    for (const entry of this.tracked.values()) {
      if (entry.status.contextId !== contextId) continue;
      const record = records.get(entry.key) ?? null;
      const evaluated = record ? evaluateInstance(record.spec, record.inventory, view) : null;
      if (record) this.describe(entry, record, evaluated!, now);
      this.step(entry, {
        now,
        contextPresent: true,
        reachable: true,
        record: record
          ? {
              phase: record.status.phase,
              reason: record.status.reason,
              applying: record.status.applying === true,
            }
          : null,
        namespacePresent: monitor.namespaceExists(entry.status.namespace),
        healthy: evaluated?.healthy ?? false,
        failure: evaluated?.failure ?? null,
        pending: evaluated?.pending ?? null,
      });
    }
  }

  private track(key: string, contextId: string, record: InstanceRecord, now: number): void {
    const state = initialState(record.status, now);
    const status: InstanceStatusView = {
      key,
      contextId,
      namespace: record.spec.namespace,
      name: record.spec.name,
      release: record.spec.release,
      serviceType: record.spec.serviceType,
      phase: state.phase,
      reason: state.reason,
      since: iso(now),
      unreachableSince: null,
      recordPhase: record.status.phase,
      components: [],
      faults: [],
      events: [],
      observedAt: iso(now),
    };
    const entry: Tracked = {
      key,
      state,
      status,
      transitions: [],
      emitted: null,
      lastEmitAt: Number.NEGATIVE_INFINITY,
      writing: Promise.resolve(),
      writeQueued: false,
    };
    this.tracked.set(key, entry);
    this.record(entry, 'observed', null, now);
  }

  private describe(
    entry: Tracked,
    record: InstanceRecord,
    evaluated: EvaluatedInstance,
    now: number,
  ): void {
    entry.status = {
      ...entry.status,
      release: record.spec.release,
      serviceType: record.spec.serviceType,
      recordPhase: record.status.phase,
      components: evaluated.components,
      faults: evaluated.faults,
      events: evaluated.events,
      observedAt: iso(now),
    };
  }

  private step(entry: Tracked, observation: Parameters<typeof advance>[1]): void {
    const before = entry.state.phase;
    const result = advance(entry.state, observation, this.lifecycle);
    entry.state = result.state;
    entry.status = {
      ...entry.status,
      phase: result.state.phase,
      reason: result.state.reason,
      since: iso(result.state.since),
      unreachableSince:
        result.state.unreachableSince === null ? null : iso(result.state.unreachableSince),
    };
    if (observation.reachable) entry.status.observedAt = iso(observation.now);
    if (result.transition) this.record(entry, result.transition, before, observation.now);
    this.scheduleEmit(entry);
  }

  private record(
    entry: Tracked,
    name: TransitionName,
    from: Transition['from'],
    now: number,
  ): void {
    const transition: Transition = {
      name,
      from,
      to: entry.state.phase,
      reason: entry.state.reason,
      at: iso(now),
    };
    entry.transitions.push(transition);
    if (entry.transitions.length > maxTransitions)
      entry.transitions.splice(0, entry.transitions.length - maxTransitions);
    this.options.log.info('instance status changed', {
      key: entry.key,
      transition: name,
      from,
      to: transition.to,
      reason: transition.reason,
    });
    this.save(entry);
    for (const listener of this.listeners) {
      try {
        listener({ key: entry.key, transition, status: entry.status });
      } catch (error) {
        this.options.log.warn('a transition listener failed', { error: String(error) });
      }
    }
  }

  /** Emits status.changed when the status differs from the last event. A timer delays an emit until coalesceMs after the previous one. */
  private scheduleEmit(entry: Tracked): void {
    if (entry.emitTimer) return;
    const gap = this.options.coalesceMs ?? defaultCoalesceMs;
    // A monotonic clock, so a wall-clock adjustment cannot shorten the gap.
    const wait = Math.max(0, entry.lastEmitAt + gap - performance.now());
    const emit = () => {
      // Node's timers count from the event loop's cached clock, which lags
      // performance.now() under load, so a timer can fire a few ms early.
      const early = entry.lastEmitAt + gap - performance.now();
      if (early > 0) {
        entry.emitTimer = setTimeout(emit, Math.ceil(early));
        return;
      }
      entry.emitTimer = undefined;
      const text = comparable(entry.status);
      if (text === entry.emitted || this.closed) return;
      entry.emitted = text;
      this.options.hub?.emit('status.changed', entry.status);
      // Measured after the delivery, so listeners see at least `gap` between events.
      entry.lastEmitAt = performance.now();
      this.save(entry);
    };
    if (wait === 0) {
      emit();
      return;
    }
    entry.emitTimer = setTimeout(emit, wait);
  }

  private save(entry: Tracked): void {
    if (entry.writeQueued) return;
    entry.writeQueued = true;
    entry.writing = entry.writing.then(async () => {
      entry.writeQueued = false;
      const saved: Persisted = {
        key: entry.key,
        state: entry.state,
        status: entry.status,
        transitions: entry.transitions,
      };
      try {
        await writeFileAtomic(
          path.join(this.statusDir, 'instances', fileNameOf(entry.key)),
          JSON.stringify(saved),
          { mode: 0o600, overwrite: true },
        );
      } catch (error) {
        this.options.log.warn('failed to save an instance status', {
          key: entry.key,
          error: (error as Error).message,
        });
      }
    });
  }

  private async loadSaved(): Promise<void> {
    const folder = path.join(this.statusDir, 'instances');
    for (const name of await readdir(folder)) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      try {
        const saved = PersistedSchema.parse(
          JSON.parse(await readFile(path.join(folder, name), 'utf8')),
        );
        this.tracked.set(saved.key, {
          key: saved.key,
          state: saved.state,
          status: saved.status,
          transitions: saved.transitions,
          emitted: null,
          lastEmitAt: Number.NEGATIVE_INFINITY,
          writing: Promise.resolve(),
          writeQueued: false,
        });
      } catch (error) {
        this.options.log.warn('ignored an unreadable saved instance status', {
          file: name,
          error: (error as Error).message,
        });
      }
    }
  }

  private async loadPinned(): Promise<void> {
    try {
      const text = await readFile(path.join(this.statusDir, 'pinned.json'), 'utf8');
      this.pinned = new Set(PinnedSchema.parse(JSON.parse(text)).pinned);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.options.log.warn('ignored an unreadable list of pinned contexts', {
        error: (error as Error).message,
      });
    }
  }

  private async savePinned(): Promise<void> {
    await writeFileAtomic(
      path.join(this.statusDir, 'pinned.json'),
      JSON.stringify({ pinned: this.pinnedContexts() }, null, 2),
      { mode: 0o600, overwrite: true },
    );
  }
}
