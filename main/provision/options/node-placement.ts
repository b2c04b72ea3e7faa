import type { CatalogComponent } from '../../../shared/catalog';
import type {
  GpuPool,
  NodePlacement,
  NodePool,
  NodePoolName,
  OptionEffect,
  Toleration,
} from '../../../shared/provision/options';
import type { KubeObject } from '../object-ref';
import { effect } from './effects';
import {
  containersOf,
  podSpecOf,
  podTemplateOf,
  type Container,
  type PodTemplate,
} from './objects';

export const gpuResource = 'nvidia.com/gpu';
const migResourcePrefix = 'nvidia.com/mig-';

/** Taint that GPU node pools usually carry (the NVIDIA GPU operator's convention). */
const gpuToleration: Toleration = { key: gpuResource, operator: 'Exists', effect: 'NoSchedule' };

/** Tests whether a container requests a whole GPU or a MIG slice. */
function requestsGpu(container: Container): boolean {
  const resources = container.resources ?? {};
  return [resources.requests, resources.limits].some(
    (map) =>
      map !== undefined &&
      Object.keys(map).some((key) => key === gpuResource || key.startsWith(migResourcePrefix)),
  );
}

function isIngressGateway(object: KubeObject, template: PodTemplate): boolean {
  return (
    template.metadata?.labels?.['istio'] === 'ingressgateway' ||
    object.metadata.name === 'istio-ingressgateway'
  );
}

/**
 * Keys `namespace/name` of catalog workloads marked `gpuCapable: true`.
 * NOTE: the catalog's CatalogWorkload type has no such field yet, so the
 * property is read only where a release entry sets it.
 */
function gpuCapableWorkloads(components: readonly CatalogComponent[]): Set<string> {
  const keys = new Set<string>();
  for (const component of components) {
    for (const workload of component.workloads) {
      if ('gpuCapable' in workload && workload.gpuCapable === true)
        keys.add(`${component.namespace}/${workload.name}`);
    }
  }
  return keys;
}

/** Keys `namespace/name` of the workloads of the catalog's application components. */
function applicationWorkloads(components: readonly CatalogComponent[]): Set<string> {
  const keys = new Set<string>();
  for (const component of components) {
    if (component.category !== 'application') continue;
    for (const workload of component.workloads) keys.add(`${component.namespace}/${workload.name}`);
  }
  return keys;
}

/** Chooses the pool of one workload, or null when it stays where the scheduler puts it. */
function poolOf(
  object: KubeObject,
  template: PodTemplate,
  placement: NodePlacement,
  workloads: { applications: Set<string>; gpuCapable: Set<string> },
): NodePoolName | null {
  const key = `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
  const containers = containersOf(template.spec ?? {});
  if (containers.some(requestsGpu) || workloads.gpuCapable.has(key))
    return placement.gpu ? 'gpu' : null;
  if (isIngressGateway(object, template)) return placement.ingress ? 'ingress' : null;
  const applications = workloads.applications;
  if (placement.cpu && applications.has(key)) return 'cpu';
  return placement.worker ? 'worker' : null;
}

function sameToleration(a: Record<string, unknown>, b: Toleration): boolean {
  return (
    a['key'] === b.key &&
    (a['operator'] ?? 'Equal') === b.operator &&
    a['value'] === b.value &&
    a['effect'] === b.effect
  );
}

function describeToleration(toleration: Toleration): string {
  const value = toleration.operator === 'Equal' ? `=${toleration.value ?? ''}` : '';
  return `${toleration.key ?? '*'}${value}:${toleration.effect ?? '*'}`;
}

/** Sets the GPU count or MIG slice on the containers that ask for a GPU. */
function setGpuResources(object: KubeObject, template: PodTemplate, pool: GpuPool): OptionEffect[] {
  const effects: OptionEffect[] = [];
  const containers = containersOf(template.spec ?? {});
  let targets = containers.filter(requestsGpu);
  // A GPU-capable workload that requests no GPU gets one only when the pool names a count or slice.
  const first = template.spec?.containers?.[0];
  if (targets.length === 0 && first && (pool.gpuCount !== null || pool.migProfile !== null))
    targets = [first];
  for (const container of targets) {
    container.resources ??= {};
    const limits = (container.resources.limits ??= {});
    const requests = container.resources.requests;
    const current = Number(limits[gpuResource] ?? requests?.[gpuResource] ?? 1) || 1;

    const resource = pool.migProfile ? `${migResourcePrefix}${pool.migProfile}` : gpuResource;
    const count = pool.gpuCount ?? current;
    for (const map of [limits, requests]) {
      if (!map) continue;
      for (const key of Object.keys(map)) {
        if (key === gpuResource || key.startsWith(migResourcePrefix)) delete map[key];
      }
    }
    // Extended resources need a limit; a request, when given, must equal it.
    limits[resource] = count;
    if (requests && Object.keys(requests).length > 0) requests[resource] = count;
    effects.push(
      effect('nodePlacement', 'changed', object, 'gpuResourceSet', {
        container: container.name,
        resource,
        count: String(count),
      }),
    );
  }
  return effects;
}

/** Places one workload on one pool: its node selector, its tolerations and, for the GPU pool, its GPU resources. */
function place(
  object: KubeObject,
  template: PodTemplate,
  poolName: NodePoolName,
  pool: NodePool,
  gpuPool: GpuPool | null,
): OptionEffect[] {
  const effects: OptionEffect[] = [];
  const spec = podSpecOf(template);

  spec.nodeSelector = { ...(spec.nodeSelector ?? {}), ...pool.nodeSelector };
  const selector = Object.entries(pool.nodeSelector)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  effects.push(
    effect('nodePlacement', 'changed', object, 'nodeSelectorAdded', { pool: poolName, selector }),
  );

  const wanted = poolName === 'gpu' ? [gpuToleration, ...pool.tolerations] : pool.tolerations;
  const existing = (spec.tolerations ??= []);
  const added = wanted.filter(
    (toleration) => !existing.some((entry) => sameToleration(entry, toleration)),
  );
  if (added.length > 0) {
    existing.push(...added.map((toleration) => ({ ...toleration })));
    effects.push(
      effect('nodePlacement', 'changed', object, 'tolerationsAdded', {
        pool: poolName,
        tolerations: added.map(describeToleration).join(', '),
      }),
    );
  }
  if (spec.tolerations.length === 0) delete spec.tolerations;

  if (poolName === 'gpu' && gpuPool) effects.push(...setGpuResources(object, template, gpuPool));
  return effects;
}

/**
 * Puts workloads on node pools: ingress gateways on the ingress pool,
 * workloads that ask for `nvidia.com/gpu` (or a MIG slice) or that the
 * catalog marks GPU-capable on the GPU pool,
 * the application components' workloads on the CPU pool when one is set,
 * and the rest on the worker pool. Changes the objects in place.
 *
 * DaemonSets are left alone, because their agents are meant to run on every
 * node. NOTE: user workloads created later (notebooks, pipeline runs,
 * inference services) are not covered; they need the pool in their own specs.
 */
export function applyNodePlacement(
  objects: KubeObject[],
  placement: NodePlacement,
  components: readonly CatalogComponent[],
): OptionEffect[] {
  const workloads = {
    applications: applicationWorkloads(components),
    gpuCapable: gpuCapableWorkloads(components),
  };
  const effects: OptionEffect[] = [];
  for (const object of objects) {
    if (object.kind === 'DaemonSet') continue;
    const template = podTemplateOf(object);
    if (!template) continue;
    const poolName = poolOf(object, template, placement, workloads);
    if (poolName === null) continue;
    const pool = placement[poolName];
    if (!pool) continue;
    effects.push(...place(object, template, poolName, pool, placement.gpu));
  }
  return effects;
}
