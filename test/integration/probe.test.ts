import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { ContextRegistry, contextId, type ResolvedContext } from '../../main/kube/context-registry';
import { ExecCredentialProvider } from '../../main/kube/exec-credentials';
import { probeCluster } from '../../main/kube/probe';
import { silentLogger } from '../../main/log';
import { AppError } from '../../shared/errors';
import { start, type SandboxHandle } from '../../sandbox/sandbox';

const kubeconfig = inject('sandboxKubeconfig');
const deps = { execCredentials: new ExecCredentialProvider({ log: silentLogger }) };

async function resolveContext(file: string, name: string): Promise<ResolvedContext> {
  const registry = new ContextRegistry(silentLogger);
  await registry.load([{ path: file, origin: 'added' }]);
  const resolved = registry.resolve(contextId(file, name));
  if (!resolved) throw new Error(`context ${name} did not resolve`);
  return resolved;
}

async function probeError(resolved: ResolvedContext, timeoutMs?: number): Promise<AppError> {
  const error = await probeCluster(resolved, deps, timeoutMs).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('probeCluster', () => {
  it('reports version and cluster UID for sandbox-admin', async () => {
    const probe = await probeCluster(await resolveContext(kubeconfig, 'sandbox-admin'), deps);
    expect(probe.serverVersion).toBe('v1.36.3');
    expect(probe.clusterUid).toMatch(/^[0-9a-f-]{36}$/);
    expect(probe.latencyMs).toBeGreaterThan(0);
  });

  it('tells sandbox-b apart by cluster UID', async () => {
    const [first, second] = await Promise.all([
      probeCluster(await resolveContext(kubeconfig, 'sandbox-admin'), deps),
      probeCluster(await resolveContext(kubeconfig, 'sandbox-b'), deps),
    ]);
    expect(second.clusterUid).not.toBe(first.clusterUid);
  });

  it('gives alice the version without the UID', async () => {
    const probe = await probeCluster(await resolveContext(kubeconfig, 'sandbox-alice'), deps);
    expect(probe.serverVersion).toBe('v1.36.3');
    expect(probe.clusterUid).toBeNull();
  });

  it('classifies the expired credential as unauthorized', async () => {
    const error = await probeError(await resolveContext(kubeconfig, 'sandbox-expired'));
    expect(error.kind).toBe('unauthorized');
    expect(error.code).toBe('unauthorized');
    expect(error.params.user).toBe('sandbox-expired');
  });
});

describe('probeCluster on a stopped API server', () => {
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    sandbox = await start({ secondCluster: false, log: () => {} });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('reports unreachable, then recovers', async () => {
    const resolved = await resolveContext(sandbox.kubeconfigPath, 'sandbox-admin');
    await sandbox.primary.stopApiServer();

    const error = await probeError(resolved, 3_000);
    expect(error.kind).toBe('unreachable');
    expect(error.params.server).toBe(sandbox.primary.server);

    await sandbox.primary.startApiServer();
    const probe = await probeCluster(resolved, deps);
    expect(probe.serverVersion).toBe('v1.36.3');
  });
});
