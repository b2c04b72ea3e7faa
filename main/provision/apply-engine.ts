import { setMaxListeners } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';

import { ApiException, type KubeConfig } from '@kubernetes/client-node';

import { AppError } from '../../shared/errors';
import { defaultTimeoutMs } from '../kube/client';
import { classifyKubeError, type CallTarget } from '../kube/kube-errors';
import { silentLogger, type Logger } from '../log';
import type { ApplyPlan, PhaseName, PlannedObject } from './apply-plan';
import {
  discoverCluster,
  KubeRequester,
  ResourceIndex,
  type ClusterDiscovery,
  type ResourceType,
} from './manifest-parser';
import { formatRef, type KubeObject, type ObjectRef } from './object-ref';

export const defaultFieldManager = 'kubeflow-desktop';
export const defaultConcurrency = 8;
/** Time allowed for CRDs to become Established and webhook Deployments to become Available. */
export const defaultReadinessTimeoutMs = 300_000;

export interface RetryPolicy {
  /** Attempts per object, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
};

/** Progress after each applied object; `applied` and `total` count the whole plan. */
export interface ApplyProgressEvent {
  phase: PhaseName;
  applied: number;
  total: number;
  ref: ObjectRef;
  component: string;
}

/** Sent when the run starts waiting for CRDs or webhook Deployments. */
export interface ApplyWaitEvent {
  phase: PhaseName;
  message: string;
}

export interface ApplyOptions {
  config: KubeConfig;
  /** Server and kubeconfig user, named in error messages. */
  target: CallTarget;
  fieldManager?: string;
  /** Requests in flight at once within a phase; 8 when unset. */
  concurrency?: number;
  /** Server-side dry run (dryRun=All): the server validates and persists nothing. */
  dryRun?: boolean;
  /** Takes over fields that another field manager owns; false when unset. */
  force?: boolean;
  /** Cancels the run: no new request starts, and requests in flight finish. */
  signal?: AbortSignal;
  /** Timeout of each request in milliseconds. */
  timeoutMs?: number;
  /** Maximum wait for CRDs and webhook Deployments, in milliseconds. */
  readinessTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Discovery to reuse; the run discovers the cluster itself when unset. */
  discovery?: ClusterDiscovery;
  log?: Logger;
  onProgress?: (event: ApplyProgressEvent) => void;
  onWaiting?: (event: ApplyWaitEvent) => void;
  /**
   * Called after the server accepted an object and before it counts as
   * applied, so a caller can record it in an inventory. The run awaits it,
   * and an error it throws stops the run. Not called in a dry run.
   * `outcome` is `created` when the server created the object (HTTP 201)
   * and `applied` when the object already existed.
   */
  onApplied?: (
    ref: ObjectRef,
    hash: string,
    result: KubeObject,
    outcome: ApplyOutcome,
  ) => Promise<void> | void;
}

/** `created` when the server returned 201, `applied` when it updated or kept an existing object. */
export type ApplyOutcome = 'created' | 'applied';

/** An object the server accepted. */
export interface AppliedObject {
  ref: ObjectRef;
  hash: string;
  phase: PhaseName;
  component: string;
  /** `created` when the server returned 201, `applied` when it updated or kept an existing object. */
  outcome: ApplyOutcome;
  uid: string;
  resourceVersion: string;
  /** metadata.generation, which changes only with the desired state; null for kinds without it. */
  generation: number | null;
}

/** An object that a dry run could not send, because what it needs exists only after a real run. */
export interface UnverifiedObject {
  ref: ObjectRef;
  reason: string;
}

export interface ApplyResult {
  status: 'completed' | 'cancelled';
  dryRun: boolean;
  applied: AppliedObject[];
  /** Objects not applied, because the run was cancelled first. */
  notApplied: ObjectRef[];
  /** In a dry run, objects in namespaces or of kinds that the bundle creates first. */
  unverified: UnverifiedObject[];
}

/** A field that another field manager owns, from a server-side apply conflict. */
export interface FieldConflict {
  field: string;
  manager: string;
  message: string;
}

/**
 * Server-side apply conflict: another field manager owns fields that the
 * manifest sets to other values. The caller asks the user whether to apply
 * again with force (taking the fields over) or to cancel.
 */
export class ConflictError extends AppError {
  readonly ref: ObjectRef;
  readonly conflicts: FieldConflict[];

  constructor(ref: ObjectRef, conflicts: FieldConflict[], target: CallTarget) {
    const fields = conflicts
      .map((conflict) => `${conflict.field} (${conflict.manager})`)
      .join(', ');
    const managers = [...new Set(conflicts.map((conflict) => conflict.manager))];
    super(
      'conflict',
      'applyConflict',
      `${formatRef(ref)} has fields owned by another field manager: ${fields}. Apply again with force to take them over, or cancel.`,
      {
        server: target.server,
        user: target.user,
        resource: formatRef(ref),
        fields: conflicts.map((conflict) => conflict.field).join(', '),
        managers: managers.join(', '),
      },
    );
    this.name = 'ConflictError';
    this.ref = ref;
    this.conflicts = conflicts;
  }
}

/** Thrown inside a run when the signal fires during a back-off or a wait. */
export class CancelledSignal extends Error {}

export interface KubeStatus {
  message?: string;
  reason?: string;
  details?: { causes?: { reason?: string; message?: string; field?: string }[] };
}

export function parseStatus(body: string): KubeStatus {
  try {
    const parsed = JSON.parse(body) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as KubeStatus) : {};
  } catch {
    return {};
  }
}

/** Returns the field conflicts of a 409 Status, empty for a conflict of another kind. */
export function fieldConflictsOf(status: KubeStatus): FieldConflict[] {
  const causes = status.details?.causes ?? [];
  return causes
    .filter((cause) => cause.reason === 'FieldManagerConflict')
    .map((cause) => ({
      field: cause.field ?? '',
      manager: /conflict with "([^"]+)"/.exec(cause.message ?? '')?.[1] ?? 'unknown',
      message: cause.message ?? '',
    }));
}

/** Messages of a 404 while a new CRD's resource is not served yet. */
const notServedYet = /could not find the requested resource|no matches for kind/i;
/** Message of a 500 for a manifest whose field types do not match the schema; retrying cannot help. */
const typedPatchFailure = /^failed to create typed patch object/;
export const retryableNetworkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
]);

/**
 * Returns the delay before attempt `attempt + 1`: exponential from
 * baseDelayMs, capped at maxDelayMs, with jitter between half and the full
 * value so parallel requests do not retry in step.
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential * (0.5 + random() / 2));
}

/** Returns the Retry-After header in milliseconds when it contains seconds, else null. */
export function retryAfterMs(headers: IncomingHttpHeaders): number | null {
  const value = headers['retry-after'];
  const seconds = Number(Array.isArray(value) ? value[0] : value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

/** Waits `ms` milliseconds, or rejects with CancelledSignal when the signal fires first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledSignal());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledSignal());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Returns the object as sent with server-side apply. A ClusterRole with an
 * aggregationRule is sent without `rules`: the clusterrole-aggregation
 * controller owns them, so sending the manifest's `rules: []` again would
 * conflict with that controller on every apply after the first.
 */
export function applyBodyOf(object: KubeObject): KubeObject {
  const aggregated =
    object.kind === 'ClusterRole' &&
    object.apiVersion.startsWith('rbac.authorization.k8s.io/') &&
    object.aggregationRule !== undefined;
  if (!aggregated) return object;
  const { rules: _rules, ...rest } = object;
  return rest as KubeObject;
}

/** Returns the request path of an object (without query). */
export function objectPath(ref: ObjectRef, type: ResourceType): string {
  const prefix = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  const namespace =
    type.namespaced && ref.namespace ? `/namespaces/${encodeURIComponent(ref.namespace)}` : '';
  return `${prefix}${namespace}/${type.resource}/${encodeURIComponent(ref.name)}`;
}

/** State shared by the calls of one applyPlan or diffPlan run. */
class ApplySession {
  readonly requester: KubeRequester;
  readonly fieldManager: string;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly log: Logger;
  index!: ResourceIndex;
  discovery!: ClusterDiscovery;

  constructor(
    readonly plan: ApplyPlan,
    readonly options: ApplyOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    this.fieldManager = options.fieldManager ?? defaultFieldManager;
    this.retry = { ...defaultRetryPolicy, ...options.retry };
    this.log = options.log ?? silentLogger;
    this.requester = new KubeRequester(
      options.config,
      this.timeoutMs,
      (options.concurrency ?? defaultConcurrency) + 4,
    );
  }

  /** Discovers the cluster and checks that every object's kind and namespace resolve, before any write. */
  async prepare(): Promise<void> {
    this.discovery =
      this.options.discovery ??
      (await discoverCluster(this.options.config, {
        target: this.options.target,
        timeoutMs: this.timeoutMs,
        requester: this.requester,
      }));
    this.index = new ResourceIndex(
      this.discovery,
      this.plan.phases.flatMap((phase) => phase.objects.map((planned) => planned.object)),
    );

    const unresolved: string[] = [];
    for (const planned of this.plan.phases.flatMap((phase) => phase.objects)) {
      const type = this.index.find(planned.ref.apiVersion, planned.ref.kind);
      if (!type)
        unresolved.push(
          `${formatRef(planned.ref)} (kind ${planned.ref.kind} of ${planned.ref.apiVersion} is not served)`,
        );
      else if (type.namespaced && planned.ref.namespace === null)
        unresolved.push(`${formatRef(planned.ref)} (namespaced, without namespace)`);
    }
    if (unresolved.length > 0) {
      const shown = unresolved.slice(0, 5).join('; ');
      const more = unresolved.length > 5 ? ` and ${unresolved.length - 5} more` : '';
      throw new AppError(
        'invalid-request',
        'planUnresolved',
        `Nothing was applied because ${unresolved.length} objects cannot be sent to ${this.options.target.server}: ${shown}${more}. Validate the manifests with validateAgainstCluster and fix them.`,
        { server: this.options.target.server, count: String(unresolved.length), objects: shown },
      );
    }
  }

  typeOf(ref: ObjectRef): ResourceType {
    const type = this.index.find(ref.apiVersion, ref.kind);
    if (!type)
      throw new Error(`${formatRef(ref)} has no resolved type; prepare() checks this first.`);
    return type;
  }

  classify(error: unknown, ref: ObjectRef | string): AppError {
    const resource = typeof ref === 'string' ? ref : formatRef(ref);
    return classifyKubeError(error, { ...this.options.target, resource }, this.timeoutMs);
  }

  /**
   * Sends one server-side apply request with retries and returns the
   * server's object and HTTP status. Throws ConflictError, a classified
   * AppError, or CancelledSignal when the signal fires during a back-off.
   */
  async serverSideApply(
    planned: PlannedObject,
    dryRun: boolean,
    force: boolean,
  ): Promise<{ object: KubeObject; status: number }> {
    const { ref } = planned;
    const query = new URLSearchParams({
      fieldManager: this.fieldManager,
      fieldValidation: 'Strict',
    });
    if (force) query.set('force', 'true');
    if (dryRun) query.set('dryRun', 'All');
    const path = `${objectPath(ref, this.typeOf(ref))}?${query.toString()}`;
    const body = JSON.stringify(applyBodyOf(planned.object));

    for (let attempt = 1; ; attempt++) {
      let delayMs: number;
      try {
        const response = await this.requester.request('PATCH', path, {
          body,
          contentType: 'application/apply-patch+yaml',
        });
        if (response.status < 400)
          return { object: JSON.parse(response.body) as KubeObject, status: response.status };

        const retryIn = this.retryDelayFor(
          response.status,
          response.body,
          response.headers,
          attempt,
        );
        if (retryIn === null || attempt >= this.retry.maxAttempts)
          throw this.fatalHttpError(response, planned);
        delayMs = retryIn;
        this.log.warn('Retrying server-side apply', {
          object: formatRef(ref),
          status: response.status,
          attempt,
          delayMs,
          detail: parseStatus(response.body).message,
        });
      } catch (error) {
        if (error instanceof AppError) throw error;
        const code = (error as { code?: string }).code ?? '';
        const name = (error as { name?: string }).name ?? '';
        const retryable =
          retryableNetworkCodes.has(code) || name === 'AbortError' || name === 'TimeoutError';
        if (!retryable || attempt >= this.retry.maxAttempts) throw this.classify(error, ref);
        delayMs = backoffDelayMs(attempt, this.retry);
        this.log.warn('Retrying server-side apply after a network error', {
          object: formatRef(ref),
          error: code || name,
          attempt,
          delayMs,
        });
      }
      await sleep(delayMs, this.options.signal);
    }
  }

  /** Returns the delay before retrying an HTTP failure, or null when it must not be retried. */
  private retryDelayFor(
    status: number,
    body: string,
    headers: IncomingHttpHeaders,
    attempt: number,
  ): number | null {
    const backoff = backoffDelayMs(attempt, this.retry);
    if (status === 409) return fieldConflictsOf(parseStatus(body)).length > 0 ? null : backoff;
    if (status === 429) return Math.min(retryAfterMs(headers) ?? backoff, 60_000);
    // The API server returns 500 when an object does not fit its schema's field types.
    if (status === 500 && typedPatchFailure.test(parseStatus(body).message ?? '')) return null;
    if (status >= 500) return Math.max(retryAfterMs(headers) ?? 0, backoff);
    if (status === 404 && notServedYet.test(parseStatus(body).message ?? '')) return backoff;
    return null;
  }

  private fatalHttpError(
    response: { status: number; body: string; headers: IncomingHttpHeaders },
    planned: PlannedObject,
  ): AppError {
    const { ref } = planned;
    const status = parseStatus(response.body);
    const conflicts = response.status === 409 ? fieldConflictsOf(status) : [];
    if (conflicts.length > 0) return new ConflictError(ref, conflicts, this.options.target);

    const detail = status.message ?? `HTTP ${response.status}`;
    const params = {
      server: this.options.target.server,
      user: this.options.target.user,
      resource: formatRef(ref),
      detail,
    };
    const invalid =
      response.status === 400 ||
      response.status === 422 ||
      (response.status === 500 && typedPatchFailure.test(detail));
    if (invalid) {
      return new AppError(
        'invalid-request',
        'objectRejected',
        `${formatRef(ref)} was rejected by ${this.options.target.server}: ${detail}. Fix the manifest and apply again.`,
        params,
      );
    }
    if (response.status === 404) {
      return new AppError(
        'not-found',
        'applyNotFound',
        `${formatRef(ref)} could not be applied: ${detail}. Create the namespace or the CustomResourceDefinition it needs, or add it to the bundle.`,
        params,
      );
    }
    return this.classify(new ApiException(response.status, detail, response.body, {}), ref);
  }

  async getJson<T>(path: string, what: string): Promise<T | null> {
    try {
      return await this.requester.json<T>('GET', path);
    } catch (error) {
      if (error instanceof ApiException && Number(error.code) === 404) return null;
      throw this.classify(error, what);
    }
  }

  close(): void {
    this.requester.close();
  }
}

/**
 * Runs `work` on every item with at most `concurrency` at once. After the
 * first failure or when `shouldStop` turns true, no new item starts; items
 * in flight finish, and then the first failure is thrown.
 */
export async function runPool<T>(
  items: T[],
  concurrency: number,
  shouldStop: () => boolean,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;

  const worker = async () => {
    while (failure === null && !shouldStop() && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker),
  );
  if (failure !== null) throw (failure as { error: unknown }).error;
}

export function conditionTrue(object: KubeObject | null, type: string): boolean {
  const conditions =
    (object?.status as { conditions?: { type?: string; status?: string }[] } | undefined)
      ?.conditions ?? [];
  return conditions.some((condition) => condition.type === type && condition.status === 'True');
}

function conditionMessage(object: KubeObject | null, type: string): string {
  const conditions =
    (object?.status as { conditions?: { type?: string; message?: string }[] } | undefined)
      ?.conditions ?? [];
  return conditions.find((condition) => condition.type === type)?.message ?? '';
}

/** Polls `check` every 500 ms until it returns true; returns false when `timeoutMs` passes. */
export async function pollUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(500, Math.max(0, deadline - Date.now())), signal);
  }
}

async function waitForCrds(
  session: ApplySession,
  crds: PlannedObject[],
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  await Promise.all(
    crds.map(async ({ ref }) => {
      let last: KubeObject | null = null;
      const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${encodeURIComponent(ref.name)}`;
      const ready = await pollUntil(
        async () => {
          last = await session.getJson<KubeObject>(path, formatRef(ref));
          return conditionTrue(last, 'Established') && conditionTrue(last, 'NamesAccepted');
        },
        timeoutMs,
        signal,
      );
      if (ready) return;

      const reason =
        conditionMessage(last, 'NamesAccepted') ||
        conditionMessage(last, 'Established') ||
        'no condition reported';
      throw new AppError(
        'timeout',
        'crdNotEstablished',
        `${formatRef(ref)} did not become Established within ${Math.round(timeoutMs / 1000)} s (${reason}). Check that no other CRD uses the same names, then apply again.`,
        { server: session.options.target.server, resource: formatRef(ref), detail: reason },
      );
    }),
  );
}

interface ServiceRef {
  namespace: string;
  name: string;
  /** The webhook configuration or APIService that calls this service. */
  usedBy: ObjectRef;
}

/** Returns the services that the webhook configurations and APIServices of a phase call. */
export function webhookServicesOf(objects: PlannedObject[]): ServiceRef[] {
  const found = new Map<string, ServiceRef>();
  const add = (service: unknown, usedBy: ObjectRef) => {
    const { namespace, name } = (service ?? {}) as { namespace?: unknown; name?: unknown };
    if (typeof namespace !== 'string' || typeof name !== 'string') return;
    const key = `${namespace}/${name}`;
    if (!found.has(key)) found.set(key, { namespace, name, usedBy });
  };

  for (const { object, ref } of objects) {
    if (ref.kind === 'APIService') {
      add((object.spec as { service?: unknown } | undefined)?.service, ref);
      continue;
    }
    const webhooks = Array.isArray(object.webhooks)
      ? (object.webhooks as { clientConfig?: { service?: unknown } }[])
      : [];
    for (const webhook of webhooks) add(webhook.clientConfig?.service, ref);
  }
  return [...found.values()];
}

/**
 * Phases applied while the CRDs become Established, because their objects
 * need no CRD (RBAC rules name resources as plain strings). Webhook
 * configurations and custom resources start after the wait.
 */
const phaseRunsBeforeCrdsEstablished = new Set<PhaseName>([
  'cluster-rbac',
  'configuration',
  'workloads',
]);

/** Namespace and pod selector of each service, from the plan's Service objects; null selects all. */
function serviceSelectors(
  plan: ApplyPlan,
  services: ServiceRef[],
): { namespace: string; selector: Record<string, string> | null }[] {
  const objects = plan.phases
    .flatMap((phase) => phase.objects)
    .filter(({ ref }) => ref.kind === 'Service' && ref.apiVersion === 'v1');
  return services.map((service) => {
    const object = objects.find(
      ({ ref }) => ref.namespace === service.namespace && ref.name === service.name,
    )?.object;
    const spec = object?.spec as { selector?: Record<string, string> } | undefined;
    return { namespace: service.namespace, selector: spec?.selector ?? null };
  });
}

/** True for a Deployment whose pods one of the services selects. */
function backsService(
  planned: PlannedObject,
  selectors: { namespace: string; selector: Record<string, string> | null }[],
): boolean {
  if (planned.ref.kind !== 'Deployment') return false;
  const template = (
    planned.object.spec as { template?: { metadata?: { labels?: Record<string, string> } } }
  )?.template;
  return selectors.some(
    (service) =>
      service.namespace === planned.ref.namespace &&
      matchesSelector(template?.metadata?.labels, service.selector),
  );
}

function matchesSelector(
  labels: Record<string, string> | undefined,
  selector: Record<string, string> | null,
): boolean {
  if (selector === null) return true;
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

function isDeploymentAvailable(deployment: KubeObject): boolean {
  const status = (deployment.status ?? {}) as { observedGeneration?: number };
  const generation = (deployment.metadata.generation as number | undefined) ?? 0;
  return (status.observedGeneration ?? 0) >= generation && conditionTrue(deployment, 'Available');
}

/**
 * Waits until the Deployments behind each webhook service are Available: the
 * Deployments in the service's namespace whose pod labels match the
 * service's selector, or all Deployments there when the service has no
 * selector or cannot be read. A service without such Deployments is not
 * waited for.
 */
async function waitForWebhookServices(
  session: ApplySession,
  services: ServiceRef[],
  timeoutMs: number,
): Promise<void> {
  const bundleServices = new Map(
    session.plan.phases
      .flatMap((phase) => phase.objects)
      .filter(({ ref }) => ref.kind === 'Service' && ref.apiVersion === 'v1')
      .map(({ ref, object }) => [`${ref.namespace}/${ref.name}`, object]),
  );

  await Promise.all(
    services.map(async (service) => {
      const key = `${service.namespace}/${service.name}`;
      const serviceObject =
        bundleServices.get(key) ??
        (await session.getJson<KubeObject>(
          `/api/v1/namespaces/${encodeURIComponent(service.namespace)}/services/${encodeURIComponent(service.name)}`,
          `Service ${key}`,
        ));
      const selector = ((serviceObject?.spec as { selector?: Record<string, string> } | undefined)
        ?.selector ?? null) as Record<string, string> | null;

      let waitingFor: string[] = [];
      const ready = await pollUntil(
        async () => {
          const list = await session.getJson<{ items: KubeObject[] }>(
            `/apis/apps/v1/namespaces/${encodeURIComponent(service.namespace)}/deployments`,
            `Deployments in namespace ${service.namespace}`,
          );
          const backing = (list?.items ?? []).filter((deployment) =>
            matchesSelector(
              (
                deployment.spec as
                  { template?: { metadata?: { labels?: Record<string, string> } } } | undefined
              )?.template?.metadata?.labels,
              selector,
            ),
          );
          waitingFor = backing
            .filter((deployment) => !isDeploymentAvailable(deployment))
            .map((deployment) => deployment.metadata.name);
          return waitingFor.length === 0;
        },
        timeoutMs,
        session.options.signal,
      );
      if (ready) return;

      const deployments = waitingFor
        .map((name) => `Deployment ${service.namespace}/${name}`)
        .join(', ');
      throw new AppError(
        'timeout',
        'webhookServiceNotReady',
        `Service ${key}, which ${formatRef(service.usedBy)} calls, has no Available backend after ${Math.round(timeoutMs / 1000)} s: ${deployments} not Available. Check the pods and events of ${deployments}, then apply again.`,
        { server: session.options.target.server, resource: `Service ${key}`, deployments },
      );
    }),
  );
}

/**
 * Applies a plan with server-side apply, phase by phase. Within a phase at
 * most `concurrency` requests run at once. After the CRDs the run waits until
 * they are Established and NamesAccepted; cluster RBAC, configuration and
 * workloads are applied during that wait, and the webhook configurations and
 * custom resources after it. The Deployments behind webhook services are
 * applied first in the workloads phase, and the run waits until they are
 * Available before it applies the other workloads and, later, the webhook
 * configurations.
 *
 * Retries with exponential back-off and jitter on 409 conflicts other than
 * field-manager conflicts, 429 (honouring Retry-After), 5xx, timeouts,
 * connection resets and 404s of resources that are not served yet. Throws
 * ConflictError on a field-manager conflict, and the classified AppError on
 * 401, 403 and other failures. On a failure no new object starts, and
 * objects in flight finish before the error is thrown. Objects the server
 * accepted before a failure were passed to onApplied. When the signal fires,
 * the run returns with status `cancelled`. Applying the plan again then
 * completes it, because server-side apply is idempotent.
 *
 * A dry run skips the waits. It sends no object whose namespace or kind the
 * bundle creates first, because the server would reject it, and lists such
 * objects as unverified.
 */
export async function applyPlan(plan: ApplyPlan, options: ApplyOptions): Promise<ApplyResult> {
  const session = new ApplySession(plan, options);
  const dryRun = options.dryRun ?? false;
  const readinessTimeoutMs = options.readinessTimeoutMs ?? defaultReadinessTimeoutMs;
  const cancelled = () => options.signal?.aborted ?? false;

  const applied: AppliedObject[] = [];
  const unverified: UnverifiedObject[] = [];
  const done = new Set<PlannedObject>();
  let status: ApplyResult['status'] = 'completed';
  // The wait for CRDs runs while the phases that do not need them are applied.
  const stopWaits = new AbortController();
  const waitSignal = options.signal
    ? AbortSignal.any([options.signal, stopWaits.signal])
    : stopWaits.signal;
  // Each CRD's poll listens on the signal, so a bundle with many CRDs adds many listeners.
  setMaxListeners(0, waitSignal);
  let crdsEstablished: Promise<void> | null = null;
  const webhookServices = webhookServicesOf(
    plan.phases.find((phase) => phase.name === 'webhooks')?.objects ?? [],
  );
  const webhookBackendSelectors = serviceSelectors(plan, webhookServices);
  let backendsReady = false;
  const waitForBackends = async (phase: PhaseName) => {
    options.onWaiting?.({
      phase,
      message: `Waiting for the Deployments behind ${webhookServices.map((service) => `Service ${service.namespace}/${service.name}`).join(', ')} to become Available.`,
    });
    await waitForWebhookServices(session, webhookServices, readinessTimeoutMs);
    backendsReady = true;
  };

  try {
    await session.prepare();
    session.log.info('Applying plan', {
      server: options.target.server,
      objects: plan.total,
      dryRun,
    });

    for (const phase of plan.phases) {
      if (cancelled()) break;

      if (crdsEstablished !== null && !phaseRunsBeforeCrdsEstablished.has(phase.name)) {
        await crdsEstablished;
        crdsEstablished = null;
      }

      if (phase.name === 'webhooks' && !dryRun && !backendsReady) {
        await waitForBackends(phase.name);
      }

      const applyOne = async (planned: PlannedObject) => {
        const skipReason = dryRun ? dryRunSkipReason(session, planned) : null;
        if (skipReason !== null) {
          unverified.push({ ref: planned.ref, reason: skipReason });
          done.add(planned);
          return;
        }

        const { object, status: httpStatus } = await session.serverSideApply(
          planned,
          dryRun,
          options.force ?? false,
        );
        const outcome: ApplyOutcome = httpStatus === 201 ? 'created' : 'applied';
        if (!dryRun) await options.onApplied?.(planned.ref, planned.hash, object, outcome);
        applied.push({
          ref: planned.ref,
          hash: planned.hash,
          phase: phase.name,
          component: planned.component,
          outcome,
          uid: (object.metadata.uid as string | undefined) ?? '',
          resourceVersion: (object.metadata.resourceVersion as string | undefined) ?? '',
          generation: (object.metadata.generation as number | undefined) ?? null,
        });
        done.add(planned);
        options.onProgress?.({
          phase: phase.name,
          applied: done.size,
          total: plan.total,
          ref: planned.ref,
          component: planned.component,
        });
      };
      const pool = (objects: PlannedObject[]) =>
        runPool(objects, options.concurrency ?? defaultConcurrency, cancelled, applyOne);

      const backends =
        phase.name === 'workloads' && !dryRun
          ? phase.objects.filter((planned) => backsService(planned, webhookBackendSelectors))
          : [];
      if (backends.length > 0) {
        // The webhook backends go first and alone, so the controllers create
        // their pods before those of the other workloads.
        await pool(backends);
        if (!cancelled()) await waitForBackends(phase.name);
        await pool(phase.objects.filter((planned) => !backends.includes(planned)));
      } else {
        await pool(phase.objects);
      }

      if (phase.name === 'crds' && !dryRun && !cancelled()) {
        options.onWaiting?.({
          phase: phase.name,
          message: `Waiting for ${phase.objects.length} CustomResourceDefinitions to become Established.`,
        });
        crdsEstablished = waitForCrds(session, phase.objects, readinessTimeoutMs, waitSignal);
        // Marks the rejection handled until it is awaited before a later phase.
        crdsEstablished.catch(() => undefined);
      }
    }
    if (crdsEstablished !== null) await crdsEstablished;
  } catch (error) {
    if (!(error instanceof CancelledSignal)) {
      session.log.error('Apply stopped', {
        server: options.target.server,
        applied: applied.length,
        error: (error as Error).message,
      });
      throw error;
    }
  } finally {
    stopWaits.abort();
    session.close();
  }

  if (cancelled()) status = 'cancelled';
  const notApplied = plan.phases
    .flatMap((phase) => phase.objects)
    .filter((planned) => !done.has(planned))
    .map((planned) => planned.ref);
  session.log.info('Apply finished', {
    status,
    applied: applied.length,
    notApplied: notApplied.length,
    dryRun,
  });
  return { status, dryRun, applied, notApplied, unverified };
}

/** Returns why a dry run cannot send the object, or null when it can. */
function dryRunSkipReason(session: ApplySession, planned: PlannedObject): string | null {
  const type = session.typeOf(planned.ref);
  if (type.source === 'bundle') {
    return `its kind ${planned.ref.kind} is defined by a CustomResourceDefinition that the bundle installs`;
  }
  const namespace = planned.ref.namespace;
  const namespaces = session.discovery.namespaces;
  if (
    type.namespaced &&
    namespace !== null &&
    namespaces !== null &&
    !namespaces.includes(namespace)
  ) {
    return `its namespace ${namespace} is created by the bundle`;
  }
  return null;
}

/**
 * A changed field, with `path` such as `.spec.containers[0].image`. A value
 * of undefined means the field is absent.
 */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface DiffEntry {
  ref: ObjectRef;
  phase: PhaseName;
  component: string;
  outcome: 'created' | 'changed' | 'unchanged' | 'conflict';
  /** Changed fields of a changed object; empty otherwise. */
  changes: FieldChange[];
  /** Field conflicts when the outcome is `conflict`. */
  conflicts: FieldConflict[];
  /**
   * False when the server could not check the object in a dry run, because
   * its namespace or CRD does not exist yet. Such an object is `created`.
   */
  serverChecked: boolean;
}

/** Metadata fields left out of a diff, because the server changes them on every write. */
const volatileMetadata = [
  'managedFields',
  'resourceVersion',
  'generation',
  'uid',
  'creationTimestamp',
];

function comparable(object: KubeObject): Record<string, unknown> {
  const { status: _status, metadata, ...rest } = object;
  const kept: Record<string, unknown> = { ...metadata };
  for (const field of volatileMetadata) delete kept[field];
  return { ...rest, metadata: kept };
}

/** Returns the leaf fields that differ between two JSON values. */
export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const bothObjects =
    typeof before === 'object' &&
    before !== null &&
    typeof after === 'object' &&
    after !== null &&
    Array.isArray(before) === Array.isArray(after);
  if (!bothObjects) return [{ path: path || '.', before, after }];

  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) =>
      diffFields(before[i], after[i], `${path}[${i}]`),
    ).flat();
  }
  const left = before as Record<string, unknown>;
  const right = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  return keys.flatMap((key) => {
    const segment = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    return diffFields(left[key], right[key], `${path}${segment}`);
  });
}

/**
 * Shows what applying the plan would do: reads each live object and applies
 * it as a server-side dry run, then compares the two, ignoring status,
 * managedFields, resourceVersion, generation, uid and creationTimestamp.
 * Field conflicts are reported per object, not thrown. Throws the
 * classified AppError on other failures (401 and 403 among them).
 */
export async function diffPlan(plan: ApplyPlan, options: ApplyOptions): Promise<DiffEntry[]> {
  const session = new ApplySession(plan, options);
  const entries = new Map<PlannedObject, DiffEntry>();
  try {
    await session.prepare();
    for (const phase of plan.phases) {
      await runPool(
        phase.objects,
        options.concurrency ?? defaultConcurrency,
        () => options.signal?.aborted ?? false,
        async (planned) => {
          entries.set(planned, await diffOne(session, planned, phase.name, options.force ?? false));
        },
      );
    }
  } finally {
    session.close();
  }
  return plan.phases
    .flatMap((phase) => phase.objects)
    .flatMap((planned) => entries.get(planned) ?? []);
}

async function diffOne(
  session: ApplySession,
  planned: PlannedObject,
  phase: PhaseName,
  force: boolean,
): Promise<DiffEntry> {
  const entry = {
    ref: planned.ref,
    phase,
    component: planned.component,
    changes: [],
    conflicts: [],
  };
  if (dryRunSkipReason(session, planned) !== null)
    return { ...entry, outcome: 'created', serverChecked: false };

  const path = objectPath(planned.ref, session.typeOf(planned.ref));
  const live = await session.getJson<KubeObject>(path, formatRef(planned.ref));
  let result: KubeObject;
  try {
    result = (await session.serverSideApply(planned, true, force)).object;
  } catch (error) {
    if (error instanceof ConflictError)
      return { ...entry, outcome: 'conflict', conflicts: error.conflicts, serverChecked: true };
    throw error;
  }
  if (live === null) return { ...entry, outcome: 'created', serverChecked: true };

  const changes = diffFields(comparable(live), comparable(result));
  return {
    ...entry,
    outcome: changes.length > 0 ? 'changed' : 'unchanged',
    changes,
    serverChecked: true,
  };
}
