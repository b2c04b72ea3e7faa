import type { Health } from './schemas';

/** A Kubernetes object as JSON, with the fields the health rules read. */
export interface ObservedObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    generation?: number;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export interface ObjectHealth {
  health: Health;
  /** Reason the object is not healthy, in English, or null when it is. */
  reason: string | null;
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

const healthy: ObjectHealth = { health: 'Healthy', reason: null };
const progressing = (reason: string): ObjectHealth => ({ health: 'Progressing', reason });
const failed = (reason: string): ObjectHealth => ({ health: 'Failed', reason });

function conditionsOf(object: ObservedObject): Condition[] {
  const conditions = object.status?.conditions;
  return Array.isArray(conditions) ? (conditions as Condition[]) : [];
}

function condition(object: ObservedObject, type: string): Condition | undefined {
  return conditionsOf(object).find((entry) => entry.type === type);
}

const numberOr = (value: unknown, fallback: number) =>
  typeof value === 'number' ? value : fallback;

const describeCondition = (entry: Condition) =>
  [entry.reason, entry.message].filter(Boolean).join(': ') || `${entry.type} is ${entry.status}`;

/**
 * Returns whether the controller has seen the latest spec. Until it has,
 * every other status field describes an older generation (kstatus rule).
 */
function observedLatest(object: ObservedObject): boolean {
  const generation = object.metadata?.generation;
  const observed = object.status?.observedGeneration;
  if (generation === undefined || typeof observed !== 'number') return true;
  return observed >= generation;
}

function deploymentHealth(object: ObservedObject): ObjectHealth {
  const progressingCondition = condition(object, 'Progressing');
  if (progressingCondition?.reason === 'ProgressDeadlineExceeded') {
    return failed(describeCondition(progressingCondition));
  }
  // The ReplicaSet could not create pods, for example because a webhook rejected them.
  const replicaFailure = condition(object, 'ReplicaFailure');
  if (replicaFailure?.status === 'True') return progressing(describeCondition(replicaFailure));
  const desired = numberOr(object.spec?.replicas, 1);
  const status = object.status ?? {};
  const updated = numberOr(status.updatedReplicas, 0);
  const available = numberOr(status.availableReplicas, 0);
  const total = numberOr(status.replicas, 0);
  if (updated < desired) return progressing(`${updated} of ${desired} replicas updated`);
  if (total > updated) return progressing(`${total - updated} old replicas still running`);
  if (available < desired) return progressing(`${available} of ${desired} replicas available`);
  return healthy;
}

function statefulSetHealth(object: ObservedObject): ObjectHealth {
  const desired = numberOr(object.spec?.replicas, 1);
  const status = object.status ?? {};
  const ready = numberOr(status.readyReplicas, 0);
  const updated = numberOr(status.updatedReplicas, 0);
  const strategy = object.spec?.updateStrategy as { type?: string } | undefined;
  if (ready < desired) return progressing(`${ready} of ${desired} replicas ready`);
  if (strategy?.type !== 'OnDelete' && updated < desired) {
    return progressing(`${updated} of ${desired} replicas updated`);
  }
  if (status.currentRevision !== status.updateRevision && status.updateRevision !== undefined) {
    return progressing(`rolling out revision ${String(status.updateRevision)}`);
  }
  return healthy;
}

function daemonSetHealth(object: ObservedObject): ObjectHealth {
  const status = object.status ?? {};
  const desired = numberOr(status.desiredNumberScheduled, 0);
  const updated = numberOr(status.updatedNumberScheduled, 0);
  const available = numberOr(status.numberAvailable, 0);
  if (updated < desired) return progressing(`${updated} of ${desired} pods updated`);
  if (available < desired) return progressing(`${available} of ${desired} pods available`);
  return healthy;
}

function jobHealth(object: ObservedObject): ObjectHealth {
  const failedCondition = condition(object, 'Failed');
  if (failedCondition?.status === 'True') return failed(describeCondition(failedCondition));
  if (condition(object, 'Complete')?.status === 'True') return healthy;
  return progressing('the job has not completed');
}

/** Container states after which the pod does not start without a change to it or the cluster. */
const failingWaitReasons = new Set([
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

interface ContainerStatus {
  name: string;
  state?: { waiting?: { reason?: string; message?: string } };
}

function podHealth(object: ObservedObject): ObjectHealth {
  const status = object.status ?? {};
  if (status.phase === 'Succeeded') return healthy;
  if (status.phase === 'Failed') {
    return failed(String(status.reason ?? status.message ?? 'the pod failed'));
  }

  const containers = [
    ...((status.initContainerStatuses as ContainerStatus[] | undefined) ?? []),
    ...((status.containerStatuses as ContainerStatus[] | undefined) ?? []),
  ];
  for (const container of containers) {
    const waiting = container.state?.waiting;
    if (waiting?.reason && failingWaitReasons.has(waiting.reason)) {
      const detail = waiting.message ? `: ${waiting.message}` : '';
      return failed(`container ${container.name} is waiting with ${waiting.reason}${detail}`);
    }
  }

  const scheduled = condition(object, 'PodScheduled');
  if (scheduled?.status === 'False') return progressing(describeCondition(scheduled));
  if (condition(object, 'Ready')?.status === 'True') return healthy;
  return progressing(`the pod is ${String(status.phase ?? 'Pending')} and not ready`);
}

function pvcHealth(object: ObservedObject): ObjectHealth {
  const phase = object.status?.phase;
  if (phase === 'Bound') return healthy;
  if (phase === 'Lost') return failed('the claim lost its volume');
  return progressing(`the claim is ${String(phase ?? 'Pending')}`);
}

function serviceHealth(object: ObservedObject): ObjectHealth {
  if (object.spec?.type !== 'LoadBalancer') return { health: 'Present', reason: null };
  const ingress = (object.status?.loadBalancer as { ingress?: unknown[] } | undefined)?.ingress;
  if (Array.isArray(ingress) && ingress.length > 0) return healthy;
  return progressing('the load balancer has no address yet');
}

function crdHealth(object: ObservedObject): ObjectHealth {
  const namesAccepted = condition(object, 'NamesAccepted');
  if (namesAccepted?.status === 'False') return failed(describeCondition(namesAccepted));
  const established = condition(object, 'Established');
  if (established?.status === 'True') return healthy;
  return progressing('the CustomResourceDefinition is not established');
}

function apiServiceHealth(object: ObservedObject): ObjectHealth {
  const available = condition(object, 'Available');
  if (available?.status === 'True') return healthy;
  if (available?.status === 'False') return failed(describeCondition(available));
  return progressing('the APIService has not reported availability');
}

function conditionHealth(object: ObservedObject): ObjectHealth | null {
  for (const type of ['Ready', 'Available']) {
    const entry = condition(object, type);
    if (!entry) continue;
    if (entry.status === 'True') return healthy;
    if (entry.status === 'False' && /fail|error/i.test(entry.reason ?? '')) {
      return failed(describeCondition(entry));
    }
    return progressing(describeCondition(entry));
  }
  return null;
}

/**
 * Judges one object by the rules of kstatus (sigs.k8s.io/cli-utils): the
 * controller must have observed the latest generation, then each kind has
 * its own readiness fields. Any other kind counts as Healthy or not by a Ready
 * or Available condition, and an object without status counts as Present.
 * Webhook configurations are judged by webhookHealth, because they need the
 * endpoints of their service.
 */
export function objectHealth(object: ObservedObject): ObjectHealth {
  if (object.metadata?.deletionTimestamp) {
    return { health: 'Terminating', reason: 'the object is being deleted' };
  }
  const kind = object.kind ?? '';
  if (kind === 'Namespace') {
    return object.status?.phase === 'Terminating'
      ? { health: 'Terminating', reason: 'the namespace is being deleted' }
      : healthy;
  }
  if (!observedLatest(object)) {
    return progressing('the controller has not observed the latest generation');
  }

  switch (kind) {
    case 'Deployment':
      return deploymentHealth(object);
    case 'StatefulSet':
      return statefulSetHealth(object);
    case 'DaemonSet':
      return daemonSetHealth(object);
    case 'Job':
      return jobHealth(object);
    case 'Pod':
      return podHealth(object);
    case 'PersistentVolumeClaim':
      return pvcHealth(object);
    case 'Service':
      return serviceHealth(object);
    case 'CustomResourceDefinition':
      return crdHealth(object);
    case 'APIService':
      return apiServiceHealth(object);
  }
  return conditionHealth(object) ?? { health: 'Present', reason: null };
}

export const webhookKinds = new Set([
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
]);

/** Lists the Services that a webhook configuration calls, as namespace/name. */
export function webhookServices(object: ObservedObject): string[] {
  const webhooks = (object as { webhooks?: unknown }).webhooks;
  if (!Array.isArray(webhooks)) return [];
  const services = new Set<string>();
  for (const webhook of webhooks as {
    clientConfig?: { service?: { namespace?: string; name?: string } };
  }[]) {
    const service = webhook.clientConfig?.service;
    if (service?.namespace && service.name) services.add(`${service.namespace}/${service.name}`);
  }
  return [...services];
}

/** Counts the ready addresses of an Endpoints object. */
export function readyAddresses(endpoints: ObservedObject | undefined): number {
  const subsets = (endpoints as { subsets?: { addresses?: unknown[] }[] } | undefined)?.subsets;
  if (!Array.isArray(subsets)) return 0;
  return subsets.reduce((total, subset) => total + (subset.addresses?.length ?? 0), 0);
}

/**
 * Judges a webhook configuration: Failed when a service it calls has no
 * ready endpoints, because the API server then rejects every request the
 * webhook intercepts (with failurePolicy Fail, the default in
 * admissionregistration.k8s.io/v1).
 */
export function webhookHealth(
  object: ObservedObject,
  endpointsOf: (service: string) => ObservedObject | undefined,
): ObjectHealth {
  const idle = webhookServices(object).filter(
    (service) => readyAddresses(endpointsOf(service)) === 0,
  );
  if (idle.length === 0) return healthy;
  return failed(`service ${idle.join(', ')} has no ready endpoints`);
}

const rank: Record<Health, number> = {
  Healthy: 0,
  Present: 1,
  Progressing: 2,
  Terminating: 3,
  Missing: 4,
  Failed: 5,
};

/**
 * Rolls the health of a component's objects up: the worst state wins, and a
 * component whose objects are all Present (none reports a status) is Present.
 */
export function rollUp(states: readonly Health[]): Health {
  if (states.length === 0) return 'Missing';
  let worst: Health = 'Healthy';
  let anyHealthy = false;
  for (const state of states) {
    if (state === 'Healthy') anyHealthy = true;
    if (rank[state] > rank[worst]) worst = state;
  }
  if (worst === 'Present' && anyHealthy) return 'Healthy';
  return worst;
}

/** Whether a component in this state lets its instance be Active. */
export const isUsable = (health: Health) => health === 'Healthy' || health === 'Present';
