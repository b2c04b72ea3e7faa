import { isCrd, resourceTypesOfCrd, type ParsedObject } from './manifest-parser';
import { contentHash, groupOf, refOf, type KubeObject, type ObjectRef } from './object-ref';

/**
 * Apply phases in order. Each phase starts when the previous one is applied
 * (and, after CRDs and workloads, ready), because later objects depend on
 * earlier ones: namespaced objects need their namespace, custom resources
 * need their CRD served, and a webhook configuration with failurePolicy Fail
 * blocks writes until its service responds.
 */
export const phaseNames = [
  'namespaces',
  'crds',
  'cluster-rbac',
  'configuration',
  'workloads',
  'webhooks',
  'custom-resources',
] as const;
export type PhaseName = (typeof phaseNames)[number];

/** One object of a plan. */
export interface PlannedObject {
  object: KubeObject;
  ref: ObjectRef;
  /** Content hash of the object (see contentHash). */
  hash: string;
  component: string;
  /** Manifest file and line, when the object came from parseManifests. */
  source: { file: string; line: number | null } | null;
}

export interface ApplyPhase {
  name: PhaseName;
  objects: PlannedObject[];
  /** Number of objects per kind in this phase. */
  countsByKind: Record<string, number>;
}

export interface ApplyPlan {
  /** Phases in apply order; phases without objects are left out. */
  phases: ApplyPhase[];
  total: number;
}

export interface PlanOptions {
  /** Names the component an object belongs to, for progress reports. */
  componentOf?: (object: KubeObject) => string;
  /**
   * Kinds (`group/Kind`) that CRDs already on the cluster define, so their
   * objects also go last. Kinds defined by CRDs in the bundle are found
   * without this.
   */
  customKinds?: Iterable<string>;
}

const fixedPhases: Record<string, PhaseName> = {
  '/Namespace': 'namespaces',
  'apiextensions.k8s.io/CustomResourceDefinition': 'crds',
  'rbac.authorization.k8s.io/ClusterRole': 'cluster-rbac',
  'rbac.authorization.k8s.io/ClusterRoleBinding': 'cluster-rbac',
  'apps/Deployment': 'workloads',
  'apps/StatefulSet': 'workloads',
  'apps/DaemonSet': 'workloads',
  'batch/Job': 'workloads',
  'batch/CronJob': 'workloads',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': 'webhooks',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': 'webhooks',
  'apiregistration.k8s.io/APIService': 'webhooks',
};

/** Returns the phase of an object: custom resources last, unlisted kinds with configuration. */
export function phaseOf(ref: ObjectRef, customKinds: ReadonlySet<string>): PhaseName {
  const groupKind = `${groupOf(ref.apiVersion)}/${ref.kind}`;
  const fixed = fixedPhases[groupKind];
  if (fixed) return fixed;
  return customKinds.has(groupKind) ? 'custom-resources' : 'configuration';
}

/**
 * Returns the component label of an object when no componentOf is given:
 * the app.kubernetes.io/part-of or app.kubernetes.io/component label, then
 * the namespace, then "cluster".
 */
export function defaultComponentOf(object: KubeObject): string {
  const labels = object.metadata.labels ?? {};
  return (
    labels['app.kubernetes.io/part-of'] ??
    labels['app.kubernetes.io/component'] ??
    object.metadata.namespace ??
    'cluster'
  );
}

function isParsed(entry: ParsedObject | KubeObject): entry is ParsedObject {
  return 'object' in entry && 'ref' in entry && 'file' in entry;
}

/**
 * Sorts objects into apply phases and counts them per kind. Within a phase
 * the objects keep their input order. Objects should come from
 * validateAgainstCluster, so namespaces are settled and kinds are known.
 */
export function planApply(
  entries: (ParsedObject | KubeObject)[],
  options: PlanOptions = {},
): ApplyPlan {
  const componentOf = options.componentOf ?? defaultComponentOf;
  const objects = entries.map((entry) => (isParsed(entry) ? entry.object : entry));

  const customKinds = new Set<string>(options.customKinds ?? []);
  for (const crd of objects.filter(isCrd)) {
    for (const type of resourceTypesOfCrd(crd)) customKinds.add(`${type.group}/${type.kind}`);
  }

  const byPhase = new Map<PhaseName, PlannedObject[]>();
  for (const entry of entries) {
    const object = isParsed(entry) ? entry.object : entry;
    const ref = isParsed(entry) ? entry.ref : refOf(entry);
    const planned: PlannedObject = {
      object,
      ref,
      hash: contentHash(object),
      component: componentOf(object),
      source: isParsed(entry) ? { file: entry.file, line: entry.line } : null,
    };
    const phase = phaseOf(ref, customKinds);
    const inPhase = byPhase.get(phase) ?? [];
    inPhase.push(planned);
    byPhase.set(phase, inPhase);
  }

  const phases: ApplyPhase[] = [];
  for (const name of phaseNames) {
    const planned = byPhase.get(name);
    if (!planned) continue;
    const countsByKind: Record<string, number> = {};
    for (const { ref } of planned) countsByKind[ref.kind] = (countsByKind[ref.kind] ?? 0) + 1;
    phases.push({ name, objects: planned, countsByKind });
  }
  return { phases, total: entries.length };
}
