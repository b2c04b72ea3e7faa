// Typed views into the parts of rendered objects that the options change.
// Rendered manifests are untyped YAML, so every accessor checks shapes and
// creates missing containers only where the option needs to write.
import type { KubeObject } from '../object-ref';

export type Json = Record<string, unknown>;

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name?: string; key?: string }; [key: string]: unknown };
  [key: string]: unknown;
}

export interface Container {
  name: string;
  image?: string;
  env?: EnvVar[];
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  [key: string]: unknown;
}

export interface PodSpec {
  nodeSelector?: Record<string, string>;
  tolerations?: Json[];
  containers?: Container[];
  initContainers?: Container[];
  [key: string]: unknown;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; [key: string]: unknown };
  spec?: PodSpec;
}

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const templateKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** Returns the pod template of a workload object, or null for any other object. */
export function podTemplateOf(object: KubeObject): PodTemplate | null {
  const spec = object['spec'];
  if (!isRecord(spec)) return null;
  if (templateKinds.has(object.kind) && isRecord(spec['template'])) {
    return spec['template'] as PodTemplate;
  }
  if (object.kind === 'CronJob' && isRecord(spec['jobTemplate'])) {
    const jobSpec = spec['jobTemplate']['spec'];
    if (isRecord(jobSpec) && isRecord(jobSpec['template']))
      return jobSpec['template'] as PodTemplate;
  }
  return null;
}

/** Returns the pod spec of a workload, creating an empty one inside its template when missing. */
export function podSpecOf(template: PodTemplate): PodSpec {
  template.spec ??= {};
  return template.spec;
}

export function containersOf(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].filter(
    isRecord,
  ) as Container[];
}

export function isKind(object: KubeObject, kind: string, group = ''): boolean {
  const slash = object.apiVersion.lastIndexOf('/');
  const objectGroup = slash === -1 ? '' : object.apiVersion.slice(0, slash);
  return object.kind === kind && objectGroup === group;
}

export function findObject(
  objects: readonly KubeObject[],
  kind: string,
  namespace: string | null,
  name: string,
  group = '',
): KubeObject | undefined {
  return objects.find(
    (object) =>
      isKind(object, kind, group) &&
      object.metadata.name === name &&
      (namespace === null || object.metadata.namespace === namespace),
  );
}

/** Returns the string data of a ConfigMap, creating `data` when missing. */
export function configMapData(object: KubeObject): Record<string, string> {
  if (!isRecord(object['data'])) object['data'] = {};
  return object['data'] as Record<string, string>;
}

/** Builds an Opaque Secret whose values are stored base64-encoded in `data`, as the API server stores them. */
export function secretObject(
  namespace: string,
  name: string,
  values: Record<string, string>,
  labels: Record<string, string> = {},
): KubeObject {
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    data[key] = Buffer.from(value, 'utf8').toString('base64');
  }
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, labels },
    type: 'Opaque',
    data,
  };
}

/**
 * Sets an environment variable of a container to a literal or a Secret
 * reference, replacing an earlier definition of the same name. Returns
 * whether anything changed.
 */
export function setEnv(container: Container, variable: EnvVar): boolean {
  container.env ??= [];
  const index = container.env.findIndex((entry) => entry.name === variable.name);
  if (index === -1) {
    container.env.push(variable);
    return true;
  }
  if (JSON.stringify(container.env[index]) === JSON.stringify(variable)) return false;
  container.env[index] = variable;
  return true;
}

export function removeEnv(container: Container, name: string): boolean {
  const before = container.env?.length ?? 0;
  container.env = (container.env ?? []).filter((entry) => entry.name !== name);
  return container.env.length !== before;
}

/** Label that marks the objects the options generate, such as credential Secrets. */
export const generatedByLabel = 'kubeflow-desktop.io/generated-by';
