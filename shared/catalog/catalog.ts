import { releases, serviceTypes } from './releases';
import type {
  ApplicationComponentId,
  CatalogComponent,
  CatalogCrd,
  ComponentId,
  Release,
  ServiceType,
  ServiceTypeId,
} from './types';

/** A release, or its id such as `1.10.0`. */
export type ReleaseRef = Release | string;

/** Lists every release the product can install, oldest first. */
export function listReleases(): readonly Release[] {
  return releases;
}

/** Returns the release with this id, or undefined when the catalog has none. */
export function getRelease(id: string): Release | undefined {
  return releases.find((release) => release.id === id);
}

function resolveRelease(ref: ReleaseRef): Release {
  if (typeof ref !== 'string') return ref;

  const release = getRelease(ref);
  if (!release) {
    const known = releases.map((entry) => entry.id).join(', ');
    throw new Error(`Unknown Kubeflow release "${ref}": the catalog has ${known}.`);
  }
  return release;
}

/** Lists the service types a release offers, smallest first. */
export function serviceTypesFor(ref: ReleaseRef): readonly ServiceType[] {
  const release = resolveRelease(ref);
  return serviceTypes.filter((type) => release.serviceTypes.includes(type.id));
}

function getServiceType(id: ServiceTypeId): ServiceType {
  const serviceType = serviceTypes.find((type) => type.id === id);
  if (!serviceType) {
    throw new Error(`Unknown service type "${id}": expected essential, hpt or serving.`);
  }
  return serviceType;
}

/**
 * Returns the application components of a service type. A type gets what the
 * type it extends gets plus its own `adds`. The base type gets every
 * application component that no service type adds.
 */
function applicationIdsFor(
  release: Release,
  serviceTypeId: ServiceTypeId,
): Set<ApplicationComponentId> {
  const serviceType = getServiceType(serviceTypeId);
  if (serviceType.extends !== null) {
    const inherited = applicationIdsFor(release, serviceType.extends);
    return new Set([...inherited, ...serviceType.adds]);
  }

  const addedByAnyType = new Set<ComponentId>(serviceTypes.flatMap((type) => type.adds));
  const base = release.components
    .filter((entry) => entry.category === 'application' && !addedByAnyType.has(entry.id))
    .map((entry) => entry.id as ApplicationComponentId);
  return new Set([...base, ...serviceType.adds]);
}

/**
 * Lists the components of a service type together with the platform pieces
 * they need (followed through the pieces' own requirements), in install
 * order. Throws when the release does not offer the service type.
 */
export function componentsFor(ref: ReleaseRef, serviceTypeId: ServiceTypeId): CatalogComponent[] {
  const release = resolveRelease(ref);
  if (!release.serviceTypes.includes(serviceTypeId)) {
    throw new Error(`Kubeflow ${release.id} does not offer the service type "${serviceTypeId}".`);
  }

  const selected = new Set<ComponentId>(applicationIdsFor(release, serviceTypeId));
  const pending: ComponentId[] = [...selected];
  while (pending.length > 0) {
    const id = pending.pop() as ComponentId;
    const entry = release.components.find((candidate) => candidate.id === id);
    if (!entry) {
      throw new Error(
        `Kubeflow ${release.id} lists "${id}" as a requirement but has no such component.`,
      );
    }
    for (const required of entry.requires) {
      if (selected.has(required)) continue;
      selected.add(required);
      pending.push(required);
    }
  }

  return release.components.filter((entry) => selected.has(entry.id));
}

/** Returns the component with this id in a release, or undefined. */
export function findComponent(ref: ReleaseRef, id: ComponentId): CatalogComponent | undefined {
  return resolveRelease(ref).components.find((entry) => entry.id === id);
}

/** Returns a CRD's object name, `<plural>.<group>`. */
export function crdName(crd: CatalogCrd): string {
  return `${crd.plural}.${crd.group}`;
}

/** An image reference split into repository, tag and digest. */
export interface ImageReference {
  /** Repository with Docker Hub's implicit `docker.io/` and `library/` prefixes removed. */
  repository: string;
  tag: string | null;
  digest: string | null;
}

/** Splits an image reference such as `docker.io/istio/pilot:1.17.5` or `repo@sha256:…`. */
export function parseImageReference(image: string): ImageReference {
  let rest = image.trim();
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }

  // A colon after the last slash starts the tag, and one before it belongs to a registry port.
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }

  return { repository: normalizeRepository(rest), tag, digest };
}

const dockerHubPrefixes = ['docker.io/', 'index.docker.io/', 'registry-1.docker.io/'];

/** Drops the prefixes that Docker Hub images may be written with, so `mysql` equals `docker.io/library/mysql`. */
function normalizeRepository(repository: string): string {
  let name = repository.toLowerCase();
  for (const prefix of dockerHubPrefixes) {
    if (name.startsWith(prefix)) {
      name = name.slice(prefix.length);
      break;
    }
  }
  if (name.startsWith('library/')) name = name.slice('library/'.length);
  return name;
}

function sameRepositoryAndTag(left: ImageReference, right: ImageReference): boolean {
  return left.repository === right.repository && left.tag === right.tag;
}

function uniqueOwner(owners: Set<ComponentId>): ComponentId | null | undefined {
  if (owners.size === 1) return [...owners][0];
  if (owners.size > 1) return null;
  return undefined;
}

/**
 * Returns the id of the component (application or platform piece) that an
 * observed image belongs to, or null when none does or when several share it.
 * An exact repository-and-tag match wins; otherwise the repository alone
 * decides, so a drifted tag or a digest-pinned image still matches.
 */
export function matchImage(ref: ReleaseRef, image: string): ComponentId | null {
  const release = resolveRelease(ref);
  const observed = parseImageReference(image);

  const exactOwners = new Set<ComponentId>();
  const repositoryOwners = new Set<ComponentId>();
  for (const entry of release.components) {
    for (const known of entry.images.map(parseImageReference)) {
      if (known.repository !== observed.repository) continue;
      repositoryOwners.add(entry.id);
      if (sameRepositoryAndTag(known, observed)) exactOwners.add(entry.id);
    }
  }

  // Images shared by several components (mysql, the MLMD server) match none.
  const exact = uniqueOwner(exactOwners);
  if (exact !== undefined) return exact;
  return uniqueOwner(repositoryOwners) ?? null;
}
