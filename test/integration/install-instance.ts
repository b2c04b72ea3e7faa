import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import type { KubeConfig } from '@kubernetes/client-node';
import { expect } from 'vitest';

import { silentLogger } from '../../main/log';
import { applyPlan } from '../../main/provision/apply-engine';
import { planApply } from '../../main/provision/apply-plan';
import { createInventoryRecorder, writeRecord } from '../../main/provision/inventory';
import type { KubeObject, ObjectRef } from '../../main/provision/object-ref';
import { inventoryEntryFor } from '../../main/provision/upgrade-plan';
import {
  newInstanceRecord,
  type InstanceRecord,
  type Release,
} from '../../shared/provision/instance';

const execFileAsync = promisify(execFile);

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

/** kubectl of the sandbox programs, run as sandbox-admin of one sandbox. */
export interface SandboxKubectl {
  /** Runs kubectl with the arguments, feeding `input` on stdin, and returns its stdout. */
  run(args: string[], input?: string): Promise<string>;
  /** Tells whether the object exists; a kind no longer served (its CRD is gone) has no objects. */
  exists(ref: ObjectRef): Promise<boolean>;
}

/** Returns the kubectl resource name of a reference, such as `deployment.apps`. */
function resourceOf(ref: ObjectRef): string {
  const slash = ref.apiVersion.indexOf('/');
  return slash === -1
    ? ref.kind.toLowerCase()
    : `${ref.kind.toLowerCase()}.${ref.apiVersion.slice(0, slash)}`;
}

export function sandboxKubectl(binDir: string, kubeconfigPath: () => string): SandboxKubectl {
  const run = async (args: string[], input?: string): Promise<string> => {
    const child = execFileAsync(
      path.join(binDir, 'kubectl'),
      ['--kubeconfig', kubeconfigPath(), '--context', 'sandbox-admin', ...args],
      { maxBuffer: 32 * 1024 * 1024 },
    );
    if (input !== undefined) child.child.stdin?.end(input);
    return (await child).stdout;
  };

  const exists = async (ref: ObjectRef): Promise<boolean> => {
    const scope = ref.namespace ? ['-n', ref.namespace] : [];
    try {
      const output = await run([
        'get',
        resourceOf(ref),
        ref.name,
        ...scope,
        '-o',
        'name',
        '--ignore-not-found',
      ]);
      return output.trim() !== '';
    } catch (error) {
      if (/doesn't have a resource type/.test(String((error as { stderr?: string }).stderr))) {
        return false;
      }
      throw error;
    }
  };
  return { run, exists };
}
