import type { V1ClusterRole } from '@kubernetes/client-node';
import { stringify } from 'yaml';

import type {
  MatrixPreview,
  Verification,
  VerificationCell,
} from '../../shared/contract/areas/access';
import { ownerBindingName } from '../../shared/access/rules';
import { AppError } from '../../shared/errors';
import type { Release } from '../../shared/provision/instance';
import {
  clusterRoleName,
  compileMatrix,
  instanceLabel,
  managedByLabel,
  managedByValue,
  type CompiledClusterRole,
} from '../../shared/roles/compile';
import {
  matrixRoles,
  normalizeMatrix,
  permissions,
  type Matrix,
  type MatrixRole,
} from '../../shared/roles/permissions';
import { permissionMapping } from '../../shared/roles/rbac-mapping';
import { AccessCluster, fieldManager, requireAccess } from './access-cluster';
import type { InstanceTarget } from './access-service';
import { lineDiff } from './line-diff';
import type { AccessStore } from './access-store';

/** Synthetic user per role column, bound only inside the verification namespace. */
export function verificationSubject(instanceName: string, role: MatrixRole): string {
  return `verify-${role.toLowerCase()}@${instanceName}.kubeflow-desktop.invalid`;
}

export function verificationNamespace(instanceName: string): string {
  return `kfd-verify-${instanceName}`.slice(0, 63).replace(/-+$/, '');
}

/** Renders the rules of a ClusterRole, the fields the app owns, as YAML for the diff. */
function rulesYaml(rules: unknown): string {
  // Without aliases, because rules that share a verbs array would otherwise be
  // written as &a1 / *a1 and never equal the live role's YAML.
  return stringify({ rules: rules ?? [] }, { aliasDuplicateObjects: false });
}

/** Strips empty and default fields the API server adds, so a live role compares equal to the compiled one. */
function liveRules(role: V1ClusterRole | undefined): unknown[] {
  return (role?.rules ?? []).map((rule) => {
    const clean: Record<string, unknown> = {
      apiGroups: rule.apiGroups ?? [],
      resources: rule.resources ?? [],
      verbs: rule.verbs,
    };
    if (rule.resourceNames && rule.resourceNames.length > 0)
      clean.resourceNames = rule.resourceNames;
    return clean;
  });
}

/** Compiles, compares, applies and verifies the permission matrix of an instance. */
export class RolesService {
  constructor(private readonly store: AccessStore) {}

  async getMatrix(instanceKey: string) {
    return this.store.matrix(instanceKey);
  }

  async saveMatrix(instanceKey: string, matrix: Matrix): Promise<void> {
    await this.store.update(instanceKey, { matrix });
  }

  /** Applies the saved (or default) matrix and binds the owners when any of the instance's ClusterRoles is missing. */
  async ensureRoles(
    target: InstanceTarget,
    cluster: AccessCluster,
    release: Release,
    owners: readonly string[],
  ): Promise<void> {
    const list = await cluster.call('ClusterRoles', () =>
      cluster.rbac.listClusterRole(
        { labelSelector: `${managedByLabel}=${managedByValue},${instanceLabel}=${target.name}` },
        cluster.timeout,
      ),
    );
    if (list.items.length >= matrixRoles.length) return;
    const { matrix } = await this.store.matrix(target.key);
    await this.applyRoles(cluster, compileMatrix(matrix, release, target.name));
    await this.bindOwners(cluster, target, owners);
  }

  async preview(target: InstanceTarget, release: Release, matrix: Matrix): Promise<MatrixPreview> {
    const cluster = new AccessCluster(target.config);
    const compiled = compileMatrix(normalizeMatrix(matrix), release, target.name);
    const [live, roleBindings, clusterBindings] = await Promise.all([
      Promise.all(
        compiled.map((role) =>
          cluster.callUnlessNotFound(`ClusterRole ${role.metadata.name}`, () =>
            cluster.rbac.readClusterRole({ name: role.metadata.name }, cluster.timeout),
          ),
        ),
      ),
      cluster.call('RoleBindings', () =>
        cluster.rbac.listRoleBindingForAllNamespaces({}, cluster.timeout),
      ),
      cluster.call('ClusterRoleBindings', () =>
        cluster.rbac.listClusterRoleBinding({}, cluster.timeout),
      ),
    ]);
    const bindingCount = new Map<string, number>();
    for (const binding of [...roleBindings.items, ...clusterBindings.items]) {
      if (binding.roleRef.kind !== 'ClusterRole') continue;
      bindingCount.set(binding.roleRef.name, (bindingCount.get(binding.roleRef.name) ?? 0) + 1);
    }

    const roles = compiled.map((role, index) => {
      const current = live[index];
      const before = current ? rulesYaml(liveRules(current)) : '';
      const after = rulesYaml(role.rules);
      let outcome: 'create' | 'update' | 'unchanged' = 'update';
      if (current === undefined) outcome = 'create';
      else if (before === after) outcome = 'unchanged';
      return {
        role: matrixRoles[index]!,
        clusterRole: role.metadata.name,
        outcome,
        diff: outcome === 'unchanged' ? '' : lineDiff(before, after),
        bindings: bindingCount.get(role.metadata.name) ?? 0,
      };
    });
    return {
      yaml: compiled.map((role) => stringify(role, { aliasDuplicateObjects: false })).join('---\n'),
      roles,
    };
  }

  /**
   * Applies the compiled ClusterRoles and makes sure every owner in the
   * record has a ClusterRoleBinding to the Owner column's ClusterRole.
   */
  async apply(
    target: InstanceTarget,
    release: Release,
    matrix: Matrix,
    owners: readonly string[],
  ): Promise<MatrixPreview> {
    const cluster = new AccessCluster(target.config);
    const compiled = compileMatrix(normalizeMatrix(matrix), release, target.name);
    await requireAccess(
      cluster,
      'apply the permission matrix',
      compiled.flatMap((role) => [
        {
          group: 'rbac.authorization.k8s.io',
          resource: 'clusterroles',
          verb: 'patch',
          name: role.metadata.name,
        },
        { group: 'rbac.authorization.k8s.io', resource: 'clusterroles', verb: 'create' },
      ]),
    );
    await this.applyRoles(cluster, compiled);
    await this.bindOwners(cluster, target, owners);
    await this.store.update(target.key, { matrix });
    return this.preview(target, release, matrix);
  }

  async bindOwners(
    cluster: AccessCluster,
    target: InstanceTarget,
    owners: readonly string[],
  ): Promise<void> {
    const labels = { [managedByLabel]: managedByValue, [instanceLabel]: target.name };
    for (const owner of owners) {
      const name = ownerBindingName(target.name, owner);
      await cluster.call(`ClusterRoleBinding ${name}`, () =>
        cluster.rbac.patchClusterRoleBinding(
          {
            name,
            body: {
              apiVersion: 'rbac.authorization.k8s.io/v1',
              kind: 'ClusterRoleBinding',
              metadata: { name, labels, annotations: { user: owner, role: 'owner' } },
              roleRef: {
                apiGroup: 'rbac.authorization.k8s.io',
                kind: 'ClusterRole',
                name: clusterRoleName(target.name, 'owner'),
              },
              subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: owner }],
            },
            fieldManager,
            force: true,
          },
          cluster.apply,
        ),
      );
    }
  }

  private async applyRoles(cluster: AccessCluster, compiled: CompiledClusterRole[]): Promise<void> {
    for (const role of compiled) {
      await cluster.call(`ClusterRole ${role.metadata.name}`, () =>
        cluster.rbac.patchClusterRole(
          { name: role.metadata.name, body: role, fieldManager, force: true },
          cluster.apply,
        ),
      );
    }
  }

  /**
   * Checks every permission of every role column with SubjectAccessReviews.
   * The Owner column is checked as the first owner (bound cluster-wide); the
   * other columns as a synthetic user bound to the column's ClusterRole in a
   * verification namespace, or as a real member where one exists, so a second
   * binding that grants more shows up as a mismatch.
   */
  async verify(
    target: InstanceTarget,
    matrix: Matrix,
    release: Release,
    owners: string[],
    samples: Partial<Record<MatrixRole, { user: string; namespace: string }>>,
  ): Promise<Verification> {
    const cluster = new AccessCluster(target.config);
    const normalized = normalizeMatrix(matrix);
    const namespace = verificationNamespace(target.name);
    await this.prepareVerification(cluster, target);

    const subjects = Object.fromEntries(
      matrixRoles.map((role) => {
        if (role === 'owner') return [role, { user: owners[0] ?? '', namespace }];
        return [role, samples[role] ?? { user: verificationSubject(target.name, role), namespace }];
      }),
    ) as Record<MatrixRole, { user: string; namespace: string }>;

    const jobs: (() => Promise<VerificationCell>)[] = [];
    for (const role of matrixRoles) {
      for (const permission of permissions) {
        jobs.push(async () => {
          const subject = subjects[role];
          const intended = normalized[role].includes(permission);
          const mapping = permissionMapping(release, permission);
          const answers = await Promise.all(
            mapping.probes.map((probe) =>
              cluster.may(subject.user, {
                group: probe.group,
                resource: probe.resource,
                verb: probe.verb,
                namespace: probe.cluster ? undefined : subject.namespace,
              }),
            ),
          );
          const effective = answers.every(Boolean);
          const failedChecks = mapping.probes
            .filter((_, index) => answers[index] !== intended)
            .map(
              (probe) =>
                `${probe.verb} ${probe.group ? `${probe.resource}.${probe.group}` : probe.resource}`,
            );
          return { role, permission, subject: subject.user, intended, effective, failedChecks };
        });
      }
    }
    const cells = await runLimited(jobs, 8);
    return {
      namespace,
      cells,
      mismatches: cells.filter((cell) => cell.failedChecks.length > 0).length,
      checkedAt: new Date().toISOString(),
    };
  }

  /** Creates the verification namespace and one RoleBinding per non-owner column for its synthetic user. */
  private async prepareVerification(cluster: AccessCluster, target: InstanceTarget): Promise<void> {
    const namespace = verificationNamespace(target.name);
    const labels = { [managedByLabel]: managedByValue, [instanceLabel]: target.name };
    await cluster.call(`namespace ${namespace}`, () =>
      cluster.core.patchNamespace(
        {
          name: namespace,
          body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } },
          fieldManager,
          force: true,
        },
        cluster.apply,
      ),
    );
    for (const role of matrixRoles) {
      if (role === 'owner') continue;
      const name = `verify-${role.toLowerCase()}`;
      await cluster.call(`RoleBinding ${name}`, () =>
        cluster.rbac.patchNamespacedRoleBinding(
          {
            name,
            namespace,
            body: {
              apiVersion: 'rbac.authorization.k8s.io/v1',
              kind: 'RoleBinding',
              metadata: { name, namespace, labels },
              roleRef: {
                apiGroup: 'rbac.authorization.k8s.io',
                kind: 'ClusterRole',
                name: clusterRoleName(target.name, role),
              },
              subjects: [
                {
                  apiGroup: 'rbac.authorization.k8s.io',
                  kind: 'User',
                  name: verificationSubject(target.name, role),
                },
              ],
            },
            fieldManager,
            force: true,
          },
          cluster.apply,
        ),
      );
    }
  }
}

async function runLimited<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results = new Array<T>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

export function assertRelease(value: string): Release {
  if (value === '1.8.0' || value === '1.10.0') return value;
  throw new AppError('invalid-request', 'releaseUnknown', `Release ${value} is not known.`, {
    release: value,
  });
}
