import {
  defaultDatabaseSecret,
  type Database,
  type InstanceCredentials,
  type OptionEffect,
} from '../../../shared/provision/options';
import { AppError } from '../../../shared/errors';
import type { KubeObject } from '../object-ref';
import { effect } from './effects';
import {
  configMapData,
  containersOf,
  findObject,
  podTemplateOf,
  removeEnv,
  setEnv,
} from './objects';
import {
  pipelinesConfig,
  pipelinesNamespace,
  putSecret,
  redirectSecretReferences,
  removeObjects,
  secretEnv,
} from './pipelines';

export interface DatabaseResult {
  objects: KubeObject[];
  effects: OptionEffect[];
  secrets: KubeObject[];
}

/** Tests whether an object is part of Pipelines' bundled MySQL: Deployment, Service and ServiceAccount `mysql`, PVC `mysql-pv-claim`. */
function isBundledMysql(object: KubeObject): boolean {
  const kinds = ['Deployment', 'Service', 'PersistentVolumeClaim', 'ServiceAccount'];
  return (
    kinds.includes(object.kind) &&
    (object.metadata.name === 'mysql' || object.metadata.name === 'mysql-pv-claim')
  );
}

/** Sets the root password of the bundled MySQL from the Secret instead of upstream's empty password. */
function protectBundledMysql(
  objects: KubeObject[],
  namespace: string,
  secret: string,
): OptionEffect[] {
  const deployment = findObject(objects, 'Deployment', namespace, 'mysql', 'apps');
  const template = deployment ? podTemplateOf(deployment) : null;
  const container = template ? containersOf(template.spec ?? {})[0] : undefined;
  if (!deployment || !container) return [];

  const effects: OptionEffect[] = [];
  if (removeEnv(container, 'MYSQL_ALLOW_EMPTY_PASSWORD')) {
    effects.push(
      effect('database', 'changed', deployment, 'envRemoved', {
        variable: 'MYSQL_ALLOW_EMPTY_PASSWORD',
        container: container.name,
      }),
    );
  }
  if (setEnv(container, secretEnv('MYSQL_ROOT_PASSWORD', secret, 'password'))) {
    effects.push(
      effect('database', 'changed', deployment, 'envSet', {
        variable: 'MYSQL_ROOT_PASSWORD',
        container: container.name,
        value: `Secret ${secret}/password`,
      }),
    );
  }
  return effects;
}

/**
 * Sets up the Pipelines database: a generated Secret with the user and
 * password, then either the bundled MySQL protected by that password or an
 * external MySQL (host and port in `pipeline-install-config`, the bundled
 * MySQL removed).
 *
 * NOTE: MySQL reads MYSQL_ROOT_PASSWORD only when it initialises an empty
 * volume, so on an existing volume the password stays what it was. Katib's
 * own database (`katib-mysql`) is not covered by this option.
 */
export function applyDatabase(
  objects: KubeObject[],
  database: Database,
  credentials: InstanceCredentials['database'],
  instanceNamespace: string,
): DatabaseResult {
  if (!credentials) {
    const where =
      database.kind === 'external-mysql'
        ? `${database.user}@${database.host}:${database.port}`
        : 'the bundled MySQL';
    throw new AppError(
      'invalid-request',
      'instanceOptionsDatabasePasswordMissing',
      `The database password for ${where} is missing. Enter the password, or generate one for the bundled MySQL.`,
      { database: where },
    );
  }

  const namespace = pipelinesNamespace(objects, instanceNamespace);
  const user = database.kind === 'external-mysql' ? database.user : 'root';
  const put = putSecret(
    objects,
    namespace,
    database.credentialsSecret,
    { username: user, password: credentials.password },
    'database',
    'databaseSecretGenerated',
  );
  const effects = [...put.effects];
  let next = put.objects;

  if (database.kind === 'bundled-mysql') {
    effects.push(...protectBundledMysql(next, namespace, database.credentialsSecret));
  } else {
    const removed = removeObjects(
      next,
      namespace,
      isBundledMysql,
      'database',
      'removedForExternalDatabase',
    );
    effects.push(...removed.effects);
    next = removed.objects;
    const config = findObject(next, 'ConfigMap', namespace, pipelinesConfig);
    if (config) {
      const data = configMapData(config);
      const settings: Record<string, string> = {
        dbHost: database.host,
        dbPort: String(database.port),
      };
      // Pipelines 2.4 (Kubeflow 1.10.0) also reads mysqlHost and mysqlPort where its ConfigMap has them.
      if ('mysqlHost' in data) settings['mysqlHost'] = database.host;
      if ('mysqlPort' in data) settings['mysqlPort'] = String(database.port);
      for (const [key, value] of Object.entries(settings)) {
        data[key] = value;
        effects.push(effect('database', 'changed', config, 'configSet', { key, value }));
      }
    }
  }

  effects.push(
    ...redirectSecretReferences(
      next,
      namespace,
      defaultDatabaseSecret,
      database.credentialsSecret,
      'database',
    ),
  );
  return { objects: next, effects, secrets: [put.secret] };
}
