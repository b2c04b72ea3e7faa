// Installs the generated 1.8.0 serving bundle into a private sandbox and
// upgrades it to 1.10.0. The bundle uses fixed names (namespace kubeflow,
// cluster-wide CRDs and ClusterRoles), so it must not touch the shared sandbox.

import type { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { silentLogger } from '../../main/log';
import { readRecord } from '../../main/provision/inventory';
import { formatRef, type KubeObject, type ObjectRef } from '../../main/provision/object-ref';
import { generateSandboxBundle } from '../../main/provision/sandbox-bundle';
import { applyUpgrade, planUpgrade } from '../../main/provision/upgrade-plan';
import { inventoryKey, type InstanceRecord, type Release } from '../../shared/provision/instance';
import { start, type SandboxHandle } from '../../sandbox/sandbox';
import { kubeConfigFor } from '../kube-helpers';
import { installInstance, sandboxKubectl } from './install-instance';

const binDir = inject('sandboxBinDir');

let sandbox: SandboxHandle;
let admin: KubeConfig;

const { exists } = sandboxKubectl(binDir, () => sandbox.kubeconfigPath);

const target = () => ({ server: admin.getCurrentCluster()?.server ?? '', user: 'sandbox-admin' });

beforeAll(async () => {
  sandbox = await start({ secondCluster: false, binDir, log: () => undefined });
  admin = kubeConfigFor(sandbox.kubeconfigPath, 'sandbox-admin');
});

afterAll(async () => {
  await sandbox?.stop();
});

const bundleOf = (release: Release) =>
  generateSandboxBundle(release, 'serving', { ownerEmail: 'alice@example.com' }).objects;

describe('upgrade 1.8.0 to 1.10.0', () => {
  const oldObjects = bundleOf('1.8.0');
  const newObjects = bundleOf('1.10.0');
  const keysOf = (objects: KubeObject[]) =>
    new Set(
      objects.map((object) =>
        inventoryKey({
          apiVersion: object.apiVersion,
          kind: object.kind,
          namespace: object.metadata.namespace ?? null,
          name: object.metadata.name,
        }),
      ),
    );
  const oldKeys = keysOf(oldObjects);
  const newKeys = keysOf(newObjects);
  const refOfObject = (object: KubeObject): ObjectRef => ({
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace ?? null,
    name: object.metadata.name,
  });
  const onlyNew = newObjects.filter((object) => !oldKeys.has(inventoryKey(refOfObject(object))));
  const onlyOld = oldObjects.filter((object) => !newKeys.has(inventoryKey(refOfObject(object))));
  let installed: InstanceRecord;

  beforeAll(async () => {
    installed = await installInstance(admin, sandbox.kubeconfigPath, oldObjects, '1.8.0');
  });

  it('has objects to add and to prune', () => {
    expect(onlyNew.length).toBeGreaterThan(0);
    expect(onlyOld.length).toBeGreaterThan(0);
    expect(onlyOld.map((object) => formatRef(refOfObject(object)))).toContain(
      'CustomResourceDefinition mxjobs.kubeflow.org',
    );
  });

  it('plans the difference', () => {
    const plan = planUpgrade(installed, newObjects, { release: '1.10.0' });
    expect(plan.from).toBe('1.8.0');
    expect(plan.to).toBe('1.10.0');
    expect(plan.apply.total).toBe(newObjects.length);
    expect(plan.added.map(formatRef).sort()).toEqual(
      onlyNew.map((object) => formatRef(refOfObject(object))).sort(),
    );
    expect(plan.prune.map((entry) => formatRef(entry.ref)).sort()).toEqual(
      onlyOld.map((object) => formatRef(refOfObject(object))).sort(),
    );
    expect(plan.added.length + plan.changed.length + plan.unchanged.length).toBe(newObjects.length);
    expect(plan.unchanged.length).toBeGreaterThan(0);
    expect(plan.changed.length).toBeGreaterThan(0);
  });

  it('keeps old objects unless confirmed', async () => {
    const plan = planUpgrade(installed, newObjects, { release: '1.10.0' });
    const result = await applyUpgrade(admin, installed, plan, {
      target: target(),
      confirmPrune: false,
      readinessTimeoutMs: 120_000,
      log: silentLogger,
    });
    expect(result.status).toBe('completed');
    expect(result.prune).toBeNull();
    expect(result.record.spec.release).toBe('1.10.0');
    expect(result.record.status.phase).toBe('Active');
    expect(result.record.status.reason).toContain(`${onlyOld.length} objects of release 1.8.0`);
    for (const object of onlyOld.slice(0, 5)) expect(await exists(refOfObject(object))).toBe(true);
    // The old objects stay in the inventory, so a delete still finds them.
    expect(result.record.inventory).toHaveLength(newObjects.length + onlyOld.length);
    installed = result.record;
  });

  it('upgrades and prunes', { timeout: 300_000 }, async () => {
    const plan = planUpgrade(installed, newObjects, { release: '1.10.0' });
    expect(plan.from).toBe('1.10.0');
    expect(plan.added).toEqual([]);
    const result = await applyUpgrade(admin, installed, plan, {
      target: target(),
      confirmPrune: true,
      readinessTimeoutMs: 120_000,
      prune: { deadlineMs: 180_000 },
      log: silentLogger,
    });
    expect(result.prune?.stuck).toEqual([]);
    expect(result.status).toBe('completed');

    const missing: string[] = [];
    for (const object of onlyNew) {
      if (!(await exists(refOfObject(object)))) missing.push(formatRef(refOfObject(object)));
    }
    expect(missing).toEqual([]);
    const left: string[] = [];
    for (const object of onlyOld) {
      if (await exists(refOfObject(object))) left.push(formatRef(refOfObject(object)));
    }
    expect(left).toEqual([]);

    const stored = await readRecord(admin, 'kubeflow', 'team', { log: silentLogger });
    expect(stored.spec.release).toBe('1.10.0');
    expect(stored.status.phase).toBe('Active');
    expect(stored.status.reason).toBeNull();
    expect([...keysOf(newObjects)].sort()).toEqual(
      stored.inventory.map((entry) => inventoryKey(entry.ref)).sort(),
    );
    expect(stored.inventory.every((entry) => entry.created === true)).toBe(true);
  });
});
