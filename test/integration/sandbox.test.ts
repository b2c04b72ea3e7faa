import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';

import { ApiException, AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { start } from '../../sandbox/sandbox';
import { createTestNamespace, deleteNamespace, eventually, kubeConfigFor } from '../kube-helpers';

const kubeconfig = inject('sandboxKubeconfig');
const admin = kubeConfigFor(kubeconfig, 'sandbox-admin');

async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    if (error instanceof ApiException) return error.code;
    throw error;
  }
}

describe('sandbox cluster', () => {
  let namespace: string;

  beforeAll(async () => {
    namespace = await createTestNamespace(admin, 'sandbox');
  });
  afterAll(async () => {
    await deleteNamespace(admin, namespace);
  });

  it('runs a Deployment to Available through kwok', async () => {
    const apps = admin.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'registry.invalid/web:1' }] },
          },
        },
      },
    });

    const deployment = await eventually('Deployment web to become Available', async () => {
      const current = await apps.readNamespacedDeployment({ name: 'web', namespace });
      const available = current.status?.conditions?.find(
        (condition) => condition.type === 'Available',
      );
      return available?.status === 'True' ? current : undefined;
    });
    expect(deployment.status?.availableReplicas).toBe(2);

    const pods = await admin.makeApiClient(CoreV1Api).listNamespacedPod({ namespace });
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.status?.phase).toBe('Running');
      expect(pod.spec?.nodeName).toMatch(/^sandbox-/);
    }
  });

  it('registers the fake node pools', async () => {
    const nodes = await admin.makeApiClient(CoreV1Api).listNode();
    const byPool = (pool: string) =>
      nodes.items.filter((node) => node.metadata?.labels?.['kubeflow-desktop.io/pool'] === pool);

    expect(byPool('ingress')).toHaveLength(1);
    expect(byPool('worker')).toHaveLength(2);
    const gpu = byPool('gpu');
    expect(gpu).toHaveLength(1);
    expect(gpu[0]?.status?.capacity?.['nvidia.com/gpu']).toBe('2');
    expect(gpu[0]?.metadata?.labels?.['nvidia.com/gpu.present']).toBe('true');
    for (const node of nodes.items) {
      const ready = node.status?.conditions?.find((condition) => condition.type === 'Ready');
      expect(ready?.status, node.metadata?.name).toBe('True');
    }
  });

  it('answers 403 to alice listing namespaces', async () => {
    const alice = kubeConfigFor(kubeconfig, 'sandbox-alice');
    expect(await statusOf(alice.makeApiClient(CoreV1Api).listNamespace())).toBe(403);
  });

  it('answers 401 to the expired credential', async () => {
    const expired = kubeConfigFor(kubeconfig, 'sandbox-expired');
    expect(await statusOf(expired.makeApiClient(CoreV1Api).listNamespace())).toBe(401);
  });

  it('serves sandbox-b as a separate cluster', async () => {
    const second = kubeConfigFor(kubeconfig, 'sandbox-b');
    const read = (config: typeof admin) =>
      config.makeApiClient(CoreV1Api).readNamespace({ name: 'kube-system' });

    const [primarySystem, secondSystem] = await Promise.all([read(admin), read(second)]);
    expect(primarySystem.metadata?.uid).toBeTruthy();
    expect(secondSystem.metadata?.uid).toBeTruthy();
    expect(secondSystem.metadata?.uid).not.toBe(primarySystem.metadata?.uid);
    expect(second.getCurrentCluster()?.server).not.toBe(admin.getCurrentCluster()?.server);
  });
});

/** Returns the pids of processes whose command line mentions `text`. */
function pidsMentioning(text: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', text]).toString().trim().split('\n').map(Number);
  } catch {
    return [];
  }
}

describe('sandbox stop', () => {
  it('ends every process and removes its data', async () => {
    const sandbox = await start({ secondCluster: false, log: () => {} });
    const pids = pidsMentioning(sandbox.dataDir);
    expect(pids.length).toBe(5);

    await sandbox.stop();

    for (const pid of pids) {
      expect(() => process.kill(pid, 0), `process ${pid} still runs`).toThrow();
    }
    expect(existsSync(sandbox.dataDir)).toBe(false);
  });
});

describe('sandbox owner killed', () => {
  it('leaves no control plane behind', async () => {
    const owner = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/start-sandbox-and-wait.ts', inject('sandboxBinDir')],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: owner.stdout! }).once('line', resolve);
      owner.once('exit', (code) =>
        reject(new Error(`the sandbox owner exited early with ${code}`)),
      );
    });
    const { dataDir } = JSON.parse(firstLine) as { dataDir: string };
    expect(pidsMentioning(dataDir)).toHaveLength(5);

    owner.kill('SIGKILL');

    const left = await eventually(
      'the sandbox processes to stop',
      async () => (pidsMentioning(dataDir).length === 0 ? [] : undefined),
      20_000,
    );
    expect(left).toEqual([]);
    await rm(dataDir, { recursive: true, force: true });
  });
});
