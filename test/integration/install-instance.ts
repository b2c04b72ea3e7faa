import type { KubeConfig } from '@kubernetes/client-node';
import { expect } from 'vitest';

import { silentLogger } from '../../main/log';
import { applyPlan } from '../../main/provision/apply-engine';
import { planApply } from '../../main/provision/apply-plan';
import { createInventoryRecorder, writeRecord } from '../../main/provision/inventory';
import type { KubeObject } from '../../main/provision/object-ref';
import { inventoryEntryFor } from '../../main/provision/upgrade-plan';
import {
  newInstanceRecord,
  type InstanceRecord,
  type Release,
} from '../../shared/provision/instance';

/**
 * Installs objects as instance "team" the way the instance service does:
 * the record first, then each object applied and recorded, and the record
 * marked Active at the end.
 */
export async function installInstance(
  admin: KubeConfig,
  kubeconfigPath: string,
  objects: KubeObject[],
  release: Release = '1.10.0',
): Promise<InstanceRecord> {
  const record = newInstanceRecord({
    name: 'team',
    namespace: 'kubeflow',
    release,
    serviceType: 'serving',
    context: { source: kubeconfigPath, name: 'sandbox-admin' },
    owners: ['alice@example.com'],
    manifestSource: { kind: 'sandbox-simulation', path: null, tag: null },
  });
  const written = await writeRecord(admin, record, { log: silentLogger });
  const recorder = createInventoryRecorder(admin, record, { log: silentLogger });
  const result = await applyPlan(planApply(objects), {
    config: admin,
    target: { server: admin.getCurrentCluster()?.server ?? '', user: 'sandbox-admin' },
    readinessTimeoutMs: 120_000,
    onApplied: (ref, hash, live, outcome) =>
      recorder.record(
        inventoryEntryFor({ ref, hash, component: 'test' }, live, outcome, {
          createdNamespace: written.createdNamespace,
        }),
      ),
  });
  await recorder.close();
  expect(result.status).toBe('completed');

  const active: InstanceRecord = {
    ...recorder.written,
    status: { phase: 'Active', reason: null, updatedAt: new Date().toISOString() },
    generation: recorder.written.generation + 1,
  };
  await writeRecord(admin, active, { log: silentLogger });
  return active;
}
