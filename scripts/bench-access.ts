// Measures the Access screen with 2,000 users, 200 groups and 10,000 group
// users (contributor RoleBindings) on a private sandbox with the Profile CRD:
// load_ms is the median time of AccessService.overview (every Profile,
// namespace and RoleBinding read and joined, as the screen gets them), and
// render_ms the median time from the data's arrival in the renderer to the
// first frame with the windowed table in headless Chromium, between the
// performance marks 'kfd-access-data' and 'kfd-access-rendered'. The objects
// are created directly through the API with 32 requests in flight, not
// through the app's slower checked path. Prints progress and, as its last
// line, one JSON object.
//
//   npm run bench:access                 (full size)
//   KFD_BENCH_SCALE=0.05 npm run bench:access   (a quick run at 5 %)
import { performance } from 'node:perf_hooks';

import { CoreV1Api, CustomObjectsApi, RbacAuthorizationV1Api } from '@kubernetes/client-node';

import { contextId } from '../main/kube/context-registry';
import { contributorBindingName, groupRoles } from '../shared/access/rules';
import { instanceKey } from '../shared/provision/instance-key';
import {
  clusterRoleName,
  instanceLabel,
  managedByLabel,
  managedByValue,
} from '../shared/roles/compile';
import { start } from '../sandbox/sandbox';
import { openAppInBrowser } from '../test/e2e/app-harness';
import { createAccessFixture } from '../test/integration/access-fixture';

const scale = Number(process.env.KFD_BENCH_SCALE ?? '1');
const userCount = Math.round(2000 * scale);
const groupCount = Math.max(1, Math.round(200 * scale));
const bindingCount = Math.round(10_000 * scale);
const concurrency = 32;
const runs = 5;

async function inParallel(count: number, task: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await task(index);
      done++;
      if (done % 2000 === 0) console.log(`  ${done} / ${count}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  console.log(
    `starting a private sandbox (users ${userCount}, groups ${groupCount}, bindings ${bindingCount})`,
  );
  const sandbox = await start({
    binDir: process.env.KFD_TEST_SANDBOX_BIN,
    secondCluster: false,
    log: () => {},
  });
  try {
    const fixture = await createAccessFixture(sandbox.kubeconfigPath, { simulator: false });
    const { admin, instanceName, suffix } = fixture;
    const core = admin.makeApiClient(CoreV1Api);
    const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
    const custom = admin.makeApiClient(CustomObjectsApi);
    const labels = { [managedByLabel]: managedByValue, [instanceLabel]: instanceName };

    const createProfile = async (name: string, owner: string, kind: 'user' | 'group') => {
      await core.createNamespace({ body: { metadata: { name, labels, annotations: { owner } } } });
      await rbac.createNamespacedRoleBinding({
        namespace: name,
        body: {
          metadata: { name: 'namespaceAdmin', annotations: { user: owner, role: 'admin' } },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'kubeflow-admin',
          },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: owner }],
        },
      });
      await custom.createClusterCustomObject({
        group: 'kubeflow.org',
        version: 'v1',
        plural: 'profiles',
        body: {
          apiVersion: 'kubeflow.org/v1',
          kind: 'Profile',
          metadata: { name, labels: { ...labels, 'kubeflow-desktop.io/profile-kind': kind } },
          spec: {
            owner: { kind: 'User', name: owner },
            resourceQuotaSpec: { hard: { cpu: '4', memory: '8Gi' } },
          },
        },
      });
    };

    let begin = performance.now();
    console.log('creating users');
    await inParallel(userCount, (i) =>
      createProfile(`u-${i}-${suffix}`, `user${i}@example.com`, 'user'),
    );
    console.log('creating groups');
    await inParallel(groupCount, (i) => createProfile(`g-${i}-${suffix}`, fixture.owner, 'group'));
    console.log('creating group users');
    await inParallel(bindingCount, (i) => {
      const role = groupRoles[i % 3]!;
      // Each group gets distinct members, so no two bindings share a name.
      const email = `user${Math.floor(i / groupCount) % userCount}@example.com`;
      const namespace = `g-${i % groupCount}-${suffix}`;
      return rbac.createNamespacedRoleBinding({
        namespace,
        body: {
          metadata: {
            name: contributorBindingName(email, role),
            annotations: { user: email, role },
            labels,
          },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: clusterRoleName(
              instanceName,
              role === 'admin' ? 'groupAdmin' : role === 'edit' ? 'groupEdit' : 'groupView',
            ),
          },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: email }],
        },
      });
    });
    console.log(`created in ${Math.round(performance.now() - begin)} ms`);

    const loads: number[] = [];
    let members = 0;
    for (let run = 0; run < runs; run++) {
      begin = performance.now();
      const overview = await fixture.service.overview(fixture.key);
      loads.push(performance.now() - begin);
      members = overview.members.length;
      console.log(
        `  overview ${run + 1}: ${Math.round(loads[run]!)} ms (${overview.users.length} users, ${overview.groups.length} groups, ${members} group users)`,
      );
    }
    if (members !== bindingCount)
      throw new Error(`Expected ${bindingCount} group users, the overview has ${members}.`);

    const app = await openAppInBrowser({ kubeconfigPaths: [sandbox.kubeconfigPath] });
    const renders: number[] = [];
    try {
      const key = instanceKey(
        contextId(sandbox.kubeconfigPath, 'sandbox-admin'),
        fixture.namespace,
        instanceName,
      );
      for (let run = 0; run < runs; run++) {
        await app.page.goto('about:blank');
        await app.page.goto(`${app.bridge.url}#/access?instance=${encodeURIComponent(key)}`);
        await app.page.waitForFunction(
          () => performance.getEntriesByName('kfd-access-rendered').length > 0,
          null,
          {
            timeout: 60_000,
          },
        );
        const ms = await app.page.evaluate(() => {
          const data = performance.getEntriesByName('kfd-access-data')[0]!;
          const rendered = performance
            .getEntriesByName('kfd-access-rendered')
            .find((entry) => entry.startTime >= data.startTime)!;
          return rendered.startTime - data.startTime;
        });
        renders.push(ms);
        const rows = await app.page.locator('[data-testid="user-rows"] [role="row"]').count();
        console.log(
          `  render ${run + 1}: ${Math.round(ms)} ms (${rows} of ${userCount} user rows in the DOM)`,
        );
      }
      if (app.consoleErrors.length > 0)
        throw new Error(`The page logged errors: ${app.consoleErrors.join('; ')}`);
    } finally {
      await app.close();
    }
    await fixture.cleanup().catch(() => undefined);

    console.log(
      JSON.stringify({
        bench: 'access',
        bindings: bindingCount,
        load_ms: Math.round(median(loads)),
        render_ms: Math.round(median(renders)),
      }),
    );
  } finally {
    await sandbox.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
