import type { KubeConfig, V1Namespace, V1RoleBinding } from '@kubernetes/client-node';

import {
  chooseBindingName,
  emailKey,
  isValidEmail,
  isValidNamespaceName,
  ownerBindingName,
  sameEmail,
  type GroupRole,
} from '../../shared/access/rules';
import type {
  AccessOverview,
  BulkResult,
  MemberRow,
  OwnerRow,
  ProfileRow,
  Quota,
} from '../../shared/contract/areas/access';
import { AppError } from '../../shared/errors';
import { parseInstanceKey } from '../../shared/provision/instance-key';
import { OwnersSchema, type InstanceRecord } from '../../shared/provision/instance';
import {
  clusterRoleName,
  instanceLabel,
  managedByLabel,
  managedByValue,
} from '../../shared/roles/compile';
import type { MatrixRole } from '../../shared/roles/permissions';
import { readRecord, writeRecord } from '../provision/inventory';
import {
  AccessCluster,
  authorizationPolicyResource,
  fieldManager,
  profileResource,
  requireAccess,
  type AccessQuestion,
} from './access-cluster';
import type { AccessStore } from './access-store';
import {
  displayNameAnnotation,
  namespaceAdminBinding,
  profileObject,
  profileRow,
  quotaHard,
  storageClassAnnotation,
  userRoleBinding,
  type ProfileObject,
} from './profiles';
import type { RolesService } from './roles-service';

const profileCrdName = 'profiles.kubeflow.org';
const authorizationPolicyCrdName = 'authorizationpolicies.security.istio.io';
const groupClusterRole: Record<GroupRole, MatrixRole> = {
  admin: 'groupAdmin',
  edit: 'groupEdit',
  view: 'groupView',
};
const ingressPrincipals = [
  'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
  'cluster.local/ns/kubeflow/sa/ml-pipeline-ui',
];

/** An instance's key, context, namespace and name, with a client configuration for its context. */
export interface InstanceTarget {
  key: string;
  contextId: string;
  namespace: string;
  name: string;
  config: KubeConfig;
}

/** Builds a client configuration for a context id. */
export type ConfigFor = (contextId: string) => Promise<KubeConfig>;

/** Current cluster state that the overview and the changes read. */
interface ClusterState {
  profiles: ProfileObject[];
  namespaces: Map<string, V1Namespace>;
  bindings: V1RoleBinding[];
  ownerBindings: Set<string>;
  policies: Set<string>;
  profileCrd: boolean;
  istio: boolean;
}

/**
 * Owners, users, groups and group users of an instance, mapped onto
 * Profiles, namespaces, RoleBindings and AuthorizationPolicies.
 *
 * An owner is a ClusterRoleBinding to the Owner column's ClusterRole plus an
 * entry in the instance record's spec.owners. A user is a Profile owned by
 * the email, with a RoleBinding to the User column's ClusterRole in its
 * namespace. A group is a Profile owned by the first instance owner. A group
 * user is a RoleBinding named as Kubeflow's access management names
 * contributors, with the `user` and `role` annotations.
 */
export class AccessService {
  constructor(
    private readonly configFor: ConfigFor,
    private readonly store: AccessStore,
    private readonly roles: RolesService,
    private readonly emitProgress: (payload: {
      operationId: string;
      done: number;
      total: number;
      failed: number;
    }) => void,
  ) {}

  async target(instanceKey: string): Promise<InstanceTarget> {
    const parts = parseInstanceKey(instanceKey);
    if (!parts) {
      throw new AppError(
        'invalid-request',
        'accessInstanceKeyInvalid',
        `"${instanceKey}" is not an instance key.`,
        {
          key: instanceKey,
        },
      );
    }
    return { key: instanceKey, ...parts, config: await this.configFor(parts.contextId) };
  }

  private async record(target: InstanceTarget): Promise<InstanceRecord> {
    return readRecord(target.config, target.namespace, target.name);
  }

  private async readState(cluster: AccessCluster, instanceName: string): Promise<ClusterState> {
    const [profileCrd, istio] = await Promise.all([
      cluster.hasCrd(profileCrdName),
      cluster.hasCrd(authorizationPolicyCrdName),
    ]);
    const [profiles, namespaces, bindings, ownerBindings, policies] = await Promise.all([
      profileCrd
        ? cluster
            .call('Profiles', () =>
              cluster.custom.listClusterCustomObject(profileResource, cluster.timeout),
            )
            .then((list) => (list as { items?: ProfileObject[] }).items ?? [])
        : Promise.resolve([]),
      cluster.call('namespaces', () => cluster.core.listNamespace({}, cluster.timeout)),
      listAllRoleBindings(cluster),
      cluster.call('ClusterRoleBindings', () =>
        cluster.rbac.listClusterRoleBinding(
          { labelSelector: `${managedByLabel}=${managedByValue},${instanceLabel}=${instanceName}` },
          cluster.timeout,
        ),
      ),
      istio
        ? cluster
            .call('AuthorizationPolicies', () =>
              cluster.custom.listCustomObjectForAllNamespaces(
                authorizationPolicyResource,
                cluster.timeout,
              ),
            )
            .then(
              (list) =>
                (list as { items?: { metadata?: { namespace?: string; name?: string } }[] })
                  .items ?? [],
            )
        : Promise.resolve([]),
    ]);
    return {
      profiles: profiles.filter((profile) => !profile.metadata?.deletionTimestamp),
      namespaces: new Map(
        namespaces.items.map((namespace) => [namespace.metadata?.name ?? '', namespace]),
      ),
      bindings,
      ownerBindings: new Set(ownerBindings.items.map((binding) => binding.metadata?.name ?? '')),
      policies: new Set(
        policies.map((policy) => `${policy.metadata?.namespace}/${policy.metadata?.name}`),
      ),
      profileCrd,
      istio,
    };
  }

  /** Reads everything the Access screen shows for an instance. */
  async overview(instanceKey: string): Promise<AccessOverview> {
    const target = await this.target(instanceKey);
    const cluster = new AccessCluster(target.config);
    const [record, state, prefixes] = await Promise.all([
      this.record(target),
      this.readState(cluster, target.name),
      this.store.prefixes(instanceKey),
    ]);
    const now = Date.now();

    const adminBindings = new Map<string, V1RoleBinding>();
    for (const binding of state.bindings) {
      if (binding.metadata?.name === namespaceAdminBinding)
        adminBindings.set(binding.metadata.namespace ?? '', binding);
    }
    const rows = state.profiles.map((profile) => {
      const name = profile.metadata?.name ?? '';
      return profileRow(profile, state.namespaces.get(name), adminBindings.get(name), now);
    });
    const users = rows.filter((row) => row.kind === 'user');
    const groups = rows.filter((row) => row.kind === 'group');

    const owners: OwnerRow[] = record.spec.owners.map((email) => {
      const bindingName = ownerBindingName(target.name, email);
      return { email, bindingName, bound: state.ownerBindings.has(bindingName) };
    });

    return {
      instanceKey,
      instanceName: target.name,
      release: record.spec.release,
      profileCrd: state.profileCrd,
      istio: state.istio,
      owners,
      users,
      groups,
      members: membersOf(state, groups, users),
      prefixes,
      asOf: new Date(now).toISOString(),
    };
  }

  // ---- owners

  async addOwner(instanceKey: string, email: string): Promise<string[]> {
    const target = await this.target(instanceKey);
    const cluster = new AccessCluster(target.config);
    const record = await this.record(target);
    const owners = checkOwners([...record.spec.owners, email.trim()]);
    const bindingName = ownerBindingName(target.name, email);
    const ownerRole = clusterRoleName(target.name, 'owner');

    await requireAccess(cluster, 'add an owner', [
      { group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', verb: 'create' },
      {
        group: 'rbac.authorization.k8s.io',
        resource: 'clusterroles',
        verb: 'bind',
        name: ownerRole,
      },
      { group: '', resource: 'configmaps', verb: 'patch', namespace: target.namespace },
    ]);
    await this.roles.ensureRoles(target, cluster, record.spec.release, record.spec.owners);

    // The binding comes first and is removed again when the record cannot be
    // written, so a failure leaves neither a stale admin nor a record without one.
    await cluster.call(`ClusterRoleBinding ${bindingName}`, () =>
      cluster.rbac.createClusterRoleBinding(
        {
          body: {
            metadata: {
              name: bindingName,
              labels: { [managedByLabel]: managedByValue, [instanceLabel]: target.name },
              annotations: { user: email.trim(), role: 'owner' },
            },
            roleRef: {
              apiGroup: 'rbac.authorization.k8s.io',
              kind: 'ClusterRole',
              name: ownerRole,
            },
            subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: email.trim() }],
          },
          fieldManager,
        },
        cluster.timeout,
      ),
    );
    try {
      await this.writeOwners(target, record, owners);
    } catch (error) {
      await cluster
        .callUnlessNotFound(`ClusterRoleBinding ${bindingName}`, () =>
          cluster.rbac.deleteClusterRoleBinding({ name: bindingName }, cluster.timeout),
        )
        .catch(() => undefined);
      throw error;
    }
    return owners;
  }

  async removeOwner(instanceKey: string, email: string): Promise<string[]> {
    const target = await this.target(instanceKey);
    const cluster = new AccessCluster(target.config);
    const record = await this.record(target);
    const current = record.spec.owners.find((owner) => sameEmail(owner, email));
    if (current === undefined) {
      throw new AppError(
        'not-found',
        'ownerNotFound',
        `${email} is not an owner of instance ${target.name}.`,
        {
          email,
          instance: target.name,
        },
      );
    }
    const owners = record.spec.owners.filter((owner) => !sameEmail(owner, email));
    if (owners.length === 0) {
      throw new AppError(
        'invalid-request',
        'lastOwner',
        `${current} is the last owner of instance ${target.name} and cannot be removed. Add another owner first.`,
        { email: current, instance: target.name },
      );
    }
    const bindingName = ownerBindingName(target.name, current);
    await requireAccess(cluster, 'remove an owner', [
      {
        group: 'rbac.authorization.k8s.io',
        resource: 'clusterrolebindings',
        verb: 'delete',
        name: bindingName,
      },
      { group: '', resource: 'configmaps', verb: 'patch', namespace: target.namespace },
    ]);

    await this.writeOwners(target, record, owners);
    await cluster.callUnlessNotFound(`ClusterRoleBinding ${bindingName}`, () =>
      cluster.rbac.deleteClusterRoleBinding({ name: bindingName }, cluster.timeout),
    );
    return owners;
  }

  /** Writes only spec.owners into the record, with a new generation; the rest stays as read. */
  private async writeOwners(
    target: InstanceTarget,
    record: InstanceRecord,
    owners: string[],
  ): Promise<void> {
    const next: InstanceRecord = {
      ...record,
      spec: { ...record.spec, owners },
      updatedAt: new Date().toISOString(),
      generation: record.generation + 1,
    };
    await writeRecord(target.config, next);
  }

  // ---- users and groups

  async createUser(input: {
    instanceKey: string;
    email: string;
    namespace: string;
    quota?: Quota;
    storageClass?: string | null;
  }): Promise<ProfileRow> {
    const email = input.email.trim();
    if (!isValidEmail(email)) throw invalidEmail(email);
    return this.createProfile(input.instanceKey, {
      kind: 'user',
      owner: email,
      displayName: email,
      namespace: input.namespace,
      quota: input.quota,
      storageClass: input.storageClass ?? null,
    });
  }

  async createGroup(input: {
    instanceKey: string;
    displayName: string;
    namespace: string;
    quota?: Quota;
    storageClass?: string | null;
  }): Promise<ProfileRow> {
    const target = await this.target(input.instanceKey);
    const record = await this.record(target);
    return this.createProfile(input.instanceKey, {
      kind: 'group',
      owner: record.spec.owners[0] ?? '',
      displayName: input.displayName.trim(),
      namespace: input.namespace,
      quota: input.quota,
      storageClass: input.storageClass ?? null,
    });
  }

  private async createProfile(
    instanceKey: string,
    input: {
      kind: 'user' | 'group';
      owner: string;
      displayName: string;
      namespace: string;
      quota?: Quota;
      storageClass: string | null;
    },
  ): Promise<ProfileRow> {
    const target = await this.target(instanceKey);
    const cluster = new AccessCluster(target.config);
    const name = input.namespace;
    if (!isValidNamespaceName(name)) {
      throw new AppError(
        'invalid-request',
        'namespaceInvalid',
        `Namespace "${name}" is invalid. Use at most 63 lowercase letters a-z, digits and '-', starting and ending with a letter or digit.`,
        { namespace: name },
      );
    }
    const profile = profileObject({ ...input, name, instanceName: target.name });
    const record = await this.record(target);

    await this.requireProfileCrd(cluster);
    const userRole = clusterRoleName(target.name, 'user');
    const questions: AccessQuestion[] = [
      { group: 'kubeflow.org', resource: 'profiles', verb: 'create' },
      { group: '', resource: 'namespaces', verb: 'create' },
      { group: '', resource: 'namespaces', verb: 'delete', name },
    ];
    if (input.kind === 'user') {
      questions.push(
        {
          group: 'rbac.authorization.k8s.io',
          resource: 'rolebindings',
          verb: 'create',
          namespace: name,
        },
        {
          group: 'rbac.authorization.k8s.io',
          resource: 'clusterroles',
          verb: 'bind',
          name: userRole,
        },
      );
    }
    await requireAccess(cluster, `create the profile ${name}`, questions);

    const existing = await cluster.callUnlessNotFound(`Profile ${name}`, () =>
      cluster.custom.getClusterCustomObject({ ...profileResource, name }, cluster.timeout),
    );
    if (existing) {
      throw new AppError(
        'conflict',
        'profileExists',
        `A profile named ${name} already exists. Choose another namespace name.`,
        {
          namespace: name,
        },
      );
    }
    if (input.kind === 'user') {
      const profiles = await cluster.call('Profiles', () =>
        cluster.custom.listClusterCustomObject(profileResource, cluster.timeout),
      );
      const same = ((profiles as { items?: ProfileObject[] }).items ?? []).find(
        (other) =>
          other.metadata?.labels?.['kubeflow-desktop.io/profile-kind'] !== 'group' &&
          sameEmail(other.spec?.owner?.name ?? '', input.owner),
      );
      if (same) {
        throw new AppError(
          'conflict',
          'userExists',
          `User ${input.owner} already has the profile ${same.metadata?.name ?? ''} (emails are compared without regard to case).`,
          { email: input.owner, namespace: same.metadata?.name ?? '' },
        );
      }
    }
    const namespace = await cluster.callUnlessNotFound(`namespace ${name}`, () =>
      cluster.core.readNamespace({ name }, cluster.timeout),
    );
    if (namespace) {
      throw new AppError(
        'conflict',
        'namespaceTaken',
        `Namespace ${name} already exists. Choose another namespace name, or delete the namespace first.`,
        { namespace: name },
      );
    }
    if (input.kind === 'user')
      await this.roles.ensureRoles(target, cluster, record.spec.release, record.spec.owners);

    // The namespace is created first, with the owner annotation the profile
    // controller checks before it adopts an existing namespace; when a later
    // step fails the namespace is deleted again, so nothing is left half-made.
    await cluster.call(`namespace ${name}`, () =>
      cluster.core.createNamespace(
        {
          body: {
            metadata: {
              name,
              annotations: { owner: input.owner },
              labels: {
                [managedByLabel]: managedByValue,
                [instanceLabel]: target.name,
                'app.kubernetes.io/part-of': 'kubeflow-profile',
              },
            },
          },
          fieldManager,
        },
        cluster.timeout,
      ),
    );
    try {
      if (input.kind === 'user') {
        await cluster.call(`RoleBinding ${userRoleBinding}`, () =>
          cluster.rbac.createNamespacedRoleBinding(
            {
              namespace: name,
              body: userBinding(name, input.owner, userRole, target.name),
              fieldManager,
            },
            cluster.timeout,
          ),
        );
      }
      const created = await cluster.call(`Profile ${name}`, () =>
        cluster.custom.createClusterCustomObject(
          { ...profileResource, body: profile, fieldManager },
          cluster.timeout,
        ),
      );
      return profileRow(created as ProfileObject, undefined, undefined, Date.now());
    } catch (error) {
      await cluster
        .callUnlessNotFound(`namespace ${name}`, () =>
          cluster.core.deleteNamespace({ name }, cluster.timeout),
        )
        .catch(() => undefined);
      throw error;
    }
  }

  private async requireProfileCrd(cluster: AccessCluster): Promise<void> {
    if (await cluster.hasCrd(profileCrdName)) return;
    throw new AppError(
      'unavailable',
      'profileCrdMissing',
      `${cluster.server} has no Profile CRD (${profileCrdName}), so users and groups cannot be created. Install Kubeflow (its profiles component) on this cluster first.`,
      { server: cluster.server },
    );
  }

  async updateQuota(input: {
    instanceKey: string;
    profile: string;
    quota: Quota;
    storageClass: string | null;
  }): Promise<void> {
    const target = await this.target(input.instanceKey);
    const cluster = new AccessCluster(target.config);
    const hard = quotaHard(input.quota, input.storageClass);
    await requireAccess(cluster, `change the quota of ${input.profile}`, [
      { group: 'kubeflow.org', resource: 'profiles', verb: 'patch', name: input.profile },
    ]);
    const patch = {
      metadata: { annotations: { [storageClassAnnotation]: input.storageClass } },
      spec: { resourceQuotaSpec: Object.keys(hard).length > 0 ? { hard } : null },
    };
    await cluster.call(`Profile ${input.profile}`, () =>
      cluster.custom.patchClusterCustomObject(
        { ...profileResource, name: input.profile, body: patch, fieldManager },
        cluster.mergePatch,
      ),
    );
  }

  /**
   * Deletes a Profile. With keepNamespace the namespace's owner references
   * are removed first, so the garbage collector keeps it; otherwise the
   * namespace is deleted too, also when the app had created it beforehand.
   */
  async deleteProfile(input: {
    instanceKey: string;
    profile: string;
    keepNamespace: boolean;
  }): Promise<void> {
    const target = await this.target(input.instanceKey);
    const cluster = new AccessCluster(target.config);
    const name = input.profile;
    const questions: AccessQuestion[] = [
      { group: 'kubeflow.org', resource: 'profiles', verb: 'delete', name },
    ];
    questions.push(
      input.keepNamespace
        ? { group: '', resource: 'namespaces', verb: 'patch', name }
        : { group: '', resource: 'namespaces', verb: 'delete', name },
    );
    await requireAccess(cluster, `delete the profile ${name}`, questions);

    if (input.keepNamespace) {
      await cluster.callUnlessNotFound(`namespace ${name}`, () =>
        cluster.core.patchNamespace(
          { name, body: { metadata: { ownerReferences: null } }, fieldManager },
          cluster.mergePatch,
        ),
      );
    }
    await cluster.callUnlessNotFound(`Profile ${name}`, () =>
      cluster.custom.deleteClusterCustomObject({ ...profileResource, name }, cluster.timeout),
    );
    if (!input.keepNamespace) {
      await cluster.callUnlessNotFound(`namespace ${name}`, () =>
        cluster.core.deleteNamespace({ name }, cluster.timeout),
      );
    }
  }

  /**
   * Gives a Profile a new owner: the namespace's owner annotation, the
   * Profile, the namespaceAdmin binding and (for a user) the User-role
   * binding all move to the new email, so the old owner keeps no admin binding.
   */
  async changeProfileOwner(input: {
    instanceKey: string;
    profile: string;
    email: string;
  }): Promise<void> {
    const email = input.email.trim();
    if (!isValidEmail(email)) throw invalidEmail(email);
    const target = await this.target(input.instanceKey);
    const cluster = new AccessCluster(target.config);
    const name = input.profile;
    await requireAccess(cluster, `change the owner of ${name}`, [
      { group: 'kubeflow.org', resource: 'profiles', verb: 'patch', name },
      { group: '', resource: 'namespaces', verb: 'patch', name },
      {
        group: 'rbac.authorization.k8s.io',
        resource: 'rolebindings',
        verb: 'update',
        namespace: name,
      },
    ]);
    const profile = (await cluster.call(`Profile ${name}`, () =>
      cluster.custom.getClusterCustomObject({ ...profileResource, name }, cluster.timeout),
    )) as ProfileObject;
    const isGroup = profile.metadata?.labels?.['kubeflow-desktop.io/profile-kind'] === 'group';

    await cluster.call(`namespace ${name}`, () =>
      cluster.core.patchNamespace(
        { name, body: { metadata: { annotations: { owner: email } } }, fieldManager },
        cluster.mergePatch,
      ),
    );
    const annotations = isGroup ? {} : { [displayNameAnnotation]: email };
    await cluster.call(`Profile ${name}`, () =>
      cluster.custom.patchClusterCustomObject(
        {
          ...profileResource,
          name,
          body: { metadata: { annotations }, spec: { owner: { kind: 'User', name: email } } },
          fieldManager,
        },
        cluster.mergePatch,
      ),
    );
    for (const bindingName of [namespaceAdminBinding, ...(isGroup ? [] : [userRoleBinding])]) {
      const binding = await cluster.callUnlessNotFound(`RoleBinding ${bindingName}`, () =>
        cluster.rbac.readNamespacedRoleBinding(
          { name: bindingName, namespace: name },
          cluster.timeout,
        ),
      );
      if (!binding) continue;
      binding.subjects = [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: email }];
      if (binding.metadata?.annotations?.user !== undefined)
        binding.metadata.annotations.user = email;
      await cluster.call(`RoleBinding ${bindingName}`, () =>
        cluster.rbac.replaceNamespacedRoleBinding(
          { name: bindingName, namespace: name, body: binding },
          cluster.timeout,
        ),
      );
    }
  }

  // ---- group users

  async addMember(input: {
    instanceKey: string;
    group: string;
    email: string;
    role: GroupRole;
  }): Promise<MemberRow> {
    const target = await this.target(input.instanceKey);
    const cluster = new AccessCluster(target.config);
    const record = await this.record(target);
    const istio = await this.prepareMembers(cluster, target, record, input.group);
    const result = await this.addOne(cluster, target, istio, input.group, input.email, input.role);
    return result.member;
  }

  async bulkAddMembers(input: {
    instanceKey: string;
    group: string;
    operationId: string;
    rows: { line: number; email: string; role: GroupRole }[];
  }): Promise<BulkResult[]> {
    const target = await this.target(input.instanceKey);
    const cluster = new AccessCluster(target.config);
    const record = await this.record(target);
    const istio = await this.prepareMembers(cluster, target, record, input.group);

    const results: BulkResult[] = [];
    let failed = 0;
    // Rows run one after another, so two rows whose names collide see each
    // other's binding; a failed row is reported and the others go on.
    for (const row of input.rows) {
      try {
        const { member, created } = await this.addOne(
          cluster,
          target,
          istio,
          input.group,
          row.email,
          row.role,
        );
        results.push({
          line: row.line,
          email: row.email,
          outcome: created ? 'added' : 'unchanged',
          bindingName: member.bindingName,
          error: null,
        });
      } catch (error) {
        failed++;
        const detail = (error as Error).message;
        const shape =
          error instanceof AppError
            ? error
            : new AppError('internal', 'bulkRowFailed', `The row failed: ${detail}`, { detail });
        results.push({
          line: row.line,
          email: row.email,
          outcome: 'failed',
          bindingName: null,
          error: { code: shape.code, message: shape.message, params: shape.params },
        });
      }
      this.emitProgress({
        operationId: input.operationId,
        done: results.length,
        total: input.rows.length,
        failed,
      });
    }
    return results;
  }

  /** Checks once what adding members needs: the group, the rights and the ClusterRoles. Returns whether Istio is installed. */
  private async prepareMembers(
    cluster: AccessCluster,
    target: InstanceTarget,
    record: InstanceRecord,
    group: string,
  ): Promise<boolean> {
    await this.requireProfileCrd(cluster);
    const profile = (await cluster.callUnlessNotFound(`Profile ${group}`, () =>
      cluster.custom.getClusterCustomObject({ ...profileResource, name: group }, cluster.timeout),
    )) as ProfileObject | undefined;
    if (!profile || profile.metadata?.labels?.['kubeflow-desktop.io/profile-kind'] !== 'group') {
      throw new AppError(
        'not-found',
        'groupNotFound',
        `There is no group with the namespace ${group}.`,
        { group },
      );
    }
    const istio = await cluster.hasCrd(authorizationPolicyCrdName);
    const questions: AccessQuestion[] = [
      {
        group: 'rbac.authorization.k8s.io',
        resource: 'rolebindings',
        verb: 'create',
        namespace: group,
      },
      {
        group: 'rbac.authorization.k8s.io',
        resource: 'rolebindings',
        verb: 'delete',
        namespace: group,
      },
      ...(['groupAdmin', 'groupEdit', 'groupView'] as const).map((role) => ({
        group: 'rbac.authorization.k8s.io',
        resource: 'clusterroles',
        verb: 'bind',
        name: clusterRoleName(target.name, role),
      })),
    ];
    if (istio) {
      questions.push({
        group: 'security.istio.io',
        resource: 'authorizationpolicies',
        verb: 'create',
        namespace: group,
      });
    }
    await requireAccess(cluster, `add users to the group ${group}`, questions);
    await this.roles.ensureRoles(target, cluster, record.spec.release, record.spec.owners);
    return istio;
  }

  private async addOne(
    cluster: AccessCluster,
    target: InstanceTarget,
    istio: boolean,
    group: string,
    rawEmail: string,
    role: GroupRole,
  ): Promise<{ member: MemberRow; created: boolean }> {
    const typed = rawEmail.trim();
    if (!isValidEmail(typed)) throw invalidEmail(typed);
    const clusterRole = clusterRoleName(target.name, groupClusterRole[role]);

    const list = await cluster.call(`RoleBindings in ${group}`, () =>
      cluster.rbac.listNamespacedRoleBinding({ namespace: group }, cluster.timeout),
    );
    const taken = new Map<string, string>();
    for (const binding of list.items) {
      const holder = binding.metadata?.annotations?.user ?? binding.subjects?.[0]?.name ?? '';
      taken.set(binding.metadata?.name ?? '', holder);
      const sameRole = binding.metadata?.annotations?.role === role;
      if (sameRole && sameEmail(holder, typed)) {
        return { member: memberRow(binding, holder !== typed, false), created: false };
      }
    }
    // RBAC compares user names with case, so a person who already has a
    // role here keeps the spelling of that binding for the new one.
    const email = [...taken.values()].find((holder) => sameEmail(holder, typed)) ?? typed;
    const name = chooseBindingName(email, role, taken);
    const annotations = { user: email, role };
    const labels = { [managedByLabel]: managedByValue, [instanceLabel]: target.name };

    // create, not apply: a name taken meanwhile fails with a conflict instead of being overwritten.
    const created = await cluster.call(`RoleBinding ${name}`, () =>
      cluster.rbac.createNamespacedRoleBinding(
        {
          namespace: group,
          body: {
            metadata: { name, namespace: group, annotations, labels },
            roleRef: {
              apiGroup: 'rbac.authorization.k8s.io',
              kind: 'ClusterRole',
              name: clusterRole,
            },
            subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: email }],
          },
          fieldManager,
        },
        cluster.timeout,
      ),
    );
    if (istio) {
      try {
        await cluster.call(`AuthorizationPolicy ${name}`, () =>
          cluster.custom.createNamespacedCustomObject(
            {
              ...authorizationPolicyResource,
              namespace: group,
              body: authorizationPolicy(name, group, email, role, labels),
              fieldManager,
            },
            cluster.timeout,
          ),
        );
      } catch (error) {
        await cluster
          .callUnlessNotFound(`RoleBinding ${name}`, () =>
            cluster.rbac.deleteNamespacedRoleBinding({ name, namespace: group }, cluster.timeout),
          )
          .catch(() => undefined);
        throw error;
      }
    }
    return { member: memberRow(created, false, istio), created: true };
  }

  async removeMember(input: {
    instanceKey: string;
    group: string;
    bindingName: string;
  }): Promise<void> {
    const target = await this.target(input.instanceKey);
    const cluster = new AccessCluster(target.config);
    const istio = await cluster.hasCrd(authorizationPolicyCrdName);
    const { group, bindingName: name } = input;
    if (name === namespaceAdminBinding) {
      throw new AppError(
        'invalid-request',
        'ownerBindingProtected',
        `The RoleBinding ${name} belongs to the owner of ${group}. Change the group's owner instead.`,
        { group, binding: name },
      );
    }
    const questions: AccessQuestion[] = [
      {
        group: 'rbac.authorization.k8s.io',
        resource: 'rolebindings',
        verb: 'delete',
        namespace: group,
        name,
      },
    ];
    if (istio)
      questions.push({
        group: 'security.istio.io',
        resource: 'authorizationpolicies',
        verb: 'delete',
        namespace: group,
        name,
      });
    await requireAccess(cluster, `remove a user from ${group}`, questions);

    if (istio) {
      await cluster.callUnlessNotFound(`AuthorizationPolicy ${name}`, () =>
        cluster.custom.deleteNamespacedCustomObject(
          { ...authorizationPolicyResource, namespace: group, name },
          cluster.timeout,
        ),
      );
    }
    await cluster.callUnlessNotFound(`RoleBinding ${name}`, () =>
      cluster.rbac.deleteNamespacedRoleBinding({ name, namespace: group }, cluster.timeout),
    );
  }
}

/** Lists every RoleBinding of the cluster in pages of 5,000. */
async function listAllRoleBindings(cluster: AccessCluster): Promise<V1RoleBinding[]> {
  const items: V1RoleBinding[] = [];
  let next: string | undefined;
  do {
    const page = await cluster.call('RoleBindings', () =>
      cluster.rbac.listRoleBindingForAllNamespaces(
        { limit: 5000, _continue: next },
        cluster.timeout,
      ),
    );
    items.push(...page.items);
    next = page.metadata?._continue || undefined;
  } while (next);
  return items;
}

function membersOf(state: ClusterState, groups: ProfileRow[], users: ProfileRow[]): MemberRow[] {
  const groupNames = new Set(groups.map((group) => group.name));
  const userEmails = new Map(users.map((user) => [emailKey(user.owner), user.owner]));
  const members: MemberRow[] = [];
  for (const binding of state.bindings) {
    const namespace = binding.metadata?.namespace ?? '';
    if (!groupNames.has(namespace) || binding.metadata?.name === namespaceAdminBinding) continue;
    const annotations = binding.metadata?.annotations ?? {};
    if (
      annotations.user === undefined ||
      !['admin', 'edit', 'view'].includes(annotations.role ?? '')
    )
      continue;
    const registered = userEmails.get(emailKey(annotations.user));
    const policy = state.policies.has(`${namespace}/${binding.metadata?.name ?? ''}`);
    members.push(
      memberRow(binding, registered !== undefined && registered !== annotations.user, policy),
    );
  }
  return members;
}

function memberRow(
  binding: V1RoleBinding,
  caseDiffers: boolean,
  authorizationPolicy: boolean,
): MemberRow {
  const annotations = binding.metadata?.annotations ?? {};
  return {
    namespace: binding.metadata?.namespace ?? '',
    bindingName: binding.metadata?.name ?? '',
    email: annotations.user ?? binding.subjects?.[0]?.name ?? '',
    role: (annotations.role ?? 'view') as GroupRole,
    clusterRole: binding.roleRef.name,
    caseDiffers,
    authorizationPolicy,
  };
}

function userBinding(
  namespace: string,
  email: string,
  clusterRole: string,
  instanceName: string,
): V1RoleBinding {
  return {
    metadata: {
      name: userRoleBinding,
      namespace,
      labels: { [managedByLabel]: managedByValue, [instanceLabel]: instanceName },
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: email }],
  };
}

/** The AuthorizationPolicy Kubeflow's access management pairs with a contributor's RoleBinding. */
function authorizationPolicy(
  name: string,
  namespace: string,
  email: string,
  role: GroupRole,
  labels: Record<string, string>,
) {
  return {
    apiVersion: 'security.istio.io/v1beta1',
    kind: 'AuthorizationPolicy',
    metadata: { name, namespace, annotations: { user: email, role }, labels },
    spec: {
      rules: [
        {
          when: [{ key: 'request.headers[kubeflow-userid]', values: [email] }],
          from: [{ source: { principals: ingressPrincipals } }],
        },
      ],
    },
  };
}

function checkOwners(owners: string[]): string[] {
  const parsed = OwnersSchema.safeParse(owners);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError(
    'invalid-request',
    'ownersInvalid',
    issue?.message ?? 'The owners are invalid.',
    {
      detail: issue?.message ?? '',
    },
  );
}

function invalidEmail(email: string): AppError {
  return new AppError(
    'invalid-request',
    'emailInvalid',
    `"${email}" is not a valid email address. Enter an address such as alice@example.com.`,
    {
      email,
    },
  );
}
