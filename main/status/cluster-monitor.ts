import type { V1ConfigMap } from '@kubernetes/client-node';

import type { InstanceRecord, ObjectRef } from '../../shared/provision/instance';
import { webhookKinds, webhookServices, type ObservedObject } from '../../shared/status/health';
import type { ClusterView } from '../../shared/status/evaluate';
import type { WarningEvent } from '../../shared/status/schemas';
import type { Logger } from '../log';
import {
  decodeHead,
  decodeRecord,
  fieldManager,
  managedByLabel,
  partLabel,
} from '../provision/instance-record';
import type { KubeTransport } from './transport';
import { defaultWatchTiming, ResourceWatch, type WatchTarget, type WatchTiming } from './watch';

interface ResourceInfo {
  resource: string;
  namespaced: boolean;
}

interface ApiResourceList {
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

interface KubeEvent extends ObservedObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  firstTimestamp?: string;
  involvedObject?: { apiVersion?: string; kind?: string; namespace?: string; name?: string };
  series?: { count?: number; lastObservedTime?: string };
}

const recordSelector = `${managedByLabel}=${fieldManager}`;
const basePath = (apiVersion: string) =>
  apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';

/** A time after which an unknown group version is looked up again, so a CRD installed later is found. */
const discoveryRetryMs = 60_000;

/** Runs one function at a time, in call order. */
function createGate(): <T>(run: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(run: () => Promise<T>) => {
    const result = tail.then(run, run);
    tail = result.catch(() => {});
    return result;
  };
}

/** A record read from its ConfigMaps, kept with the versions it was decoded from. */
interface DecodedRecord {
  versions: string;
  record: InstanceRecord;
}

/**
 * Watches what the status of one cluster's instances depends on: the record
 * ConfigMaps, the namespaces, each kind that the inventories contain
 * (namespaced watches for namespaced kinds), and the pods, Warning events and
 * webhook endpoints of the inventories' namespaces. The set of watches
 * follows the inventories as records change.
 */
export class ClusterMonitor {
  reachable = true;
  unreachableSince: number | null = null;
  lastError: string | null = null;
  private readonly watches = new Map<string, ResourceWatch>();
  private readonly resources = new Map<string, ResourceInfo | null>();
  private readonly discoveredAt = new Map<string, number>();
  private readonly decoded = new Map<string, DecodedRecord>();
  private readonly listGate = createGate();
  private readonly recordWatch: ResourceWatch;
  private readonly namespaceWatch: ResourceWatch;
  private changeTimer: NodeJS.Timeout | undefined;
  private reconciling: Promise<void> | null = null;
  private stopped = false;

  constructor(
    readonly contextId: string,
    readonly transport: KubeTransport,
    private readonly onUpdate: (monitor: ClusterMonitor) => void,
    private readonly log: Logger,
    private readonly timing: WatchTiming = defaultWatchTiming,
    /** Delay that gathers changes arriving together into one evaluation. */
    private readonly settleMs = 20,
    private readonly now: () => number = Date.now,
  ) {
    this.recordWatch = this.addWatch({ path: '/api/v1/configmaps', labelSelector: recordSelector });
    this.namespaceWatch = this.addWatch({ path: '/api/v1/namespaces' });
  }

  start(): void {
    for (const watch of this.watches.values()) watch.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.changeTimer);
    await Promise.all([...this.watches.values()].map((watch) => watch.stop()));
    this.transport.close();
  }

  /** Open watches. */
  get watchCount(): number {
    return this.watches.size;
  }

  /** Counters of every watch, summed. */
  get stats() {
    const total = { lists: 0, relists: 0, reconnects: 0, events: 0, duplicates: 0 };
    for (const watch of this.watches.values()) {
      for (const key of Object.keys(total) as (keyof typeof total)[])
        total[key] += watch.stats[key];
    }
    return total;
  }

  /**
   * Describes the first watch the API server rejects for good (such as 403
   * for a user who may not list a kind), or returns null. Its objects then
   * count as missing.
   */
  get rejection(): string | null {
    for (const watch of this.watches.values()) {
      const status = watch.lastErrorStatus;
      if (status !== null && !watch.synced && watch.settled) {
        return `the API server rejected the watch of ${watch.target.path} with HTTP ${status}`;
      }
    }
    return null;
  }

  /** Whether every watch has its first list, so missing objects are really missing. */
  get settled(): boolean {
    return [...this.watches.values()].every((watch) => watch.settled);
  }

  /** Resolves when every current watch has settled, or after timeoutMs. */
  async whenSettled(timeoutMs: number): Promise<boolean> {
    const deadline = this.now() + timeoutMs;
    while (this.now() < deadline && !this.stopped) {
      await this.reconciling;
      const pending = [...this.watches.values()].filter((watch) => !watch.settled);
      if (pending.length === 0 && !this.reconciling) return true;
      await Promise.race([
        Promise.all(pending.map((watch) => watch.whenSynced())),
        new Promise((resolve) => setTimeout(resolve, Math.min(200, deadline - this.now()))),
      ]);
    }
    return this.settled;
  }

  private addWatch(target: WatchTarget): ResourceWatch {
    const key = `${target.path}?${target.labelSelector ?? ''}&${target.fieldSelector ?? ''}`;
    const existing = this.watches.get(key);
    if (existing) return existing;
    const watch = new ResourceWatch(
      target,
      this.transport,
      {
        onChange: () => this.changed(watch),
        onReachability: (reachable, error) => this.setReachable(reachable, error),
      },
      this.log,
      this.timing,
      this.listGate,
    );
    this.watches.set(key, watch);
    return watch;
  }

  private setReachable(reachable: boolean, error?: Error): void {
    if (reachable === this.reachable) return;
    this.reachable = reachable;
    this.unreachableSince = reachable ? null : this.now();
    this.lastError = reachable ? null : (error?.message ?? 'the cluster does not respond');
    this.log.info(reachable ? 'the cluster responds again' : 'the cluster does not respond', {
      contextId: this.contextId,
      error: error?.message,
    });
    this.scheduleUpdate();
  }

  private changed(watch: ResourceWatch): void {
    if (watch === this.recordWatch || watch.target.path.endsWith('webhookconfigurations')) {
      this.startReconcile();
    }
    this.scheduleUpdate();
  }

  private scheduleUpdate(): void {
    if (this.stopped || this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      if (!this.stopped) this.onUpdate(this);
    }, this.settleMs);
  }

  private startReconcile(): void {
    if (this.reconciling) {
      void this.reconciling.then(() => this.startReconcile());
      return;
    }
    this.reconciling = this.reconcileWatches()
      .catch((error: Error) =>
        this.log.warn('failed to update the watches of a cluster', {
          contextId: this.contextId,
          error: error.message,
        }),
      )
      .finally(() => {
        this.reconciling = null;
      });
  }

  /** Starts a watch for every kind and namespace the inventories need, and stops the others. */
  private async reconcileWatches(): Promise<void> {
    const wanted = new Map<string, WatchTarget>();
    const want = (target: WatchTarget) =>
      wanted.set(
        `${target.path}?${target.labelSelector ?? ''}&${target.fieldSelector ?? ''}`,
        target,
      );
    want(this.recordWatch.target);
    want(this.namespaceWatch.target);

    const namespaces = new Set<string>();
    const serviceNamespaces = new Set<string>();
    const webhooks: ObjectRef[] = [];
    for (const record of this.records()) {
      for (const entry of record.inventory) {
        const { ref } = entry;
        if (ref.kind === 'Namespace') continue;
        if (webhookKinds.has(ref.kind)) webhooks.push(ref);
        const info = await this.resourceOf(ref.apiVersion, ref.kind);
        if (!info) continue;
        if (info.namespaced && ref.namespace) {
          namespaces.add(ref.namespace);
          want({
            path: `${basePath(ref.apiVersion)}/namespaces/${ref.namespace}/${info.resource}`,
          });
        } else if (!info.namespaced) {
          want({ path: `${basePath(ref.apiVersion)}/${info.resource}` });
        }
      }
    }
    // The endpoints of webhook services are watched once the webhook configurations are listed.
    for (const ref of webhooks) {
      const object = this.objectOf(ref);
      for (const service of object ? webhookServices(object) : []) {
        serviceNamespaces.add(service.split('/')[0] ?? '');
      }
    }
    for (const namespace of namespaces) {
      want({ path: `/api/v1/namespaces/${namespace}/pods` });
      want({ path: `/api/v1/namespaces/${namespace}/events`, fieldSelector: 'type=Warning' });
    }
    for (const namespace of serviceNamespaces) {
      want({ path: `/api/v1/namespaces/${namespace}/endpoints` });
    }

    if (this.stopped) return;
    for (const [key, watch] of this.watches) {
      if (wanted.has(key)) continue;
      this.watches.delete(key);
      void watch.stop();
    }
    for (const target of wanted.values()) {
      const watch = this.addWatch(target);
      watch.start();
    }
  }

  /** Looks up the plural resource name of a kind once per group version. */
  private async resourceOf(apiVersion: string, kind: string): Promise<ResourceInfo | null> {
    const key = `${groupOf(apiVersion)}/${kind}`;
    const known = this.resources.get(key);
    if (known) return known;
    const lastTry = this.discoveredAt.get(apiVersion);
    if (known === null && lastTry !== undefined && this.now() - lastTry < discoveryRetryMs)
      return null;

    this.discoveredAt.set(apiVersion, this.now());
    try {
      const list = await this.transport.getJson<ApiResourceList>(
        basePath(apiVersion),
        this.timing.listTimeoutMs,
      );
      for (const entry of list.resources ?? []) {
        if (entry.name.includes('/')) continue;
        this.resources.set(`${groupOf(apiVersion)}/${entry.kind}`, {
          resource: entry.name,
          namespaced: entry.namespaced,
        });
      }
    } catch (error) {
      this.log.debug('failed to read the resources of a group version', {
        contextId: this.contextId,
        apiVersion,
        error: (error as Error).message,
      });
    }
    const found = this.resources.get(key) ?? null;
    if (!found) this.resources.set(key, null);
    return found;
  }

  /** Whether the record ConfigMaps were listed, so a missing record is really missing. */
  get recordsSettled(): boolean {
    return this.recordWatch.synced;
  }

  /**
   * Decodes the instance records of the cluster from the watched ConfigMaps.
   * A record whose chunks are being rewritten (torn) keeps its last complete
   * version.
   */
  records(): InstanceRecord[] {
    const configMaps = this.recordWatch.objects as Map<string, V1ConfigMap>;
    const records: InstanceRecord[] = [];
    const seen = new Set<string>();
    for (const configMap of configMaps.values()) {
      if (configMap.metadata?.labels?.[partLabel] !== 'head') continue;
      const namespace = configMap.metadata.namespace ?? '';
      const instance = configMap.metadata.labels?.['kubeflow-desktop.io/instance'] ?? '';
      const key = `${namespace}/${instance}`;
      seen.add(key);
      const location = { server: this.transport.server, namespace, instance };
      try {
        const head = decodeHead(configMap, location);
        const chunks = head.index.chunks.map((chunk) =>
          configMaps.get(`${namespace}/${chunk.name}`),
        );
        const versions = [configMap, ...chunks]
          .map((entry) => entry?.metadata?.resourceVersion ?? '-')
          .join(',');
        const cached = this.decoded.get(key);
        if (cached?.versions === versions) {
          records.push(cached.record);
          continue;
        }
        const record = decodeRecord(head, chunks, location);
        this.decoded.set(key, { versions, record });
        records.push(record);
      } catch (error) {
        const cached = this.decoded.get(key);
        if (cached) records.push(cached.record);
        this.log.debug('an instance record could not be decoded yet', {
          contextId: this.contextId,
          namespace,
          instance,
          error: (error as Error).message,
        });
      }
    }
    for (const key of this.decoded.keys()) if (!seen.has(key)) this.decoded.delete(key);
    return records;
  }

  /** Returns whether a namespace exists, and true when the namespaces cannot be listed. */
  namespaceExists(name: string): boolean {
    if (!this.namespaceWatch.synced) return true;
    return this.namespaceWatch.objects.has(`/${name}`);
  }

  private watchOf(path: string, fieldSelector?: string): ResourceWatch | undefined {
    return this.watches.get(`${path}?&${fieldSelector ?? ''}`);
  }

  private objectOf(ref: ObjectRef): ObservedObject | undefined {
    if (ref.kind === 'Namespace') return this.namespaceWatch.objects.get(`/${ref.name}`);
    const info = this.resources.get(`${groupOf(ref.apiVersion)}/${ref.kind}`);
    if (!info) return undefined;
    const path = info.namespaced
      ? `${basePath(ref.apiVersion)}/namespaces/${ref.namespace ?? ''}/${info.resource}`
      : `${basePath(ref.apiVersion)}/${info.resource}`;
    const object = this.watchOf(path)?.objects.get(
      `${info.namespaced ? (ref.namespace ?? '') : ''}/${ref.name}`,
    );
    return object ? { ...object, kind: ref.kind } : undefined;
  }

  /** Returns the cluster's caches in the form the instance evaluation reads. */
  view(): ClusterView {
    return {
      object: (ref) => this.objectOf(ref),
      pods: (namespace) => [
        ...(this.watchOf(`/api/v1/namespaces/${namespace}/pods`)?.objects.values() ?? []),
      ],
      warnings: (namespace) =>
        [
          ...(this.watchOf(
            `/api/v1/namespaces/${namespace}/events`,
            'type=Warning',
          )?.objects.values() ?? []),
        ].map((event) => warningOf(event as KubeEvent)),
      endpoints: (service) => {
        const [namespace, name] = service.split('/');
        return this.watchOf(`/api/v1/namespaces/${namespace}/endpoints`)?.objects.get(
          `${namespace}/${name}`,
        );
      },
    };
  }
}

function warningOf(event: KubeEvent): WarningEvent {
  const involved = event.involvedObject ?? {};
  const lastSeen =
    event.series?.lastObservedTime ??
    event.lastTimestamp ??
    event.eventTime ??
    event.firstTimestamp ??
    new Date(0).toISOString();
  return {
    ref: {
      apiVersion: involved.apiVersion ?? 'v1',
      kind: involved.kind ?? 'Unknown',
      namespace: involved.namespace ?? null,
      name: involved.name ?? 'unknown',
    },
    reason: event.reason ?? '',
    message: event.message ?? '',
    count: Math.max(1, event.series?.count ?? event.count ?? 1),
    lastSeen: new Date(lastSeen).toISOString(),
  };
}
