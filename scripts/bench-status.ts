// Measures the status engine on a private sandbox with both clusters: 20
// instances (10 per cluster, each in its own namespace with two Deployments
// and two ConfigMaps), the first cluster watched as the active context and
// the second pinned. After every instance is Active, a steady state runs for
// 5 minutes while the script deletes and recreates one ConfigMap of a random
// instance every few seconds. The engine's own request counters give the API
// requests that are not watch streams (lists, discovery) per minute and
// cluster. The latency runs from each change (the moment the write returned)
// to the status.changed event at the event hub.
// Prints progress on stdout and, as its last line, one JSON object.
//
//   npm run bench:status
//   KFD_BENCH_STATUS_SECONDS=30 npm run bench:status   (a shorter steady state while developing)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import {
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  type KubernetesObject,
} from '@kubernetes/client-node';

import { EventHub } from '../main/ipc/event-hub';
import { createClientConfig } from '../main/kube/client';
import { KubeService } from '../main/kube/kube-service';
import { silentLogger } from '../main/log';
import { writeRecord } from '../main/provision/inventory';
import { StatusService } from '../main/status/status-service';
import { openCheckStore } from '../main/store/check-store';
import { openSettingsStore } from '../main/store/settings-store';
import { start } from '../sandbox/sandbox';
import { instanceKey } from '../shared/provision/instance-key';
import { newInstanceRecord } from '../shared/provision/instance';
import type { InstanceStatusView } from '../shared/status/schemas';

const instancesPerCluster = 10;
const steadySeconds = Number(process.env.KFD_BENCH_STATUS_SECONDS ?? 300);
const changeIntervalMs = 3_000;
const jupyterImage = 'ghcr.io/kubeflow/kubeflow/jupyter-web-app:v1.10.0';
const notebookImage = 'ghcr.io/kubeflow/kubeflow/notebook-controller:v1.10.0';

function deployment(namespace: string, name: string, image: string): KubernetesObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'main', image }], tolerations: [{ operator: 'Exists' }] },
      },
    },
  } as KubernetesObject;
}

const settings = (namespace: string, name: string) =>
  ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace },
    data: { a: '1' },
  }) as KubernetesObject;

async function installInstance(
  config: KubeConfig,
  kubeconfigPath: string,
  namespace: string,
): Promise<void> {
  await config
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name: namespace } } });
  const objects = [
    {
      object: deployment(namespace, 'jupyter-web-app-deployment', jupyterImage),
      component: 'jupyter',
    },
    {
      object: deployment(namespace, 'notebook-controller-deployment', notebookImage),
      component: 'jupyter',
    },
    { object: settings(namespace, 'settings-a'), component: 'jupyter' },
    { object: settings(namespace, 'settings-b'), component: 'profiles' },
  ];
  const api = KubernetesObjectApi.makeApiClient(config);
  for (const { object } of objects) await api.create(object);

  const now = new Date().toISOString();
  const record = newInstanceRecord({
    name: 'bench',
    namespace,
    release: '1.10.0',
    serviceType: 'essential',
    context: { source: kubeconfigPath, name: config.getCurrentContext() },
    owners: ['admin@example.com'],
    manifestSource: { kind: 'sandbox-simulation', path: null, tag: null },
  });
  record.inventory = objects.map(({ object, component }) => ({
    ref: {
      apiVersion: object.apiVersion!,
      kind: object.kind!,
      namespace,
      name: object.metadata!.name!,
    },
    hash: 'bench',
    component,
    appliedAt: now,
  }));
  await writeRecord(config, record);
}

function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  console.log('starting a private sandbox with two clusters');
  const sandbox = await start({ binDir: process.env.KFD_SANDBOX_BIN, log: () => {} });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-bench-status-'));
  let service: StatusService | undefined;
  let kube: KubeService | undefined;
  try {
    const contexts = ['sandbox-admin', 'sandbox-b'];
    const configs = contexts.map((name) => {
      const config = new KubeConfig();
      config.loadFromFile(sandbox.kubeconfigPath);
      config.setCurrentContext(name);
      return config;
    });

    console.log(`installing ${instancesPerCluster} instances on each cluster`);
    const instances: { cluster: number; namespace: string }[] = [];
    for (const [cluster, config] of configs.entries()) {
      for (let index = 0; index < instancesPerCluster; index++) {
        const namespace = `bench-${index}`;
        await installInstance(config, sandbox.kubeconfigPath, namespace);
        instances.push({ cluster, namespace });
      }
    }

    const hub = new EventHub(silentLogger);
    kube = new KubeService({
      baseSources: [{ path: sandbox.kubeconfigPath, origin: 'added' }],
      dataDir,
      settings: openSettingsStore(dataDir, silentLogger),
      checks: openCheckStore(dataDir, silentLogger),
      vault: null,
      hub,
      log: silentLogger,
      live: false,
    });
    await kube.start();
    const list = await kube.listContexts();
    const contextIds = contexts.map(
      (name) => list.contexts.find((entry) => entry.ref.name === name)!.id,
    );
    await kube.setActiveContext(contextIds[0]!);

    const waiting = new Map<string, { since: number; expect: 'missing' | 'present' }>();
    const latencies: number[] = [];
    hub.subscribe((event, payload) => {
      if (event !== 'status.changed') return;
      const status = payload as InstanceStatusView;
      const pending = waiting.get(status.key);
      if (!pending) return;
      const missing = status.reason?.includes('settings-a') ?? false;
      if ((pending.expect === 'missing') !== missing) return;
      latencies.push(performance.now() - pending.since);
      waiting.delete(status.key);
    });

    const activeKube = kube;
    service = new StatusService({
      dataDir,
      kube: activeKube,
      hub,
      log: silentLogger,
      clientFor: async (contextId) =>
        createClientConfig(await activeKube.resolve(contextId), activeKube.deps),
      // Ten minutes of grace keep the instances Active while their ConfigMaps come and go.
      lifecycle: { failureGraceMs: 10 * 60_000 },
    });
    await service.start();
    await service.pin(contextIds[1]!);

    const keys = instances.map(({ cluster, namespace }) =>
      instanceKey(contextIds[cluster]!, namespace, 'bench'),
    );
    const readyBy = Date.now() + 180_000;
    while (keys.some((key) => service!.current(key)?.phase !== 'Active')) {
      if (Date.now() > readyBy)
        throw new Error('The instances did not all become Active within 3 minutes.');
      await sleep(500);
    }
    console.log('all 20 instances are Active; steady state starts');

    const monitors = contextIds.map((id) => service!.monitorOf(id)!);
    const before = monitors.map((monitor) => ({ ...monitor.transport.counts }));
    const started = performance.now();
    const core = configs.map((config) => config.makeApiClient(CoreV1Api));
    let changes = 0;
    while (performance.now() - started < steadySeconds * 1000) {
      const target = instances[Math.floor(Math.random() * instances.length)]!;
      const key = keys[instances.indexOf(target)]!;
      if (waiting.has(key)) {
        await sleep(changeIntervalMs);
        continue;
      }
      const api = core[target.cluster]!;
      const present = service.current(key)?.reason === null;
      if (present) {
        await api.deleteNamespacedConfigMap({ name: 'settings-a', namespace: target.namespace });
        waiting.set(key, { since: performance.now(), expect: 'missing' });
      } else {
        await api.createNamespacedConfigMap({
          namespace: target.namespace,
          body: settings(target.namespace, 'settings-a'),
        });
        waiting.set(key, { since: performance.now(), expect: 'present' });
      }
      changes += 1;
      await sleep(changeIntervalMs);
    }
    await sleep(2_000);
    const minutes = (performance.now() - started) / 60_000;

    const perCluster = monitors.map((monitor, index) => {
      const requests = monitor.transport.counts.requests - before[index]!.requests;
      const watches = monitor.transport.counts.watches - before[index]!.watches;
      return { requests, watches, openWatches: monitor.watchCount };
    });
    const requestsPerMinute = Math.max(...perCluster.map((entry) => entry.requests / minutes));
    perCluster.forEach((entry, index) =>
      console.log(
        `${contexts[index]}: ${entry.requests} requests besides watches, ${entry.watches} watch (re)connects, ${entry.openWatches} open watches in ${minutes.toFixed(1)} min`,
      ),
    );
    console.log(
      `${changes} changes, ${latencies.length} events measured, ${waiting.size} unanswered`,
    );
    const p95 = percentile(latencies, 0.95);
    console.log(
      `latency p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`,
    );
    console.log(
      JSON.stringify({
        bench: 'status',
        requests_per_min_per_cluster: Number(requestsPerMinute.toFixed(2)),
        p95_ms: Math.round(p95),
      }),
    );
  } finally {
    await service?.close();
    kube?.close();
    await sandbox.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
