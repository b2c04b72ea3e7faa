import { AuthorizationV1Api, CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { namespaceAdminBinding, userRoleBinding } from '../../main/access/profiles';
import { readRecord } from '../../main/provision/inventory';
import { contributorBindingName, ownerBindingName } from '../../shared/access/rules';
import { AppError } from '../../shared/errors';
import { defaultMatrix } from '../../shared/roles/permissions';
import { eventually } from '../kube-helpers';
import { createAccessFixture, type AccessFixture } from './access-fixture';

const kubeconfig = inject('sandboxKubeconfig');
let fixture: AccessFixture;

beforeAll(async () => {
  fixture = await createAccessFixture(kubeconfig, { simulator: true });
  const target = await fixture.service.target(fixture.key);
  await fixture.roles.apply(target, '1.10.0', defaultMatrix, [fixture.owner]);
}, 60_000);

afterAll(async () => {
  await fixture?.cleanup();
});

async function may(user: string, namespace: string, verb: string, resource: string, group: string) {
  const review = await fixture.admin.makeApiClient(AuthorizationV1Api).createSubjectAccessReview({
    body: { spec: { user, resourceAttributes: { namespace, verb, resource, group } } },
  });
  return review.status?.allowed === true;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const email = (name: string) => `${name}-${fixture.suffix}@example.com`;

describe('users', () => {
  it('turns Active once the profile is reconciled', async () => {
    const namespace = `u-user-${fixture.suffix}`;
    const created = await fixture.service.createUser({
      instanceKey: fixture.key,
      email: email('User'),
      namespace,
      quota: { cpu: '4', memory: '8Gi', gpu: '1', storage: null },
    });
    expect(created.status).toBe('Pending');

    const row = await eventually('the user to be Active', async () => {
      const overview = await fixture.service.overview(fixture.key);
      const user = overview.users.find((each) => each.name === namespace);
      return user?.status === 'Active' ? user : undefined;
    });
    expect(row.owner).toBe(email('User'));
    expect(row.quota).toEqual({ cpu: '4', memory: '8Gi', gpu: '1', storage: null });
    expect(await may(email('User'), namespace, 'create', 'notebooks', 'kubeflow.org')).toBe(true);
    expect(
      await may(email('User'), namespace, 'create', 'rolebindings', 'rbac.authorization.k8s.io'),
    ).toBe(false);
  });

  it('rejects an email differing only in case', async () => {
    const error = await rejection(
      fixture.service.createUser({
        instanceKey: fixture.key,
        email: email('USER'),
        namespace: `u-user2-${fixture.suffix}`,
      }),
    );
    expect(error.code).toBe('userExists');
  });

  it('rejects an invalid namespace name', async () => {
    const error = await rejection(
      fixture.service.createUser({
        instanceKey: fixture.key,
        email: email('x'),
        namespace: 'Bad_Name',
      }),
    );
    expect(error.code).toBe('namespaceInvalid');
  });

  it('moves the owner binding on owner change', async () => {
    const namespace = `u-move-${fixture.suffix}`;
    await fixture.service.createUser({ instanceKey: fixture.key, email: email('old'), namespace });
    const rbac = fixture.admin.makeApiClient(RbacAuthorizationV1Api);
    await eventually('namespaceAdmin', () =>
      rbac
        .readNamespacedRoleBinding({ name: namespaceAdminBinding, namespace })
        .catch(() => undefined),
    );

    await fixture.service.changeProfileOwner({
      instanceKey: fixture.key,
      profile: namespace,
      email: email('new'),
    });

    for (const name of [namespaceAdminBinding, userRoleBinding]) {
      const binding = await rbac.readNamespacedRoleBinding({ name, namespace });
      expect(binding.subjects?.map((subject) => subject.name)).toEqual([email('new')]);
    }
    expect(await may(email('old'), namespace, 'list', 'notebooks', 'kubeflow.org')).toBe(false);
    expect(await may(email('new'), namespace, 'list', 'notebooks', 'kubeflow.org')).toBe(true);
  });

  it('deletes a user and keeps the namespace on request', async () => {
    const namespace = `u-keep-${fixture.suffix}`;
    await fixture.service.createUser({ instanceKey: fixture.key, email: email('keep'), namespace });
    await fixture.service.deleteProfile({
      instanceKey: fixture.key,
      profile: namespace,
      keepNamespace: true,
    });

    const core = fixture.admin.makeApiClient(CoreV1Api);
    await eventually('the profile to be gone', async () => {
      const overview = await fixture.service.overview(fixture.key);
      return overview.users.some((user) => user.name === namespace) ? undefined : true;
    });
    const kept = await core.readNamespace({ name: namespace });
    expect(kept.status?.phase).toBe('Active');
    expect(kept.metadata?.ownerReferences ?? []).toEqual([]);
  });
});

describe('groups', () => {
  let group: string;

  beforeAll(async () => {
    group = `g-team-${fixture.suffix}`;
    await fixture.service.createGroup({
      instanceKey: fixture.key,
      displayName: 'Team',
      namespace: group,
    });
  });

  it('grants each role what the matrix says', async () => {
    for (const role of ['admin', 'edit', 'view'] as const) {
      await fixture.service.addMember({
        instanceKey: fixture.key,
        group,
        email: email(role),
        role,
      });
    }

    expect(await may(email('view'), group, 'list', 'notebooks', 'kubeflow.org')).toBe(true);
    expect(await may(email('view'), group, 'create', 'notebooks', 'kubeflow.org')).toBe(false);
    expect(
      await may(email('view'), group, 'create', 'registeredmodels', 'modelregistry.kubeflow.org'),
    ).toBe(true);
    expect(await may(email('edit'), group, 'create', 'notebooks', 'kubeflow.org')).toBe(true);
    expect(
      await may(email('edit'), group, 'create', 'rolebindings', 'rbac.authorization.k8s.io'),
    ).toBe(false);
    expect(
      await may(email('admin'), group, 'create', 'rolebindings', 'rbac.authorization.k8s.io'),
    ).toBe(true);
    expect(await may(email('view'), 'default', 'list', 'notebooks', 'kubeflow.org')).toBe(false);
  });

  it('lists members with the access-management names', async () => {
    const overview = await fixture.service.overview(fixture.key);
    const members = overview.members.filter((member) => member.namespace === group);
    expect(members.map((member) => member.bindingName).sort()).toEqual(
      (['admin', 'edit', 'view'] as const)
        .map((role) => contributorBindingName(email(role), role))
        .sort(),
    );
    expect(overview.groups.find((each) => each.name === group)?.displayName).toBe('Team');
  });

  it('treats emails differing only in case as one member', async () => {
    const first = await fixture.service.addMember({
      instanceKey: fixture.key,
      group,
      email: email('Case'),
      role: 'view',
    });
    const second = await fixture.service.addMember({
      instanceKey: fixture.key,
      group,
      email: email('CASE'),
      role: 'view',
    });
    expect(second.bindingName).toBe(first.bindingName);
    expect(second.caseDiffers).toBe(true);

    // A second role for the same person reuses the spelling RBAC already binds.
    const edit = await fixture.service.addMember({
      instanceKey: fixture.key,
      group,
      email: email('CASE'),
      role: 'edit',
    });
    expect(edit.email).toBe(first.email);
  });

  it('gives colliding binding names a stable suffix', async () => {
    const dotted = `a.b-${fixture.suffix}@x.com`;
    const dashed = `a-b-${fixture.suffix}@x.com`;
    const one = await fixture.service.addMember({
      instanceKey: fixture.key,
      group,
      email: dotted,
      role: 'edit',
    });
    const two = await fixture.service.addMember({
      instanceKey: fixture.key,
      group,
      email: dashed,
      role: 'edit',
    });

    expect(one.bindingName).toBe(contributorBindingName(dotted, 'edit'));
    expect(two.bindingName).not.toBe(one.bindingName);
    expect(two.bindingName.startsWith(one.bindingName)).toBe(true);
    expect(await may(dotted, group, 'create', 'notebooks', 'kubeflow.org')).toBe(true);
    expect(await may(dashed, group, 'create', 'notebooks', 'kubeflow.org')).toBe(true);
  });

  it('adds in bulk with a result per row', async () => {
    const rows = [
      { line: 1, email: email('bulk1'), role: 'view' as const },
      { line: 2, email: 'not-an-email', role: 'view' as const },
      { line: 3, email: email('bulk3'), role: 'edit' as const },
    ];
    const results = await fixture.service.bulkAddMembers({
      instanceKey: fixture.key,
      group,
      operationId: 'op1',
      rows,
    });
    expect(results.map((result) => result.outcome)).toEqual(['added', 'failed', 'added']);
    expect(results[1]?.error?.code).toBe('emailInvalid');
    expect(
      fixture.progress.filter((each) => each.operationId === 'op1').map((each) => each.done),
    ).toEqual([1, 2, 3]);
    expect(await may(email('bulk3'), group, 'create', 'notebooks', 'kubeflow.org')).toBe(true);
  });

  it('removes a member', async () => {
    const name = contributorBindingName(email('bulk1'), 'view');
    await fixture.service.removeMember({ instanceKey: fixture.key, group, bindingName: name });
    expect(await may(email('bulk1'), group, 'list', 'notebooks', 'kubeflow.org')).toBe(false);
  });
});

describe('owners', () => {
  it('refuses to remove the last owner', async () => {
    const error = await rejection(
      fixture.service.removeOwner(fixture.key, fixture.owner.toUpperCase()),
    );
    expect(error.code).toBe('lastOwner');
  });

  it('adds and removes an owner with its binding', async () => {
    const second = email('second');
    const owners = await fixture.service.addOwner(fixture.key, second);
    expect(owners).toEqual([fixture.owner, second]);
    const record = await readRecord(fixture.admin, fixture.namespace, fixture.instanceName);
    expect(record.spec.owners).toEqual([fixture.owner, second]);
    expect(record.generation).toBe(2);
    expect(await may(second, 'default', 'list', 'notebooks', 'kubeflow.org')).toBe(true);

    const duplicate = await rejection(fixture.service.addOwner(fixture.key, second.toUpperCase()));
    expect(duplicate.code).toBe('ownersInvalid');

    await fixture.service.removeOwner(fixture.key, second);
    const rbac = fixture.admin.makeApiClient(RbacAuthorizationV1Api);
    const gone = await rbac
      .readClusterRoleBinding({ name: ownerBindingName(fixture.instanceName, second) })
      .catch(() => undefined);
    expect(gone).toBeUndefined();
    expect(await may(second, 'default', 'list', 'notebooks', 'kubeflow.org')).toBe(false);
  });
});

describe('a user without rights', () => {
  it('is forbidden and leaves nothing behind', async () => {
    const namespace = `g-alice-${fixture.suffix}`;
    const error = await rejection(
      fixture.service.createUser({ instanceKey: fixture.aliceKey, email: email('a'), namespace }),
    );
    expect(error.kind).toBe('forbidden');

    const core = fixture.admin.makeApiClient(CoreV1Api);
    expect(await core.readNamespace({ name: namespace }).catch(() => undefined)).toBeUndefined();
  });
});

describe('verification', () => {
  it('matches the default matrix', async () => {
    const target = await fixture.service.target(fixture.key);
    const result = await fixture.roles.verify(target, defaultMatrix, '1.10.0', [fixture.owner], {});
    const mismatches = result.cells.filter((cell) => cell.failedChecks.length > 0);
    expect(mismatches).toEqual([]);
    expect(result.cells).toHaveLength(75);
  });

  it('flags a role that grants more than intended', async () => {
    const target = await fixture.service.target(fixture.key);
    const noRegistry = {
      ...defaultMatrix,
      groupView: defaultMatrix.groupView.filter((p) => !p.includes('ModelRegistry')),
    };
    const result = await fixture.roles.verify(target, noRegistry, '1.10.0', [fixture.owner], {});
    const cell = result.cells.find(
      (each) => each.role === 'groupView' && each.permission === 'editModelRegistry',
    );
    expect(cell).toMatchObject({ intended: false, effective: true });
    expect(result.mismatches).toBe(2);
  });
});
