import { CoreV1Api, RbacAuthorizationV1Api, type KubeConfig } from '@kubernetes/client-node';

import { AppError } from '../../shared/errors';
import { withTimeout } from '../kube/client';
import { classifyKubeError, type CallTarget } from '../kube/kube-errors';
import { fieldManager, instanceLabel, managedByLabel } from './instance-record';

/** Timeout of each cleanup call, in milliseconds. */
const timeoutMs = 15_000;

/** Objects the cleanup deleted, by kind. */
export interface AccessCleanup {
  clusterRoles: string[];
  clusterRoleBindings: string[];
  /** Namespaces whose deletion started: users', groups' and the verification namespace. */
  namespaces: string[];
}

/**
 * Deletes what the Access and Roles screens created for an instance and
 * labelled with it: the role columns' ClusterRoles, the owners'
 * ClusterRoleBindings, and the namespaces of users and groups and of the
 * verification (their RoleBindings go with them). These objects are not in
 * the inventory, because they are made after the install. Objects without
 * both labels are never touched.
 */
export async function deleteAccessObjects(
  config: KubeConfig,
  instance: string,
  target: CallTarget,
): Promise<AccessCleanup> {
  const labelSelector = `${managedByLabel}=${fieldManager},${instanceLabel}=${instance}`;
  const rbac = config.makeApiClient(RbacAuthorizationV1Api);
  const core = config.makeApiClient(CoreV1Api);
  const timeout = withTimeout(timeoutMs);
  const call = async <T>(resource: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw classifyKubeError(error, { ...target, resource }, timeoutMs);
    }
  };

  const bindings = await call('ClusterRoleBindings', () =>
    rbac.listClusterRoleBinding({ labelSelector }, timeout),
  );
  const roles = await call('ClusterRoles', () => rbac.listClusterRole({ labelSelector }, timeout));
  const namespaces = await call('namespaces', () => core.listNamespace({ labelSelector }, timeout));

  const done: AccessCleanup = { clusterRoles: [], clusterRoleBindings: [], namespaces: [] };
  for (const binding of bindings.items) {
    const name = binding.metadata?.name ?? '';
    await call(`ClusterRoleBinding ${name}`, () =>
      rbac.deleteClusterRoleBinding({ name }, timeout),
    );
    done.clusterRoleBindings.push(name);
  }
  for (const role of roles.items) {
    const name = role.metadata?.name ?? '';
    await call(`ClusterRole ${name}`, () => rbac.deleteClusterRole({ name }, timeout));
    done.clusterRoles.push(name);
  }
  for (const namespace of namespaces.items) {
    const name = namespace.metadata?.name ?? '';
    if (namespace.status?.phase === 'Terminating') continue;
    await call(`namespace ${name}`, () => core.deleteNamespace({ name }, timeout));
    done.namespaces.push(name);
  }
  return done;
}
