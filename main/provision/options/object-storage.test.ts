import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { ObjectStorageSchema } from '../../../shared/provision/options';
import { applyObjectStorage } from './object-storage';
import { podTemplateOf } from './objects';
import { findIn, pipelinesObjects, secretValues } from './upstream-fixtures';

function keys() {
  return {
    accessKeyId: randomBytes(8).toString('hex'),
    secretAccessKey: randomBytes(16).toString('base64url'),
  };
}

const external = ObjectStorageSchema.parse({
  kind: 'external-s3',
  endpoint: 's3.eu-west-1.example.com:9443',
  bucket: 'team-artifacts',
  region: 'eu-west-1',
});

describe('applyObjectStorage', () => {
  it('changes nothing for the bundled MinIO', () => {
    const objects = pipelinesObjects();

    const result = applyObjectStorage(objects, { kind: 'bundled-minio' }, null, 'kubeflow');

    expect(result.objects).toBe(objects);
    expect(result.effects).toEqual([]);
  });

  it('generates the credentials Secret', () => {
    const credentials = keys();

    const result = applyObjectStorage(pipelinesObjects(), external, credentials, 'kubeflow');

    const secret = findIn(result.objects, 'Secret', 'mlpipeline-minio-artifact');
    expect(secretValues(secret)).toEqual({
      accesskey: credentials.accessKeyId,
      secretkey: credentials.secretAccessKey,
    });
    expect(secret?.['stringData']).toBeUndefined();
    expect(JSON.stringify(result.effects)).not.toContain(credentials.secretAccessKey);
  });

  it('removes the bundled MinIO', () => {
    const result = applyObjectStorage(pipelinesObjects(), external, keys(), 'kubeflow');

    expect(findIn(result.objects, 'Deployment', 'minio')).toBeUndefined();
    expect(findIn(result.objects, 'Service', 'minio-service')).toBeUndefined();
    expect(findIn(result.objects, 'PersistentVolumeClaim', 'minio-pvc')).toBeUndefined();
    expect(findIn(result.objects, 'Deployment', 'mysql')).toBeDefined();
  });

  it('points the API server at the bucket', () => {
    const result = applyObjectStorage(pipelinesObjects(), external, keys(), 'kubeflow');

    const server = findIn(result.objects, 'Deployment', 'ml-pipeline');
    const env = Object.fromEntries(
      (server ? (podTemplateOf(server)?.spec?.containers?.[0]?.env ?? []) : []).map((entry) => [
        entry.name,
        entry.value ?? entry.valueFrom,
      ]),
    );
    expect(env).toMatchObject({
      OBJECTSTORECONFIG_HOST: 's3.eu-west-1.example.com',
      OBJECTSTORECONFIG_PORT: '9443',
      OBJECTSTORECONFIG_REGION: 'eu-west-1',
      OBJECTSTORECONFIG_SECURE: 'true',
      OBJECTSTORECONFIG_BUCKETNAME: 'team-artifacts',
    });
    expect(findIn(result.objects, 'ConfigMap', 'pipeline-install-config')?.['data']).toMatchObject({
      bucketName: 'team-artifacts',
    });
  });

  it('points Argo at the bucket', () => {
    const result = applyObjectStorage(
      pipelinesObjects(),
      { ...external, credentialsSecret: 'team-s3' },
      keys(),
      'kubeflow',
    );

    const data = findIn(result.objects, 'ConfigMap', 'workflow-controller-configmap')?.[
      'data'
    ] as Record<string, string>;
    const repository = parse(data['artifactRepository'] ?? '') as {
      archiveLogs: boolean;
      s3: Record<string, unknown>;
    };
    expect(repository.archiveLogs).toBe(true);
    expect(repository.s3).toMatchObject({
      endpoint: 's3.eu-west-1.example.com:9443',
      bucket: 'team-artifacts',
      insecure: false,
      keyFormat: 'artifacts/{{workflow.name}}',
      accessKeySecret: { name: 'team-s3', key: 'accesskey' },
    });
  });

  it('rejects missing keys', () => {
    expect(() => applyObjectStorage(pipelinesObjects(), external, null, 'kubeflow')).toThrow(
      /s3\.eu-west-1\.example\.com:9443\/team-artifacts/,
    );
  });
});
