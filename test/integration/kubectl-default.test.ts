import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';

import { ContextRegistry, contextId } from '../../main/kube/context-registry';
import { setKubectlDefault } from '../../main/kube/kubectl-default';
import { silentLogger } from '../../main/log';
import { AppError } from '../../shared/errors';

const run = promisify(execFile);
const kubectl = path.join(inject('sandboxBinDir'), 'kubectl');
const sandboxKubeconfig = inject('sandboxKubeconfig');

let folder = '';
let file = '';

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'kfd-kubectl-default-'));
  file = path.join(folder, 'config');
  // A comment and an unknown field, as hand-edited kubeconfigs have.
  const content = await readFile(sandboxKubeconfig, 'utf8');
  await writeFile(file, `# sandbox clusters\nx-team-owner: platform\n${content}`, { mode: 0o600 });
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function kubectlOutput(...args: string[]): Promise<string> {
  const { stdout } = await run(kubectl, [...args, '--kubeconfig', file], { timeout: 30_000 });
  return stdout.trim();
}

async function fingerprintNow() {
  const registry = new ContextRegistry(silentLogger);
  await registry.load([{ path: file, origin: 'default' }]);
  const fingerprint = registry.fingerprint(file);
  if (!fingerprint) throw new Error(`${file} was not read`);
  return fingerprint;
}

describe('setKubectlDefault with kubectl', () => {
  it('kubectl reads the new default', async () => {
    const before = await kubectlOutput('config', 'current-context');

    await setKubectlDefault(file, 'sandbox-b', await fingerprintNow());

    expect(before).not.toBe('sandbox-b');
    expect(await kubectlOutput('config', 'current-context')).toBe('sandbox-b');
  });

  it('keeps the comment and unknown field', async () => {
    await setKubectlDefault(file, 'sandbox-b', await fingerprintNow());

    expect(await readFile(file, 'utf8')).toMatch(/^# sandbox clusters\nx-team-owner: platform\n/);
  });

  it('kubectl reaches the new default', async () => {
    await setKubectlDefault(file, 'sandbox-b', await fingerprintNow());

    expect(await kubectlOutput('get', 'namespace', 'default', '-o', 'name')).toBe(
      'namespace/default',
    );
  });

  it('keeps the registry contexts', async () => {
    const before = new ContextRegistry(silentLogger);
    await before.load([{ path: file, origin: 'default' }]);

    await setKubectlDefault(file, 'sandbox-b', await fingerprintNow());
    const after = new ContextRegistry(silentLogger);
    await after.load([{ path: file, origin: 'default' }]);

    expect(after.list(null).contexts).toEqual(before.list(null).contexts);
    expect(after.resolve(contextId(file, 'sandbox-admin'))).toEqual(
      before.resolve(contextId(file, 'sandbox-admin')),
    );
  });

  it('rejects a file kubectl changed', async () => {
    const fingerprint = await fingerprintNow();
    await kubectlOutput('config', 'use-context', 'sandbox-alice');

    const error = await setKubectlDefault(file, 'sandbox-b', fingerprint).then(
      () => null,
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('kubeconfigChanged');
    expect(await kubectlOutput('config', 'current-context')).toBe('sandbox-alice');
  });
});
