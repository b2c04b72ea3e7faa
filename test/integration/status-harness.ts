import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import {
  KubernetesObjectApi,
  type KubeConfig,
  type KubernetesObject,
} from '@kubernetes/client-node';

import { EventHub } from '../../main/ipc/event-hub';
import { createClientConfig } from '../../main/kube/client';
import { KubeService } from '../../main/kube/kube-service';
import { createLogger, silentLogger } from '../../main/log';
import { writeRecord } from '../../main/provision/inventory';
import { StatusService, type StatusServiceOptions } from '../../main/status/status-service';
import { openCheckStore } from '../../main/store/check-store';
import { openSettingsStore } from '../../main/store/settings-store';
import {
  newInstanceRecord,
  type InstanceRecord,
  type InventoryEntry,
} from '../../shared/provision/instance';
import type { InstanceStatusView } from '../../shared/status/schemas';

export interface EngineHarness {
  service: StatusService;
  hub: EventHub;
  kube: KubeService;
  contextId: string;
  dataDir: string;
  /** Every status.changed payload, in order. */
  changes: InstanceStatusView[];
  /** When each of `changes` arrived, in milliseconds of the monotonic clock (performance.now). */
  changeTimes: number[];
  /** Stops the engine; keeps the data folder when `keepData` is set, for a restart. */
  close(keepData?: boolean): Promise<void>;
}

const log = process.env.KFD_TEST_LOG ? createLogger('test', 'debug') : silentLogger;

/**
 * Starts the real kubeconfig service on one kubeconfig file with the given
 * context active, and the status engine on top of it.
 */
export async function startEngine(
  kubeconfigPath: string,
  contextName: string,
  options: Partial<StatusServiceOptions> & { dataDir?: string } = {},
): Promise<EngineHarness> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'kfd-status-')));
  const hub = new EventHub(log);
  const kube = new KubeService({
    baseSources: [{ path: kubeconfigPath, origin: 'added' }],
    dataDir,
    settings: openSettingsStore(dataDir, log),
    checks: openCheckStore(dataDir, log),
    vault: null,
    hub,
    log,
    live: false,
  });
  await kube.start();
  const list = await kube.listContexts();
  const context = list.contexts.find((entry) => entry.ref.name === contextName);
  if (!context) throw new Error(`The kubeconfig has no context ${contextName}.`);
  await kube.setActiveContext(context.id);

  const changes: InstanceStatusView[] = [];
  const changeTimes: number[] = [];
  hub.subscribe((event, payload) => {
    if (event !== 'status.changed') return;
    changes.push(payload as InstanceStatusView);
    changeTimes.push(performance.now());
  });
  const service = new StatusService({
    dataDir,
    kube,
    hub,
    log,
    clientFor: async (contextId) => createClientConfig(await kube.resolve(contextId), kube.deps),
    tickMs: 500,
    ...options,
  });
  await service.start();
  return {
    service,
    hub,
    kube,
    contextId: context.id,
    dataDir,
    changes,
    changeTimes,
    async close(keepData = false) {
      await service.close();
      kube.close();
      if (!keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function deployment(
  namespace: string,
  name: string,
  image: string,
  options: { replicas?: number; gpus?: number; progressDeadlineSeconds?: number } = {},
): KubernetesObject {
  const labels = { app: name };
  const resources = options.gpus
    ? {
        limits: { 'nvidia.com/gpu': String(options.gpus) },
        requests: { 'nvidia.com/gpu': String(options.gpus) },
      }
    : undefined;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas: options.replicas ?? 1,
      ...(options.progressDeadlineSeconds
        ? { progressDeadlineSeconds: options.progressDeadlineSeconds }
        : {}),
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: 'main', image, ...(resources ? { resources } : {}) }],
          // kwok's fake nodes carry taints in some pools; tolerate them all.
          tolerations: [{ operator: 'Exists' }],
        },
      },
    },
  } as KubernetesObject;
}

export function configMap(namespace: string, name: string): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace },
    data: { a: '1' },
  } as KubernetesObject;
}

/** Creates objects and writes the instance record whose inventory lists them, each under its component. */
export async function installInstance(
  config: KubeConfig,
  kubeconfigPath: string,
  instance: { namespace: string; name: string; phase?: InstanceRecord['status']['phase'] },
  objects: { object: KubernetesObject; component: string }[],
): Promise<InstanceRecord> {
  const api = KubernetesObjectApi.makeApiClient(config);
  for (const { object } of objects) await api.create(object);

  const now = new Date().toISOString();
  const record = newInstanceRecord({
    name: instance.name,
    namespace: instance.namespace,
    release: '1.10.0',
    serviceType: 'essential',
    context: { source: kubeconfigPath, name: config.getCurrentContext() },
    owners: ['alice@example.com'],
    manifestSource: { kind: 'sandbox-simulation', path: null, tag: null },
  });
  record.inventory = objects.map(({ object, component }): InventoryEntry => ({
    ref: {
      apiVersion: object.apiVersion ?? 'v1',
      kind: object.kind ?? '',
      namespace: object.metadata?.namespace ?? null,
      name: object.metadata?.name ?? '',
    },
    hash: 'test',
    component,
    appliedAt: now,
  }));
  if (instance.phase) record.status = { phase: instance.phase, reason: null, updatedAt: now };
  await writeRecord(config, record);
  return record;
}

/** Waits until the engine reports the instance in one of the phases, and returns its status. */
export async function waitForPhase(
  service: StatusService,
  key: string,
  phases: InstanceStatusView['phase'][],
  timeoutMs = 60_000,
): Promise<InstanceStatusView> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = service.current(key);
    if (status && phases.includes(status.phase)) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const last = service.current(key);
  throw new Error(
    `Timed out waiting for ${key} to be ${phases.join(' or ')}: it is ${last?.phase ?? 'unknown'} (${last?.reason ?? ''}).`,
  );
}
