import { ApiException, type KubeConfig } from '@kubernetes/client-node';

import type { AppError } from '../../shared/errors';
import type { InstanceRecord, InventoryEntry } from '../../shared/provision/instance';
import { defaultTimeoutMs } from '../kube/client';
import { classifyKubeError, type CallTarget } from '../kube/kube-errors';
import { silentLogger, type Logger } from '../log';
import {
  backoffDelayMs,
  CancelledSignal,
  defaultConcurrency,
  defaultFieldManager,
  defaultRetryPolicy,
  objectPath,
  parseStatus,
  retryableNetworkCodes,
  retryAfterMs,
  runPool,
  sleep,
  type RetryPolicy,
} from './apply-engine';
import { deleteRecord, writeRecord, type StoreOptions } from './inventory';
import {
  discoverCluster,
  KubeRequester,
  ResourceIndex,
  type ClusterDiscovery,
  type ResourceType,
} from './manifest-parser';
import { formatRef, groupOf, type KubeObject, type ObjectRef } from './object-ref';

/**
 * Delete phases in order. Custom resources go first, while the controllers
 * that remove their finalizers still run. Webhook configurations go after
 * the workloads, so the API server does not call webhooks that are half
 * gone for long. Namespaces go last, because a namespace takes everything in
 * it along, the instance record included.
 */
export const deletePhaseNames = [
  'custom-resources',
  'workloads',
  'webhooks',
  'rbac',
  'configuration',
  'crds',
  'namespaces',
] as const;
export type DeletePhaseName = (typeof deletePhaseNames)[number];

/** Time allowed for finalizers, from the first delete request to the last object gone. */
export const defaultDeleteDeadlineMs = 300_000;
/** Maximum wait for one phase's objects before the next phase starts anyway. */
export const defaultPhaseWaitMs = 60_000;

const fixedPhases: Record<string, DeletePhaseName> = {
  '/Namespace': 'namespaces',
  'apiextensions.k8s.io/CustomResourceDefinition': 'crds',
  'rbac.authorization.k8s.io/ClusterRole': 'rbac',
  'rbac.authorization.k8s.io/ClusterRoleBinding': 'rbac',
  'rbac.authorization.k8s.io/Role': 'rbac',
  'rbac.authorization.k8s.io/RoleBinding': 'rbac',
  'apps/Deployment': 'workloads',
  'apps/StatefulSet': 'workloads',
  'apps/DaemonSet': 'workloads',
  'batch/Job': 'workloads',
  'batch/CronJob': 'workloads',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': 'webhooks',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': 'webhooks',
  'apiregistration.k8s.io/APIService': 'webhooks',
};

/** Returns the delete phase of a reference; `customKinds` holds `group/Kind` of kinds that CRDs define. */
export function deletePhaseOf(ref: ObjectRef, customKinds: ReadonlySet<string>): DeletePhaseName {
  const groupKind = `${groupOf(ref.apiVersion)}/${ref.kind}`;
  const fixed = fixedPhases[groupKind];
  if (fixed) return fixed;
  return customKinds.has(groupKind) ? 'custom-resources' : 'configuration';
}

/**
 * Foreground for workloads, so a Deployment is gone only after its
 * ReplicaSets and pods are, and the wait after the workloads phase covers
 * them. Background for the rest: namespaces and CRDs have their own
 * controllers, and other objects have no dependents the app waits for.
 */
export function propagationPolicyOf(phase: DeletePhaseName): 'Foreground' | 'Background' {
  return phase === 'workloads' ? 'Foreground' : 'Background';
}

/** Outcome of one inventory object. */
export type DeleteOutcome =
  /** This run sent the delete and the object is gone. */
  | 'deleted'
  /** The object was already gone. */
  | 'absent'
  /** The app applied onto an object that existed before, so it stays. */
  | 'skipped-not-created'
  /** The live object is not the one the app created: its UID differs or the app no longer manages it. */
  | 'skipped-replaced';

export interface DeleteProgressEvent {
  phase: DeletePhaseName;
  /** Objects settled (gone or skipped) of `total`, counting the whole inventory. */
  done: number;
  total: number;
  ref: ObjectRef;
  outcome: DeleteOutcome;
}

/** Sent when a phase starts waiting for its objects to disappear. */
export interface DeleteWaitEvent {
  phase: DeletePhaseName;
  /** Objects of the phase still present. */
  remaining: number;
  message: string;
}

export interface SkippedObject {
  ref: ObjectRef;
  reason: 'not-created' | 'replaced';
  detail: string;
}

/** A condition of a stuck object, such as NamespaceContentRemaining. */
export interface StuckCondition {
  type: string;
  reason: string;
  message: string;
}

/** An object still present at the deadline, with why. */
export interface StuckObject {
  ref: ObjectRef;
  /** metadata.finalizers (and spec.finalizers of a namespace). */
  finalizers: string[];
  /** For namespaces: the True conditions NamespaceContentRemaining, NamespaceFinalizersRemaining and NamespaceDeletion*Failure. */
  conditions: StuckCondition[];
  /** When the object's deletion started, or null when no delete was accepted. */
  deletionTimestamp: string | null;
  /** One English sentence naming the finalizers and conditions. */
  detail: string;
}

export interface DeleteObjectsOptions {
  config: KubeConfig;
  /** Server and kubeconfig user, named in error messages. */
  target: CallTarget;
  /** Field manager whose presence marks an object as the app's when no UID was recorded. */
  fieldManager?: string;
  /** Delete requests in flight at once within a phase; 8 when unset. */
  concurrency?: number;
  /** Stops the run: no new request starts, and requests in flight finish. */
  signal?: AbortSignal;
  /** Timeout of each request in milliseconds. */
  timeoutMs?: number;
  /** Time allowed for all objects to disappear, from the start of the run; 300 s when unset. */
  deadlineMs?: number;
  /** Maximum wait for one phase before the next phase starts; 60 s when unset. */
  phaseWaitMs?: number;
  /** Pause between checks while waiting; 500 ms when unset. */
  pollIntervalMs?: number;
  retry?: Partial<RetryPolicy>;
  discovery?: ClusterDiscovery;
  log?: Logger;
  onProgress?: (event: DeleteProgressEvent) => void;
  onWaiting?: (event: DeleteWaitEvent) => void;
}

export interface DeleteObjectsResult {
  /** `completed`: every object settled; `stuck`: some were still present at the deadline; `cancelled`: the signal fired. */
  status: 'completed' | 'stuck' | 'cancelled';
  deleted: ObjectRef[];
  absent: ObjectRef[];
  skipped: SkippedObject[];
  stuck: StuckObject[];
  /** Objects not handled because the run was cancelled. */
  notHandled: ObjectRef[];
}

interface Work {
  entry: InventoryEntry;
  phase: DeletePhaseName;
  /** Null when the cluster does not serve the kind, so no such object can exist. */
  type: ResourceType | null;
  /** UID of the live object the delete was sent for. */
  uid: string | null;
  settled: boolean;
}

const conditionTypesOfInterest = new Set([
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
  'NamespaceDeletionContentFailure',
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
]);

/** State of one deleteObjects run. */
class DeleteSession {
  readonly requester: KubeRequester;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly log: Logger;
  readonly fieldManager: string;

  constructor(readonly options: DeleteObjectsOptions) {
    this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    this.retry = { ...defaultRetryPolicy, ...options.retry };
    this.log = options.log ?? silentLogger;
    this.fieldManager = options.fieldManager ?? defaultFieldManager;
    this.requester = new KubeRequester(
      options.config,
      this.timeoutMs,
      (options.concurrency ?? defaultConcurrency) + 4,
    );
  }

  classify(error: unknown, resource: string): AppError {
    return classifyKubeError(error, { ...this.options.target, resource }, this.timeoutMs);
  }

  /**
   * Sends one request with the apply engine's retry rules: 429 (honouring
   * Retry-After), 5xx, timeouts and connection resets are retried with
   * back-off. Returns the status and parsed body of any other response.
   */
  async send(
    method: 'GET' | 'DELETE',
    path: string,
    resource: string,
    body?: unknown,
  ): Promise<{ status: number; object: KubeObject | null; body: string }> {
    for (let attempt = 1; ; attempt++) {
      let delayMs: number;
      try {
        const response = await this.requester.request(
          method,
          path,
          body === undefined ? {} : { body: JSON.stringify(body) },
        );
        const retryable = response.status === 429 || response.status >= 500;
        if (!retryable || attempt >= this.retry.maxAttempts) {
          const parsed = response.status < 400 ? safeJson(response.body) : null;
          return { status: response.status, object: parsed, body: response.body };
        }
        const backoff = backoffDelayMs(attempt, this.retry);
        delayMs =
          response.status === 429
            ? Math.min(retryAfterMs(response.headers) ?? backoff, 60_000)
            : Math.max(retryAfterMs(response.headers) ?? 0, backoff);
        this.log.warn('Retrying a delete request', {
          method,
          resource,
          status: response.status,
          attempt,
          delayMs,
        });
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        const name = (error as { name?: string }).name ?? '';
        const retryable =
          retryableNetworkCodes.has(code) || name === 'AbortError' || name === 'TimeoutError';
        if (!retryable || attempt >= this.retry.maxAttempts) throw this.classify(error, resource);
        delayMs = backoffDelayMs(attempt, this.retry);
      }
      await sleep(delayMs, this.options.signal);
    }
  }

  /** Reads an object; null when it does not exist. Throws the classified AppError on other failures. */
  async read(work: Work): Promise<KubeObject | null> {
    if (work.type === null) return null;
    const resource = formatRef(work.entry.ref);
    const answer = await this.send('GET', objectPath(work.entry.ref, work.type), resource);
    if (answer.status === 404) return null;
    if (answer.status >= 400) throw this.httpError(answer.status, answer.body, resource);
    return answer.object;
  }

  httpError(status: number, body: string, resource: string): AppError {
    const message = parseStatus(body).message ?? `HTTP ${status}`;
    return this.classify(new ApiException(status, message, body, {}), resource);
  }

  close(): void {
    this.requester.close();
  }
}

function safeJson(text: string): KubeObject | null {
  try {
    return JSON.parse(text) as KubeObject;
  } catch {
    return null;
  }
}

/** True when the live object's managedFields name the field manager. */
function managedBy(object: KubeObject, fieldManager: string): boolean {
  const managed = (object.metadata.managedFields ?? []) as { manager?: string }[];
  return managed.some((entry) => entry.manager === fieldManager);
}

/**
 * Decides whether the live object may be deleted. Rule: only objects the app
 * created (inventory `created: true`, that is HTTP 201 when applied), and
 * only while the live object is still that object: its UID equals the
 * recorded UID, or, for entries without a recorded UID, the app's field
 * manager still appears in its managedFields. Someone who deleted and
 * recreated the object gave it a new UID; someone who took it over with
 * another tool removed the app's field manager.
 */
export function deleteDecision(
  entry: InventoryEntry,
  live: KubeObject,
  fieldManager = defaultFieldManager,
): SkippedObject | null {
  const { ref } = entry;
  if (entry.created !== true) {
    return {
      ref,
      reason: 'not-created',
      detail: `${formatRef(ref)} existed before the app applied it, so it is left in place.`,
    };
  }
  const liveUid = (live.metadata.uid as string | undefined) ?? '';
  if (entry.uid !== undefined && liveUid !== entry.uid) {
    return {
      ref,
      reason: 'replaced',
      detail: `${formatRef(ref)} has UID ${liveUid}, not ${entry.uid} as recorded: someone else recreated it, so it is left in place.`,
    };
  }
  if (entry.uid === undefined && !managedBy(live, fieldManager)) {
    return {
      ref,
      reason: 'replaced',
      detail: `${formatRef(ref)} is no longer managed by ${fieldManager}, so it is left in place.`,
    };
  }
  return null;
}

/** Returns why an object is still present: finalizers and, for a namespace, its deletion conditions. */
export function stuckObjectOf(ref: ObjectRef, live: KubeObject): StuckObject {
  const finalizers = [
    ...((live.metadata.finalizers as string[] | undefined) ?? []),
    ...(((live.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).map(
      (name) => `spec:${name}`,
    ) as string[]),
  ];
  const conditions = (
    ((live.status as { conditions?: Record<string, string>[] } | undefined)?.conditions ?? []) as {
      type?: string;
      status?: string;
      reason?: string;
      message?: string;
    }[]
  )
    .filter(
      (condition) =>
        condition.status === 'True' && conditionTypesOfInterest.has(condition.type ?? ''),
    )
    .map((condition) => ({
      type: condition.type ?? '',
      reason: condition.reason ?? '',
      message: condition.message ?? '',
    }));
  const deletionTimestamp = (live.metadata.deletionTimestamp as string | undefined) ?? null;

  const parts: string[] = [];
  if (finalizers.length > 0) parts.push(`finalizers ${finalizers.join(', ')}`);
  for (const condition of conditions) parts.push(`${condition.type}: ${condition.message}`);
  if (deletionTimestamp === null) parts.push('its deletion has not started');
  const detail = `${formatRef(ref)} is still present (${parts.join('; ') || 'no finalizers reported'}).`;
  return { ref, finalizers, conditions, deletionTimestamp, detail };
}

/** Finds the resource type of a reference, in its own version or another served version of the same kind. */
function typeOf(index: ResourceIndex, ref: ObjectRef): ResourceType | null {
  const exact = index.find(ref.apiVersion, ref.kind);
  if (exact) return exact;
  const group = groupOf(ref.apiVersion);
  const version = index.versionsOf(group, ref.kind)[0];
  if (version === undefined) return null;
  return index.find(group === '' ? version : `${group}/${version}`, ref.kind) ?? null;
}

/** Kinds (`group/Kind`) that CRDs on the cluster define. */
async function customKindsOnCluster(session: DeleteSession): Promise<Set<string>> {
  const path = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
  const answer = await session.send('GET', path, 'CustomResourceDefinitions');
  if (answer.status >= 400)
    throw session.httpError(answer.status, answer.body, 'CustomResourceDefinitions');
  const items = ((answer.object as { items?: KubeObject[] } | null)?.items ?? []) as KubeObject[];
  return new Set(
    items.map((crd) => {
      const spec = (crd.spec ?? {}) as { group?: string; names?: { kind?: string } };
      return `${spec.group ?? ''}/${spec.names?.kind ?? ''}`;
    }),
  );
}

/**
 * Deletes inventory objects phase by phase (see deletePhaseNames), at most
 * `concurrency` requests at once, and waits after each phase until its
 * objects are gone, up to `phaseWaitMs`; objects still present then are
 * waited for again at the end, up to `deadlineMs` from the start. Skips
 * objects the app did not create and objects that someone else replaced
 * (see deleteDecision). Each delete carries a UID precondition, so an object
 * recreated between the read and the delete stays.
 *
 * Safe to run again after a stop: objects already gone count as absent.
 * Throws the classified AppError on 401, 403 and other failures that retries
 * cannot fix; objects handled before that stay deleted.
 */
export async function deleteObjects(
  entries: InventoryEntry[],
  options: DeleteObjectsOptions,
): Promise<DeleteObjectsResult> {
  const session = new DeleteSession(options);
  const started = Date.now();
  const deadline = started + (options.deadlineMs ?? defaultDeleteDeadlineMs);
  const phaseWaitMs = options.phaseWaitMs ?? defaultPhaseWaitMs;
  const pollMs = options.pollIntervalMs ?? 500;
  const concurrency = options.concurrency ?? defaultConcurrency;
  const cancelled = () => options.signal?.aborted ?? false;

  const result: DeleteObjectsResult = {
    status: 'completed',
    deleted: [],
    absent: [],
    skipped: [],
    stuck: [],
    notHandled: [],
  };
  let done = 0;
  const works: Work[] = [];

  const settle = (work: Work, outcome: DeleteOutcome) => {
    if (work.settled) return;
    work.settled = true;
    done++;
    if (outcome === 'deleted') result.deleted.push(work.entry.ref);
    if (outcome === 'absent') result.absent.push(work.entry.ref);
    options.onProgress?.({
      phase: work.phase,
      done,
      total: entries.length,
      ref: work.entry.ref,
      outcome,
    });
  };

  /** Checks whether the deleted object is gone (404, or a new UID); returns the live object otherwise. */
  const checkGone = async (work: Work): Promise<KubeObject | null> => {
    const live = await session.read(work);
    if (live === null || (work.uid !== null && live.metadata.uid !== work.uid)) {
      settle(work, 'deleted');
      return null;
    }
    return live;
  };

  const waitFor = async (pending: Work[], until: number, phase: DeletePhaseName) => {
    let remaining = pending.filter((work) => !work.settled);
    if (remaining.length === 0) return;
    options.onWaiting?.({
      phase,
      remaining: remaining.length,
      message: `Waiting for ${remaining.length} objects of phase ${phase} to disappear.`,
    });
    while (remaining.length > 0 && !cancelled()) {
      await runPool(remaining, concurrency, cancelled, async (work) => {
        await checkGone(work);
      });
      remaining = remaining.filter((work) => !work.settled);
      if (remaining.length === 0 || Date.now() >= until) return;
      await sleep(Math.min(pollMs, Math.max(0, until - Date.now())), options.signal);
    }
  };

  try {
    const discovery =
      options.discovery ??
      (await discoverCluster(options.config, {
        target: options.target,
        timeoutMs: session.timeoutMs,
        requester: session.requester,
      }));
    const index = new ResourceIndex(discovery);
    const customKinds = await customKindsOnCluster(session);
    for (const entry of entries) {
      works.push({
        entry,
        phase: deletePhaseOf(entry.ref, customKinds),
        type: typeOf(index, entry.ref),
        uid: null,
        settled: false,
      });
    }
    session.log.info('Deleting objects', { server: options.target.server, objects: works.length });

    for (const phase of deletePhaseNames) {
      if (cancelled()) break;
      const inPhase = works.filter((work) => work.phase === phase);
      if (inPhase.length === 0) continue;

      await runPool(inPhase, concurrency, cancelled, async (work) => {
        const resource = formatRef(work.entry.ref);
        const live = await session.read(work);
        if (live === null) return settle(work, 'absent');
        const skip = deleteDecision(work.entry, live, session.fieldManager);
        if (skip) {
          result.skipped.push(skip);
          return settle(
            work,
            skip.reason === 'not-created' ? 'skipped-not-created' : 'skipped-replaced',
          );
        }
        work.uid = (live.metadata.uid as string | undefined) ?? null;
        if (live.metadata.deletionTimestamp) return;

        const answer = await session.send(
          'DELETE',
          objectPath(work.entry.ref, work.type!),
          resource,
          {
            apiVersion: 'v1',
            kind: 'DeleteOptions',
            propagationPolicy: propagationPolicyOf(phase),
            ...(work.uid ? { preconditions: { uid: work.uid } } : {}),
          },
        );
        if (answer.status === 404) return settle(work, 'deleted');
        if (answer.status === 409) {
          // The UID precondition failed: the object was recreated after the read.
          const skipped: SkippedObject = {
            ref: work.entry.ref,
            reason: 'replaced',
            detail: `${resource} was recreated while it was being deleted, so it is left in place.`,
          };
          result.skipped.push(skipped);
          return settle(work, 'skipped-replaced');
        }
        if (answer.status >= 400) throw session.httpError(answer.status, answer.body, resource);
      });

      await waitFor(inPhase, Math.min(deadline, Date.now() + phaseWaitMs), phase);
    }

    if (!cancelled()) {
      const lastPhase = deletePhaseNames[deletePhaseNames.length - 1]!;
      await waitFor(works, deadline, lastPhase);
    }
  } catch (error) {
    if (!(error instanceof CancelledSignal)) {
      session.close();
      throw error;
    }
  }

  if (cancelled()) {
    result.status = 'cancelled';
    result.notHandled = works.filter((work) => !work.settled).map((work) => work.entry.ref);
    session.close();
    return result;
  }

  try {
    for (const work of works.filter((candidate) => !candidate.settled)) {
      const live = await checkGone(work);
      if (live !== null) result.stuck.push(stuckObjectOf(work.entry.ref, live));
    }
  } finally {
    session.close();
  }
  if (result.stuck.length > 0) result.status = 'stuck';
  session.log.info('Delete finished', {
    status: result.status,
    deleted: result.deleted.length,
    absent: result.absent.length,
    skipped: result.skipped.length,
    stuck: result.stuck.length,
  });
  return result;
}

export interface DeleteInstanceOptions extends Omit<DeleteObjectsOptions, 'config'> {
  store?: StoreOptions;
  /** Clock for the record's timestamps; tests pass a fixed one. */
  now?: () => Date;
}

export interface DeleteInstanceResult extends DeleteObjectsResult {
  /**
   * The record after the run: Terminated when every object the app created
   * is gone, else Terminating with the stuck objects as reason. Save it as
   * the local copy: the cluster's copy is gone with the instance namespace.
   */
  record: InstanceRecord;
}

function withStatus(
  record: InstanceRecord,
  phase: InstanceRecord['status']['phase'],
  reason: string | null,
  now: Date,
): InstanceRecord {
  const time = now.toISOString();
  return {
    ...record,
    status: { phase, reason, updatedAt: time },
    updatedAt: time,
    generation: record.generation + 1,
  };
}

/** True when the namespace exists and is not being deleted, so the record can be written there. */
async function namespaceWritable(
  config: KubeConfig,
  namespace: string,
  options: DeleteInstanceOptions,
): Promise<boolean> {
  const requester = new KubeRequester(config, options.timeoutMs ?? defaultTimeoutMs, 1);
  try {
    const response = await requester.request(
      'GET',
      `/api/v1/namespaces/${encodeURIComponent(namespace)}`,
    );
    if (response.status === 404) return false;
    if (response.status >= 400) return true; // Not readable: let the record write report it.
    const live = safeJson(response.body);
    return !live?.metadata.deletionTimestamp;
  } finally {
    requester.close();
  }
}

/**
 * Deletes an instance: writes status Terminating into its record, deletes
 * its inventory objects with deleteObjects, and returns the final record.
 * When every object the app created is gone, the record is Terminated and
 * its ConfigMaps are removed from the cluster (with the instance namespace,
 * or explicitly when the app did not create that namespace). When objects
 * are stuck, the record stays Terminating, with the stuck objects named in
 * its reason, and is written back when its namespace still accepts writes.
 *
 * The record is never written into a namespace that is missing or being
 * deleted, because writeRecord would recreate it. Running again after a
 * stop, with the returned or the local record, continues the deletion.
 */
export async function deleteInstance(
  config: KubeConfig,
  record: InstanceRecord,
  options: DeleteInstanceOptions,
): Promise<DeleteInstanceResult> {
  const now = options.now ?? (() => new Date());
  const { namespace, name } = record.spec;
  const store = { log: options.log, timeoutMs: options.timeoutMs, ...options.store };

  let current = withStatus(record, 'Terminating', null, now());
  if (await namespaceWritable(config, namespace, options)) {
    await writeRecord(config, current, store);
  }

  const result = await deleteObjects(current.inventory, { ...options, config });
  if (result.status === 'cancelled') {
    current = withStatus(
      current,
      'Terminating',
      'The deletion was cancelled; delete again to finish it.',
      now(),
    );
  } else if (result.status === 'stuck') {
    const names = result.stuck.map((stuck) => stuck.detail).join(' ');
    current = withStatus(current, 'Terminating', `Objects still present: ${names}`, now());
  } else {
    current = withStatus(current, 'Terminated', null, now());
  }

  if (current.status.phase === 'Terminated') {
    await deleteRecord(config, namespace, name, store);
  } else if (await namespaceWritable(config, namespace, options)) {
    await writeRecord(config, current, store);
  }
  return { ...result, record: current };
}
