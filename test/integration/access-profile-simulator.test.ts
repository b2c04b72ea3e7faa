import { CoreV1Api, CustomObjectsApi, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { start, type SandboxHandle } from '../../sandbox/sandbox';
import { eventually, kubeConfigFor } from '../kube-helpers';
import { ensureProfileCrd } from './access-fixture';

// A private sandbox, because start() with profileSimulator reconciles every
// Profile of its cluster, and the shared sandbox has other tests' Profiles.
let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await start({
    binDir: inject('sandboxBinDir'),
    secondCluster: false,
    profileSimulator: true,
    log: () => {},
  });
}, 90_000);

afterAll(async () => {
  await sandbox?.stop();
});

const profiles = { group: 'kubeflow.org', version: 'v1', plural: 'profiles' };

describe('profile simulator started by the sandbox', () => {
  it('reconciles a Profile like the profile controller', async () => {
    const admin = kubeConfigFor(sandbox.kubeconfigPath, 'sandbox-admin');
    await ensureProfileCrd(admin);
    const custom = admin.makeApiClient(CustomObjectsApi);
    await custom.createClusterCustomObject({
      ...profiles,
      body: {
        apiVersion: 'kubeflow.org/v1',
        kind: 'Profile',
        metadata: { name: 'ann' },
        spec: {
          owner: { kind: 'User', name: 'ann@example.com' },
          resourceQuotaSpec: { hard: { cpu: '2' } },
        },
      },
    });

    const core = admin.makeApiClient(CoreV1Api);
    const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
    const namespace = await eventually('the namespace', () =>
      core.readNamespace({ name: 'ann' }).catch(() => undefined),
    );
    expect(namespace.metadata?.annotations?.owner).toBe('ann@example.com');
    expect(namespace.metadata?.ownerReferences?.[0]?.kind).toBe('Profile');

    const binding = await eventually('namespaceAdmin', () =>
      rbac
        .readNamespacedRoleBinding({ name: 'namespaceAdmin', namespace: 'ann' })
        .catch(() => undefined),
    );
    expect(binding.roleRef.name).toBe('kubeflow-admin');
    expect(binding.subjects?.[0]?.name).toBe('ann@example.com');
    expect(binding.metadata?.annotations).toMatchObject({ user: 'ann@example.com', role: 'admin' });

    for (const account of ['default-editor', 'default-viewer']) {
      await eventually(account, () =>
        core
          .readNamespacedServiceAccount({ name: account, namespace: 'ann' })
          .catch(() => undefined),
      );
    }
    const quota = await eventually('the quota', () =>
      core
        .readNamespacedResourceQuota({ name: 'kf-resource-quota', namespace: 'ann' })
        .catch(() => undefined),
    );
    expect(quota.spec?.hard).toEqual({ cpu: '2' });
    await eventually('the Ready condition', async () => {
      const profile = (await custom.getClusterCustomObject({ ...profiles, name: 'ann' })) as {
        status?: { conditions?: { type: string; status: string }[] };
      };
      return profile.status?.conditions?.some(
        (condition) => condition.type === 'Ready' && condition.status === 'True',
      )
        ? true
        : undefined;
    });
  });

  it('fails a Profile whose namespace has another owner', async () => {
    const admin = kubeConfigFor(sandbox.kubeconfigPath, 'sandbox-admin');
    const core = admin.makeApiClient(CoreV1Api);
    await core.createNamespace({
      body: { metadata: { name: 'taken', annotations: { owner: 'bo@example.com' } } },
    });
    const custom = admin.makeApiClient(CustomObjectsApi);
    await custom.createClusterCustomObject({
      ...profiles,
      body: {
        apiVersion: 'kubeflow.org/v1',
        kind: 'Profile',
        metadata: { name: 'taken' },
        spec: { owner: { kind: 'User', name: 'cy@example.com' } },
      },
    });

    const condition = await eventually('the Failed condition', async () => {
      const profile = (await custom.getClusterCustomObject({ ...profiles, name: 'taken' })) as {
        status?: { conditions?: { type: string; message: string }[] };
      };
      return profile.status?.conditions?.find((each) => each.type === 'Failed');
    });
    expect(condition.message).toContain('bo@example.com');
  });
});
