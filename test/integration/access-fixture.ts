import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import {
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  RbacAuthorizationV1Api,
  type KubeConfig,
} from '@kubernetes/client-node';

import { AccessService } from '../../main/access/access-service';
import { AccessStore } from '../../main/access/access-store';
import { RolesService, verificationNamespace } from '../../main/access/roles-service';
import { generateSandboxBundle } from '../../main/provision/sandbox-bundle';
import { writeRecord } from '../../main/provision/inventory';
import { instanceKey } from '../../shared/provision/instance-key';
import { newInstanceRecord } from '../../shared/provision/instance';
import { instanceLabel } from '../../shared/roles/compile';
import { startProfileSimulator, type ProfileSimulator } from '../../sandbox/profile-simulator';
import { eventually, kubeConfigFor } from '../kube-helpers';

/**
 * Installs the Profile CRD exactly as the sandbox bundle defines it, when it
 * is missing. Every helper installs the same content, so the shared sandbox
 * can keep it.
 */
export async function ensureProfileCrd(admin: KubeConfig): Promise<void> {
  const api = admin.makeApiClient(ApiextensionsV1Api);
  const name = 'profiles.kubeflow.org';
  const existing = await api.readCustomResourceDefinition({ name }).catch(() => undefined);
  if (!existing) {
    const crd = generateSandboxBundle('1.10.0', 'essential').objects.find(
      (object) => object.kind === 'CustomResourceDefinition' && object.metadata?.name === name,
    );
    if (!crd) throw new Error('The sandbox bundle has no Profile CRD.');
    // CustomObjectsApi sends the object as it is; the typed createCustomResourceDefinition
    // would drop x-kubernetes-preserve-unknown-fields while serializing it (client-node 1.4).
    const custom = admin.makeApiClient(CustomObjectsApi);
    const resource = {
      group: 'apiextensions.k8s.io',
      version: 'v1',
      plural: 'customresourcedefinitions',
    };
    await custom.createClusterCustomObject({ ...resource, body: crd }).catch((error: unknown) => {
      if (!String((error as Error).message).includes('already exists')) throw error;
    });
  }
  await eventually('the Profile CRD to be established', async () => {
    const crd = await api.readCustomResourceDefinition({ name });
    return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')
      ? true
      : undefined;
  });
}

export interface AccessFixture {
  admin: KubeConfig;
  instanceName: string;
  /** The instance's namespace, which contains its record. */
  namespace: string;
  owner: string;
  key: string;
  aliceKey: string;
  service: AccessService;
  roles: RolesService;
  store: AccessStore;
  simulator: ProfileSimulator | null;
  progress: { operationId: string; done: number; total: number; failed: number }[];
  suffix: string;
  cleanup(): Promise<void>;
}

/**
 * Creates a private instance (a record with a random name and one owner) on
 * the sandbox and the access services for it, optionally with the profile
 * simulator reconciling only this instance's Profiles.
 */
export async function createAccessFixture(
  kubeconfig: string,
  options: { simulator: boolean },
): Promise<AccessFixture> {
  const admin = kubeConfigFor(kubeconfig, 'sandbox-admin');
  const suffix = randomBytes(3).toString('hex');
  const instanceName = `acc-${suffix}`;
  const namespace = `acc-rec-${suffix}`;
  const owner = `owner-${suffix}@example.com`;

  await ensureProfileCrd(admin);
  await writeRecord(
    admin,
    newInstanceRecord({
      name: instanceName,
      namespace,
      release: '1.10.0',
      serviceType: 'essential',
      context: { source: kubeconfig, name: 'sandbox-admin' },
      owners: [owner],
      manifestSource: { kind: 'sandbox-simulation', path: null, tag: null },
    }),
  );

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-access-'));
  const store = new AccessStore(dataDir);
  const roles = new RolesService(store);
  const progress: AccessFixture['progress'] = [];
  const configFor = async (contextId: string) => kubeConfigFor(kubeconfig, contextId);
  const service = new AccessService(configFor, store, roles, (payload) => progress.push(payload));
  const simulator = options.simulator
    ? startProfileSimulator({
        config: admin,
        select: (profile) => profile.metadata?.labels?.[instanceLabel] === instanceName,
      })
    : null;

  return {
    admin,
    instanceName,
    namespace,
    owner,
    key: instanceKey('sandbox-admin', namespace, instanceName),
    aliceKey: instanceKey('sandbox-alice', namespace, instanceName),
    service,
    roles,
    store,
    simulator,
    progress,
    suffix,
    async cleanup() {
      await simulator?.stop();
      await deleteInstanceObjects(admin, instanceName, [
        namespace,
        verificationNamespace(instanceName),
      ]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Deletes every Profile, namespace, ClusterRole and ClusterRoleBinding labelled with the instance. */
export async function deleteInstanceObjects(
  admin: KubeConfig,
  instanceName: string,
  extraNamespaces: string[],
): Promise<void> {
  const selector = `${instanceLabel}=${instanceName}`;
  const core = admin.makeApiClient(CoreV1Api);
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  const custom = admin.makeApiClient(CustomObjectsApi);
  const profiles = { group: 'kubeflow.org', version: 'v1', plural: 'profiles' };

  const listed = (await custom
    .listClusterCustomObject({ ...profiles, labelSelector: selector })
    .catch(() => ({ items: [] }))) as { items: { metadata: { name: string } }[] };
  await Promise.all(
    listed.items.map((profile) =>
      custom
        .deleteClusterCustomObject({ ...profiles, name: profile.metadata.name })
        .catch(() => undefined),
    ),
  );
  const namespaces = await core.listNamespace({ labelSelector: selector });
  const names = [...namespaces.items.map((item) => item.metadata?.name ?? ''), ...extraNamespaces];
  await Promise.all(names.map((name) => core.deleteNamespace({ name }).catch(() => undefined)));
  await rbac.deleteCollectionClusterRoleBinding({ labelSelector: selector }).catch(() => undefined);
  await rbac.deleteCollectionClusterRole({ labelSelector: selector }).catch(() => undefined);
}
