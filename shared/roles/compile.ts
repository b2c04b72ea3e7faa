import type { Release } from '../provision/instance';
import { matrixRoles, permissions, type Matrix, type MatrixRole } from './permissions';
import { permissionMapping, type RbacRule } from './rbac-mapping';

export const managedByLabel = 'app.kubernetes.io/managed-by';
export const managedByValue = 'kubeflow-desktop';
export const instanceLabel = 'kubeflow-desktop.io/instance';
export const matrixRoleLabel = 'kubeflow-desktop.io/matrix-role';

const roleSlugs: Record<MatrixRole, string> = {
  owner: 'owner',
  user: 'user',
  groupAdmin: 'group-admin',
  groupEdit: 'group-edit',
  groupView: 'group-view',
};

/** Name of the ClusterRole a role column compiles to, such as kubeflow-desktop-team-group-view. */
export function clusterRoleName(instanceName: string, role: MatrixRole): string {
  return `kubeflow-desktop-${instanceName}-${roleSlugs[role]}`;
}

export interface CompiledClusterRole {
  apiVersion: 'rbac.authorization.k8s.io/v1';
  kind: 'ClusterRole';
  metadata: { name: string; labels: Record<string, string> };
  rules: RbacRule[];
}

/**
 * Rules only the Owner column has: owners manage users, groups, group users
 * and the instance record, so they need the objects behind those actions.
 */
function ownerManagementRules(): RbacRule[] {
  const all = ['*'];
  return [
    { apiGroups: ['kubeflow.org'], resources: ['profiles'], verbs: all },
    { apiGroups: [''], resources: ['namespaces', 'configmaps'], verbs: all },
    {
      apiGroups: ['rbac.authorization.k8s.io'],
      resources: ['rolebindings', 'clusterrolebindings'],
      verbs: all,
    },
    {
      apiGroups: ['rbac.authorization.k8s.io'],
      resources: ['clusterroles'],
      verbs: ['get', 'list', 'watch', 'bind'],
    },
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
  ];
}

/** A group admin who manages group users may bind the group roles; RBAC checks `bind` on the roleRef. */
function bindGroupRolesRule(instanceName: string): RbacRule & { resourceNames: string[] } {
  return {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['clusterroles'],
    verbs: ['bind'],
    resourceNames: (['groupAdmin', 'groupEdit', 'groupView'] as const).map((role) =>
      clusterRoleName(instanceName, role),
    ),
  };
}

/** Compiles one role column into its ClusterRole's rules, in the matrix's row order. */
export function compileRules(
  matrix: Matrix,
  role: MatrixRole,
  release: Release,
  instanceName: string,
): RbacRule[] {
  const granted = permissions.filter((permission) => matrix[role].includes(permission));
  const rules: RbacRule[] = granted.flatMap((permission) =>
    permissionMapping(release, permission).rules.map((each) => ({
      apiGroups: [...each.apiGroups],
      resources: [...each.resources],
      verbs: [...each.verbs],
    })),
  );
  if (role === 'owner') rules.push(...ownerManagementRules());
  else if (granted.includes('manageGroupUsers')) rules.push(bindGroupRolesRule(instanceName));
  return rules;
}

/** Compiles every role column into a ClusterRole labelled as managed by the app. */
export function compileMatrix(
  matrix: Matrix,
  release: Release,
  instanceName: string,
): CompiledClusterRole[] {
  return matrixRoles.map((role) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {
      name: clusterRoleName(instanceName, role),
      labels: {
        [managedByLabel]: managedByValue,
        [instanceLabel]: instanceName,
        [matrixRoleLabel]: roleSlugs[role],
      },
    },
    rules: compileRules(matrix, role, release, instanceName),
  }));
}
