import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { AppError } from '../../../shared/errors';
import { DatabaseSchema } from '../../../shared/provision/options';
import { applyDatabase } from './database';
import { podTemplateOf } from './objects';
import { findIn, pipelinesObjects, secretValues } from './upstream-fixtures';

const password = () => randomBytes(12).toString('base64url');

describe('applyDatabase', () => {
  it('protects the bundled MySQL with the password', () => {
    const secret = password();

    const result = applyDatabase(
      pipelinesObjects(),
      DatabaseSchema.parse({ kind: 'bundled-mysql' }),
      { password: secret },
      'kubeflow',
    );

    expect(secretValues(findIn(result.objects, 'Secret', 'mysql-secret'))).toEqual({
      username: 'root',
      password: secret,
    });
    const mysql = findIn(result.objects, 'Deployment', 'mysql');
    const env = mysql ? podTemplateOf(mysql)?.spec?.containers?.[0]?.env : undefined;
    expect(env).toEqual([
      {
        name: 'MYSQL_ROOT_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'mysql-secret', key: 'password' } },
      },
    ]);
    expect(result.secrets.map((entry) => entry.metadata.name)).toEqual(['mysql-secret']);
  });

  it('keeps the password out of effects', () => {
    const secret = password();

    const result = applyDatabase(
      pipelinesObjects(),
      DatabaseSchema.parse({ kind: 'bundled-mysql' }),
      { password: secret },
      'kubeflow',
    );

    expect(JSON.stringify(result.effects)).not.toContain(secret);
  });

  it('points Pipelines at an external MySQL', () => {
    const options = DatabaseSchema.parse({
      kind: 'external-mysql',
      host: 'mysql.db.svc',
      port: 3307,
      user: 'kfp',
    });

    const result = applyDatabase(pipelinesObjects(), options, { password: password() }, 'kubeflow');

    expect(findIn(result.objects, 'Deployment', 'mysql')).toBeUndefined();
    expect(findIn(result.objects, 'Service', 'mysql')).toBeUndefined();
    expect(findIn(result.objects, 'PersistentVolumeClaim', 'mysql-pv-claim')).toBeUndefined();
    expect(findIn(result.objects, 'ConfigMap', 'pipeline-install-config')?.['data']).toMatchObject({
      dbHost: 'mysql.db.svc',
      dbPort: '3307',
    });
    expect(secretValues(findIn(result.objects, 'Secret', 'mysql-secret'))['username']).toBe('kfp');
    expect(result.effects.filter((entry) => entry.action === 'removed')).toHaveLength(3);
  });

  it('renames Secret references', () => {
    const options = DatabaseSchema.parse({
      kind: 'external-mysql',
      host: '10.0.0.5',
      user: 'kfp',
      credentialsSecret: 'kfp-db',
    });

    const result = applyDatabase(pipelinesObjects(), options, { password: password() }, 'kubeflow');

    const grpc = findIn(result.objects, 'Deployment', 'metadata-grpc-deployment');
    const env = grpc ? podTemplateOf(grpc)?.spec?.containers?.[0]?.env : [];
    expect(env?.map((entry) => entry.valueFrom?.secretKeyRef?.name)).toEqual(['kfp-db', 'kfp-db']);
    expect(findIn(result.objects, 'Secret', 'kfp-db')).toBeDefined();
  });

  it('rejects a missing password', () => {
    const options = DatabaseSchema.parse({
      kind: 'external-mysql',
      host: 'mysql.db.svc',
      user: 'kfp',
    });

    const run = () => applyDatabase(pipelinesObjects(), options, null, 'kubeflow');

    expect(run).toThrow(AppError);
    expect(run).toThrow('kfp@mysql.db.svc:3306');
  });

  it('leaves the input objects unchanged', () => {
    const objects = pipelinesObjects();
    const before = JSON.stringify(objects);

    applyDatabase(
      objects,
      DatabaseSchema.parse({ kind: 'external-mysql', host: 'db', user: 'kfp' }),
      { password: password() },
      'kubeflow',
    );

    expect(JSON.stringify(objects.map((object) => object.metadata.name))).toBe(
      JSON.stringify(
        JSON.parse(before).map((object: { metadata: { name: string } }) => object.metadata.name),
      ),
    );
  });
});
