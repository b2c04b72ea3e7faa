import { parse, stringify } from 'yaml';

import {
  defaultObjectStorageSecret,
  type InstanceCredentials,
  type ObjectStorage,
  type OptionEffect,
} from '../../../shared/provision/options';
import { AppError } from '../../../shared/errors';
import type { KubeObject } from '../object-ref';
import { effect } from './effects';
import { configMapData, findObject, isRecord } from './objects';
import {
  pipelinesApiServer,
  pipelinesConfig,
  pipelinesNamespace,
  putSecret,
  redirectSecretReferences,
  removeObjects,
  secretEnv,
  setDeploymentEnv,
} from './pipelines';

type ExternalS3 = Extract<ObjectStorage, { kind: 'external-s3' }>;

export interface ObjectStorageResult {
  objects: KubeObject[];
  effects: OptionEffect[];
  secrets: KubeObject[];
}

/** Names of the bundled MinIO's objects in upstream (minio, minio-service, minio-pvc) and in the sandbox bundle. */
function isBundledMinio(object: KubeObject): boolean {
  const name = object.metadata.name;
  const kinds = [
    'Deployment',
    'Service',
    'PersistentVolumeClaim',
    'ServiceAccount',
    'DestinationRule',
    'AuthorizationPolicy',
  ];
  return (
    kinds.includes(object.kind) &&
    (name === 'minio' || name.startsWith('minio-') || name === 'ml-pipeline-minio')
  );
}

function splitEndpoint(endpoint: string): { host: string; port: string } {
  const colon = endpoint.lastIndexOf(':');
  return colon === -1
    ? { host: endpoint, port: '' }
    : { host: endpoint.slice(0, colon), port: endpoint.slice(colon + 1) };
}

/** Rewrites Argo's artifact repository (ConfigMap workflow-controller-configmap) to the external bucket. */
function pointArgoAtBucket(
  objects: KubeObject[],
  namespace: string,
  storage: ExternalS3,
): OptionEffect[] {
  const configMap = findObject(objects, 'ConfigMap', namespace, 'workflow-controller-configmap');
  if (!configMap) return [];
  const data = configMapData(configMap);
  const current: unknown = data['artifactRepository'] ? parse(data['artifactRepository']) : {};
  const repository = isRecord(current) ? current : {};
  const previous = isRecord(repository['s3']) ? repository['s3'] : {};
  repository['s3'] = {
    ...previous,
    bucket: storage.bucket,
    endpoint: storage.endpoint,
    region: storage.region,
    insecure: !storage.secure,
    accessKeySecret: { name: storage.credentialsSecret, key: 'accesskey' },
    secretKeySecret: { name: storage.credentialsSecret, key: 'secretkey' },
  };
  data['artifactRepository'] = stringify(repository);
  return [
    effect('objectStorage', 'changed', configMap, 'configSet', {
      key: 'artifactRepository.s3',
      value: `${storage.endpoint}/${storage.bucket}`,
    }),
  ];
}

/**
 * Stores Pipelines artifacts in an external S3-compatible bucket: generates
 * the credentials Secret, points the Pipelines API server, its ConfigMap
 * and Argo at the bucket, and removes the bundled MinIO. Keeping the
 * bundled MinIO changes nothing.
 *
 * NOTE: Pipelines 2.x launchers read the bucket of each user namespace from
 * its `kfp-launcher` ConfigMap, which the profile controller writes at run
 * time. This option does not change that ConfigMap.
 */
export function applyObjectStorage(
  objects: KubeObject[],
  storage: ObjectStorage,
  credentials: InstanceCredentials['objectStorage'],
  instanceNamespace: string,
): ObjectStorageResult {
  if (storage.kind === 'bundled-minio') return { objects, effects: [], secrets: [] };
  if (!credentials) {
    throw new AppError(
      'invalid-request',
      'instanceOptionsObjectStorageCredentialsMissing',
      `External object storage ${storage.endpoint}/${storage.bucket} needs an access key ID and a ` +
        `secret access key. Enter both, or choose the bundled MinIO.`,
      { endpoint: storage.endpoint, bucket: storage.bucket },
    );
  }

  const namespace = pipelinesNamespace(objects, instanceNamespace);
  const effects: OptionEffect[] = [];
  const put = putSecret(
    objects,
    namespace,
    storage.credentialsSecret,
    { accesskey: credentials.accessKeyId, secretkey: credentials.secretAccessKey },
    'objectStorage',
    'storageSecretGenerated',
  );
  effects.push(...put.effects);
  const removed = removeObjects(
    put.objects,
    namespace,
    isBundledMinio,
    'objectStorage',
    'removedForExternalStorage',
  );
  effects.push(...removed.effects);
  const next = removed.objects;

  const config = findObject(next, 'ConfigMap', namespace, pipelinesConfig);
  if (config) {
    configMapData(config)['bucketName'] = storage.bucket;
    effects.push(
      effect('objectStorage', 'changed', config, 'configSet', {
        key: 'bucketName',
        value: storage.bucket,
      }),
    );
  }

  const { host, port } = splitEndpoint(storage.endpoint);
  effects.push(
    ...setDeploymentEnv(
      next,
      namespace,
      pipelinesApiServer,
      [
        { name: 'OBJECTSTORECONFIG_HOST', value: host },
        { name: 'OBJECTSTORECONFIG_PORT', value: port },
        { name: 'OBJECTSTORECONFIG_REGION', value: storage.region },
        { name: 'OBJECTSTORECONFIG_SECURE', value: String(storage.secure) },
        { name: 'OBJECTSTORECONFIG_BUCKETNAME', value: storage.bucket },
        secretEnv('OBJECTSTORECONFIG_ACCESSKEY', storage.credentialsSecret, 'accesskey'),
        secretEnv('OBJECTSTORECONFIG_SECRETACCESSKEY', storage.credentialsSecret, 'secretkey'),
      ],
      'objectStorage',
    ),
  );
  effects.push(
    ...redirectSecretReferences(
      next,
      namespace,
      defaultObjectStorageSecret,
      storage.credentialsSecret,
      'objectStorage',
    ),
  );
  effects.push(...pointArgoAtBucket(next, namespace, storage));
  return { objects: next, effects, secrets: [put.secret] };
}
