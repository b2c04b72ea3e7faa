import { componentsFor, findComponent, parseImageReference } from '../catalog';
import type { CatalogComponent, ComponentId, ServiceTypeId } from '../catalog';
import type { InventoryEntry, ObjectRef } from '../provision/instance';
import {
  isUsable,
  objectHealth,
  rollUp,
  webhookHealth,
  webhookKinds,
  type ObservedObject,
} from './health';
import type { ComponentStatus, Fault, Health, WarningEvent } from './schemas';

/** Read access to the engine's caches of one cluster, as the evaluation uses them. */
export interface ClusterView {
  /** The live object, or undefined when the cluster has none. */
  object(ref: ObjectRef): ObservedObject | undefined;
  /** Pods of a namespace. */
  pods(namespace: string): ObservedObject[];
  /** Warning events of a namespace. */
  warnings(namespace: string): WarningEvent[];
  /** The Endpoints object of a service given as namespace/name. */
  endpoints(service: string): ObservedObject | undefined;
}

export interface EvaluatedInstance {
  components: ComponentStatus[];
  faults: Fault[];
  events: WarningEvent[];
  healthy: boolean;
  failure: string | null;
  pending: string | null;
}

/** Warning events kept per instance, newest first. */
export const maxEvents = 20;
/** Faults kept per instance. */
export const maxFaults = 50;

const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

function matchesSelector(
  pod: ObservedObject,
  selector: Record<string, string> | undefined,
): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  const labels = pod.metadata?.labels ?? {};
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

function podsOfWorkload(workload: ObservedObject, view: ClusterView): ObservedObject[] {
  const namespace = workload.metadata?.namespace;
  if (!namespace) return [];
  const selector = (workload.spec?.selector as { matchLabels?: Record<string, string> } | undefined)
    ?.matchLabels;
  return view.pods(namespace).filter((pod) => matchesSelector(pod, selector));
}

function podRef(pod: ObservedObject): ObjectRef {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    namespace: pod.metadata?.namespace ?? null,
    name: pod.metadata?.name ?? '',
  };
}

function healthOf(ref: ObjectRef, object: ObservedObject | undefined, view: ClusterView) {
  if (!object)
    return { health: 'Missing' as Health, reason: 'the object does not exist in the cluster' };
  if (webhookKinds.has(ref.kind))
    return webhookHealth(object, (service) => view.endpoints(service));
  return objectHealth(object);
}

/** Images of the running pods of a workload, or of its pod template when no pod runs. */
function imagesOf(workload: ObservedObject, pods: ObservedObject[]): string[] {
  const running = pods.filter((pod) => pod.status?.phase === 'Running');
  const specs =
    running.length > 0
      ? running.map((pod) => pod.spec)
      : [(workload.spec?.template as { spec?: Record<string, unknown> } | undefined)?.spec];
  const images = new Set<string>();
  for (const spec of specs) {
    for (const container of (spec?.containers as { image?: string }[] | undefined) ?? []) {
      if (container.image) images.add(container.image);
    }
  }
  return [...images];
}

interface VersionReading {
  observedVersion: string | null;
  drift: string[];
}

/**
 * Reads the version of a component from the images its main workloads run:
 * an image of the catalog's repository with the catalog's tag is the catalog
 * version, and another tag of that repository is drift.
 */
function readVersion(
  component: CatalogComponent,
  entries: readonly InventoryEntry[],
  view: ClusterView,
): VersionReading {
  const drift: string[] = [];
  let observedVersion: string | null = null;
  let anyMatched = false;

  for (const workload of component.workloads) {
    const entry = entries.find(
      (candidate) => candidate.ref.kind === workload.kind && candidate.ref.name === workload.name,
    );
    const live = entry ? view.object(entry.ref) : undefined;
    if (!live) continue;
    const expected = workload.images.map(parseImageReference);
    for (const image of imagesOf(live, podsOfWorkload(live, view))) {
      const observed = parseImageReference(image);
      const known = expected.find((entry) => entry.repository === observed.repository);
      if (!known) continue;
      anyMatched = true;
      if (known.tag === observed.tag) continue;
      drift.push(`${image} (catalog: ${known.repository}:${known.tag ?? ''})`);
      observedVersion ??= observed.tag ?? observed.digest;
    }
  }

  if (!anyMatched) return { observedVersion: null, drift };
  return { observedVersion: observedVersion ?? component.version, drift };
}

/**
 * Returns the catalog component of an inventory entry: the component it
 * was recorded under when the catalog has that id, otherwise the
 * app.kubernetes.io/component label of the live object (which upstream
 * manifests and the sandbox bundle set), otherwise the recorded name.
 */
function componentOf(
  entry: InventoryEntry,
  catalogIds: ReadonlySet<string>,
  view: ClusterView,
): string {
  if (catalogIds.has(entry.component)) return entry.component;
  const label = view.object(entry.ref)?.metadata?.labels?.['app.kubernetes.io/component'];
  return label && catalogIds.has(label) ? label : entry.component;
}

const describeFault = (fault: Fault) => `${fault.ref.kind} ${fault.ref.name}: ${fault.reason}`;

/**
 * Evaluates an instance from its inventory and the cluster's live objects.
 * Each component is rolled up from its objects, with the pods of unhealthy
 * workloads listed as objects at fault. The result also has each component's
 * observed version and drift, and the Warning events of the objects at fault.
 */
export function evaluateInstance(
  spec: { release: string; serviceType: ServiceTypeId; namespace: string },
  inventory: readonly InventoryEntry[],
  view: ClusterView,
): EvaluatedInstance {
  let catalog: CatalogComponent[] = [];
  try {
    catalog = componentsFor(spec.release, spec.serviceType);
  } catch {
    catalog = [];
  }
  const catalogIds = new Set<string>(catalog.map((entry) => entry.id));

  const byComponent = new Map<string, InventoryEntry[]>();
  for (const entry of inventory) {
    const id = componentOf(entry, catalogIds, view);
    const list = byComponent.get(id) ?? [];
    list.push(entry);
    byComponent.set(id, list);
  }
  const ids = [...new Set([...catalog.map((entry) => entry.id as string), ...byComponent.keys()])];

  const components: ComponentStatus[] = [];
  const faults: Fault[] = [];
  for (const id of ids) {
    const entries = byComponent.get(id) ?? [];
    const states: Health[] = [];
    const componentFaults: Fault[] = [];

    for (const entry of entries) {
      const object = view.object(entry.ref);
      const result = healthOf(entry.ref, object, view);
      states.push(result.health);
      if (isUsable(result.health)) continue;

      // A workload's pods carry the reason it is short of replicas, so they are listed first.
      if (object && workloadKinds.has(entry.ref.kind)) {
        for (const pod of podsOfWorkload(object, view)) {
          const podHealth = objectHealth(pod);
          if (isUsable(podHealth.health)) continue;
          componentFaults.push({
            ref: podRef(pod),
            component: id,
            health: podHealth.health,
            reason: podHealth.reason ?? '',
          });
        }
      }
      componentFaults.push({
        ref: entry.ref,
        component: id,
        health: result.health,
        reason: result.reason ?? '',
      });
    }

    const catalogEntry = findComponentSafe(spec.release, id);
    const version =
      catalogEntry && entries.length > 0
        ? readVersion(catalogEntry, entries, view)
        : { observedVersion: null, drift: [] };
    const health = entries.length === 0 ? 'Missing' : rollUp(states);
    components.push({
      id,
      expectedVersion: catalogEntry?.version ?? null,
      observedVersion: version.observedVersion,
      drift: version.drift,
      health,
      reason:
        entries.length === 0
          ? 'the inventory has no objects of this component'
          : componentFaults[0]
            ? describeFault(componentFaults[0])
            : null,
      objects: entries.length,
    });
    faults.push(...componentFaults);
  }

  // Only components the inventory names decide health: an apply still in progress has not written the others yet.
  const judged = components.filter((component) => component.objects > 0);
  const healthy = inventory.length > 0 && judged.every((component) => isUsable(component.health));
  const failed = faults.find((fault) => fault.health === 'Failed');
  const pendingFault = faults[0];
  const pending = healthy
    ? null
    : pendingFault
      ? describeFault(pendingFault)
      : 'the inventory is empty: no object was applied yet';

  return {
    components,
    faults: faults.slice(0, maxFaults),
    events: warningsOf(faults, view),
    healthy,
    failure: failed ? describeFault(failed) : null,
    pending,
  };
}

function findComponentSafe(release: string, id: string): CatalogComponent | undefined {
  try {
    return findComponent(release, id as ComponentId);
  } catch {
    return undefined;
  }
}

const refId = (ref: ObjectRef) => `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;

/**
 * Picks the Warning events of the objects at fault. A Deployment's events
 * about pods it cannot create (FailedCreate) are recorded on its
 * ReplicaSets, whose names are the Deployment's name and a hash.
 */
function warningsOf(faults: Fault[], view: ClusterView): WarningEvent[] {
  const wanted = new Set(faults.map((fault) => refId(fault.ref)));
  const deployments = faults
    .filter((fault) => fault.ref.kind === 'Deployment')
    .map((fault) => ({ namespace: fault.ref.namespace, prefix: `${fault.ref.name}-` }));
  const ofReplicaSet = (event: WarningEvent) =>
    event.ref.kind === 'ReplicaSet' &&
    deployments.some(
      (deployment) =>
        deployment.namespace === event.ref.namespace &&
        event.ref.name.startsWith(deployment.prefix),
    );
  const namespaces = new Set(
    faults.map((fault) => fault.ref.namespace).filter((name) => name !== null),
  );
  const events: WarningEvent[] = [];
  for (const namespace of namespaces) {
    for (const event of view.warnings(namespace)) {
      if (wanted.has(refId(event.ref)) || ofReplicaSet(event)) events.push(event);
    }
  }
  events.sort((left, right) => right.lastSeen.localeCompare(left.lastSeen));
  return events.slice(0, maxEvents);
}
