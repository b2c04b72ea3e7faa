import type { KubeConfig } from '@kubernetes/client-node';

import type { accessRequests } from '../../shared/contract/areas/access';
import type { AccessOverview } from '../../shared/contract/areas/access';
import type { Matrix, MatrixRole } from '../../shared/roles/permissions';
import type { AreaContext, AreaHandlers } from '../area';
import { createClientConfig } from '../kube/client';
import { readRecord } from '../provision/inventory';
import { AccessService } from './access-service';
import { AccessStore } from './access-store';
import { assertRelease, RolesService } from './roles-service';

/**
 * The access state of one instance, as the snapshot helper reads it: the Access screen's data
 * (owners, users, groups, group users with their bindings) and the saved
 * permission matrix (the default matrix when none was saved).
 */
export interface AccessSnapshot extends AccessOverview {
  matrix: Matrix;
  matrixSaved: boolean;
}

export interface AccessArea {
  handlers: AreaHandlers<typeof accessRequests>;
  service: AccessService;
  roles: RolesService;
  /** Reads the current users, groups, bindings and matrix of an instance. */
  accessSnapshot(instanceKey: string): Promise<AccessSnapshot>;
}

export interface AccessDeps {
  /** Resolves a context id to a client configuration; by default through InstanceService. */
  configFor?: (contextId: string) => Promise<KubeConfig>;
}

const groupSampleRoles: Record<string, MatrixRole> = {
  admin: 'groupAdmin',
  edit: 'groupEdit',
  view: 'groupView',
};

export function createAccessArea(context: AreaContext, deps: AccessDeps = {}): AccessArea {
  const configFor =
    deps.configFor ??
    (async (contextId: string) =>
      createClientConfig(await context.kube.resolve(contextId), context.kube.deps));
  const store = new AccessStore(context.dataDir);
  const roles = new RolesService(store);
  const service = new AccessService(configFor, store, roles, (payload) =>
    context.hub.emit('access.bulkProgress', payload),
  );

  const releaseOf = async (instanceKey: string) => {
    const target = await service.target(instanceKey);
    const record = await readRecord(target.config, target.namespace, target.name);
    return { target, record, release: assertRelease(record.spec.release) };
  };

  const accessSnapshot = async (instanceKey: string): Promise<AccessSnapshot> => {
    const [overview, saved] = await Promise.all([
      service.overview(instanceKey),
      store.matrix(instanceKey),
    ]);
    return { ...overview, matrix: saved.matrix, matrixSaved: saved.saved };
  };

  const handlers: AreaHandlers<typeof accessRequests> = {
    'access.overview': ({ instanceKey }) => service.overview(instanceKey),
    'access.setPrefixes': async ({ instanceKey, user, group }) => {
      await store.update(instanceKey, { prefixes: { user, group } });
      return { ok: true as const };
    },
    'access.addOwner': async ({ instanceKey, email }) => ({
      owners: await service.addOwner(instanceKey, email),
    }),
    'access.removeOwner': async ({ instanceKey, email }) => ({
      owners: await service.removeOwner(instanceKey, email),
    }),
    'access.createUser': (payload) => service.createUser(payload),
    'access.createGroup': (payload) => service.createGroup(payload),
    'access.updateQuota': async (payload) => {
      await service.updateQuota(payload);
      return { ok: true as const };
    },
    'access.deleteProfile': async (payload) => {
      await service.deleteProfile(payload);
      return { ok: true as const };
    },
    'access.changeProfileOwner': async (payload) => {
      await service.changeProfileOwner(payload);
      return { ok: true as const };
    },
    'access.addMember': (payload) => service.addMember(payload),
    'access.removeMember': async (payload) => {
      await service.removeMember(payload);
      return { ok: true as const };
    },
    'access.bulkAddMembers': async (payload) => ({
      results: await service.bulkAddMembers(payload),
    }),
    'access.getMatrix': async ({ instanceKey }) => {
      const { release } = await releaseOf(instanceKey);
      return { ...(await store.matrix(instanceKey)), release };
    },
    'access.saveMatrix': async ({ instanceKey, matrix }) => {
      await roles.saveMatrix(instanceKey, matrix);
      return { ok: true as const };
    },
    'access.previewMatrix': async ({ instanceKey, matrix }) => {
      const { target, release } = await releaseOf(instanceKey);
      return roles.preview(target, release, matrix);
    },
    'access.applyMatrix': async ({ instanceKey, matrix }) => {
      const { target, record, release } = await releaseOf(instanceKey);
      return roles.apply(target, release, matrix, record.spec.owners);
    },
    'access.verifyMatrix': async ({ instanceKey, matrix }) => {
      const { target, record, release } = await releaseOf(instanceKey);
      const overview = await service.overview(instanceKey);
      const samples: Partial<Record<MatrixRole, { user: string; namespace: string }>> = {};
      for (const member of overview.members) {
        const role = groupSampleRoles[member.role];
        if (role && !samples[role] && member.clusterRole.startsWith('kubeflow-desktop-')) {
          samples[role] = { user: member.email, namespace: member.namespace };
        }
      }
      const user = overview.users.find((row) => row.managed && row.status === 'Active');
      if (user) samples.user = { user: user.owner, namespace: user.name };
      return roles.verify(target, matrix, release, record.spec.owners, samples);
    },
  };

  return { handlers, service, roles, accessSnapshot };
}
