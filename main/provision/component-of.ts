import { crdName, getRelease, matchImage } from '../../shared/catalog';
import type { CatalogComponent } from '../../shared/catalog';
import type { KubeObject } from './object-ref';

const componentLabel = 'app.kubernetes.io/component';
const partOfLabel = 'app.kubernetes.io/part-of';

/** Images of a workload's pod template (containers and init containers). */
function imagesOf(object: KubeObject): string[] {
  const spec = object.spec as
    | {
        template?: { spec?: PodSpec };
        jobTemplate?: { spec?: { template?: { spec?: PodSpec } } };
      }
    | undefined;
  const pod = spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec;
  return [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])]
    .map((container) => container.image)
    .filter((image): image is string => typeof image === 'string');
}

interface PodSpec {
  containers?: { image?: unknown }[];
  initContainers?: { image?: unknown }[];
}

/**
 * Names the catalog component an object belongs to, so the inventory, the
 * progress view and the health roll-up group objects the way the catalog
 * does. In order: a component label that names a catalog component, the
 * CRDs, cluster roles and workloads the catalog lists, the images of a pod
 * template, a namespace that only one component uses; otherwise the
 * part-of label, the namespace, or "cluster".
 */
export function catalogComponentOf(releaseId: string): (object: KubeObject) => string {
  const release = getRelease(releaseId);
  const components: readonly CatalogComponent[] = release?.components ?? [];
  const ids = new Set<string>(components.map((component) => component.id));
  const byCrd = new Map<string, string>();
  const byClusterRole = new Map<string, string>();
  const byWorkload = new Map<string, string>();
  const namespaceOwners = new Map<string, Set<string>>();
  for (const component of components) {
    for (const crd of component.crds) byCrd.set(crdName(crd), component.id);
    for (const role of component.clusterRoles) byClusterRole.set(role.name, component.id);
    for (const workload of component.workloads) {
      byWorkload.set(`${component.namespace}/${workload.name}`, component.id);
    }
    const owners = namespaceOwners.get(component.namespace) ?? new Set<string>();
    owners.add(component.id);
    namespaceOwners.set(component.namespace, owners);
  }

  return (object) => {
    const labels = object.metadata.labels ?? {};
    const labelled = labels[componentLabel];
    if (labelled && ids.has(labelled)) return labelled;

    const name = object.metadata.name;
    const namespace = object.metadata.namespace;
    const known =
      (object.kind === 'CustomResourceDefinition' ? byCrd.get(name) : undefined) ??
      (object.kind === 'ClusterRole' ? byClusterRole.get(name) : undefined) ??
      (namespace ? byWorkload.get(`${namespace}/${name}`) : undefined);
    if (known) return known;

    for (const image of imagesOf(object)) {
      const owner = release ? matchImage(release, image) : null;
      if (owner) return owner;
    }

    const owners = namespace ? namespaceOwners.get(namespace) : undefined;
    if (owners?.size === 1) return [...owners][0] ?? 'cluster';
    return labels[partOfLabel] ?? namespace ?? 'cluster';
  };
}
