import { createHash } from 'node:crypto';

/** A Kubernetes object as it appears in a manifest or an API response. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Identity of one object: its namespace is null for a cluster-scoped object. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
}

/** Returns the API group of an apiVersion: "" for the core group ("v1"). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** Returns the version part of an apiVersion ("v1" for "apps/v1"). */
export function versionOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? apiVersion : apiVersion.slice(slash + 1);
}

/** Returns the reference of an object, taking the namespace from its metadata. */
export function refOf(object: KubeObject): ObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace ?? null,
    name: object.metadata.name,
  };
}

/** Formats a reference as `Kind namespace/name`, or `Kind name` for a cluster-scoped object. */
export function formatRef(ref: ObjectRef): string {
  return ref.namespace === null
    ? `${ref.kind} ${ref.name}`
    : `${ref.kind} ${ref.namespace}/${ref.name}`;
}

/**
 * Returns a stable key of a reference: `group/Kind/namespace/name`. The version
 * is left out because the API server stores one object per group, kind,
 * namespace and name, whichever version a manifest uses.
 */
export function refKey(ref: ObjectRef): string {
  return `${groupOf(ref.apiVersion)}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/** Metadata fields that the API server sets, so they never belong to the desired state. */
export const serverSetMetadataFields = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
] as const;

/** Returns a copy of the object without `status` and the metadata fields that the server sets. */
export function desiredStateOf(object: KubeObject): Record<string, unknown> {
  const { status: _status, metadata, ...rest } = object;
  const cleanMetadata: Record<string, unknown> = { ...metadata };
  for (const field of serverSetMetadataFields) delete cleanMetadata[field];
  return { ...rest, metadata: cleanMetadata };
}

/** Compares by UTF-16 code units, so the order does not depend on the locale. */
function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Serializes a JSON value with object keys sorted, so equal objects give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;

  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, entry]) => entry !== undefined)
    .sort(([a], [b]) => compareKeys(a, b));
  return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
}

/**
 * Returns the hex sha256 of the object's desired state: canonical JSON
 * without `status` and without the metadata fields the server sets.
 */
export function contentHash(object: KubeObject): string {
  return createHash('sha256')
    .update(canonicalJson(desiredStateOf(object)))
    .digest('hex');
}
