// Helpers shared by the object storage and database options, which both
// rewire Kubeflow Pipelines (its API server Deployment `ml-pipeline` and
// ConfigMap `pipeline-install-config`, in upstream 1.8.0 and 1.10.0).
import type { OptionEffect } from '../../../shared/provision/options';
import type { KubeObject } from '../object-ref';
import { effect } from './effects';
import {
  containersOf,
  generatedByLabel,
  podTemplateOf,
  secretObject,
  setEnv,
  type EnvVar,
} from './objects';

export const pipelinesApiServer = 'ml-pipeline';
export const pipelinesConfig = 'pipeline-install-config';

/** Namespace of the Pipelines API server in the bundle, or the fallback when the bundle has none. */
export function pipelinesNamespace(objects: readonly KubeObject[], fallback: string): string {
  const server = objects.find(
    (object) => object.kind === 'Deployment' && object.metadata.name === pipelinesApiServer,
  );
  return server?.metadata.namespace ?? fallback;
}

/**
 * Puts a generated Secret into the bundle, replacing a rendered Secret of
 * the same name (upstream ships `mysql-secret` and `mlpipeline-minio-artifact`
 * with well-known values).
 */
export function putSecret(
  objects: KubeObject[],
  namespace: string,
  name: string,
  values: Record<string, string>,
  option: OptionEffect['option'],
  code: 'storageSecretGenerated' | 'databaseSecretGenerated',
): { objects: KubeObject[]; secret: KubeObject; effects: OptionEffect[] } {
  const secret = secretObject(namespace, name, values, { [generatedByLabel]: 'kubeflow-desktop' });
  const index = objects.findIndex(
    (object) =>
      object.kind === 'Secret' &&
      object.metadata.namespace === namespace &&
      object.metadata.name === name,
  );
  const next = [...objects];
  if (index === -1) next.push(secret);
  else next[index] = secret;
  const action = index === -1 ? 'added' : 'changed';
  return {
    objects: next,
    secret,
    effects: [effect(option, action, secret, code)],
  };
}

/**
 * Removes objects of a bundled service. `matches` decides by kind and name
 * within the namespace; `code` is the effect that names the reason.
 */
export function removeObjects(
  objects: KubeObject[],
  namespace: string,
  matches: (object: KubeObject) => boolean,
  option: OptionEffect['option'],
  code: 'removedForExternalStorage' | 'removedForExternalDatabase',
): { objects: KubeObject[]; effects: OptionEffect[] } {
  const kept: KubeObject[] = [];
  const effects: OptionEffect[] = [];
  for (const object of objects) {
    if (object.metadata.namespace === namespace && matches(object)) {
      effects.push(effect(option, 'removed', object, code));
      continue;
    }
    kept.push(object);
  }
  return { objects: kept, effects };
}

/**
 * Points every environment variable that reads from Secret `from` at Secret
 * `to` instead, in every workload of the namespace.
 */
export function redirectSecretReferences(
  objects: KubeObject[],
  namespace: string,
  from: string,
  to: string,
  option: OptionEffect['option'],
): OptionEffect[] {
  if (from === to) return [];
  const effects: OptionEffect[] = [];
  for (const object of objects) {
    if (object.metadata.namespace !== namespace) continue;
    const template = podTemplateOf(object);
    if (!template) continue;
    for (const container of containersOf(template.spec ?? {})) {
      for (const variable of container.env ?? []) {
        const reference = variable.valueFrom?.secretKeyRef;
        if (reference?.name !== from) continue;
        reference.name = to;
        effects.push(
          effect(option, 'changed', object, 'secretReferenceSet', {
            variable: variable.name,
            secret: to,
          }),
        );
      }
    }
  }
  return effects;
}

/** Sets environment variables on every container of a Deployment in the namespace. */
export function setDeploymentEnv(
  objects: KubeObject[],
  namespace: string,
  name: string,
  variables: EnvVar[],
  option: OptionEffect['option'],
): OptionEffect[] {
  const deployment = objects.find(
    (object) =>
      object.kind === 'Deployment' &&
      object.metadata.namespace === namespace &&
      object.metadata.name === name,
  );
  const template = deployment ? podTemplateOf(deployment) : null;
  if (!deployment || !template) return [];

  // The API server is the first container; upstream's pod has no sidecars in its manifest.
  const container = template.spec?.containers?.[0];
  if (!container) return [];
  const effects: OptionEffect[] = [];
  for (const variable of variables) {
    if (!setEnv(container, variable)) continue;
    const value = variable.valueFrom?.secretKeyRef
      ? `Secret ${variable.valueFrom.secretKeyRef.name}/${variable.valueFrom.secretKeyRef.key}`
      : JSON.stringify(variable.value ?? '');
    effects.push(
      effect(option, 'changed', deployment, 'envSet', {
        variable: variable.name,
        container: container.name,
        value,
      }),
    );
  }
  return effects;
}

export function secretEnv(name: string, secret: string, key: string): EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}
