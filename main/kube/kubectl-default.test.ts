import {
  chmod,
  lstat,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AppError } from '../../shared/errors';
import { fingerprintOf } from './context-registry';
import { parseKubeconfig } from './kubeconfig-file';
import { setKubectlDefault, withCurrentContext } from './kubectl-default';

let folder = '';

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'kfd-kubectl-default-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** A kubeconfig as people keep them: comments, a field kubectl does not know, and kubectl's list layout. */
const commented = `# Team clusters; edited by hand.
apiVersion: v1
kind: Config
preferences: {}
x-team-owner: platform   # not a kubeconfig field; kubectl keeps it too
clusters:
- cluster:
    server: https://127.0.0.1:6443
  name: prod
users:
- name: admin
  user:
    username: admin
contexts:
- context:
    cluster: prod
    user: admin
  name: prod-admin
- context:
    cluster: prod
    user: admin
    namespace: kubeflow
  name: "1.10"
current-context: prod-admin # the context kubectl uses
`;

async function writeConfig(content: string, name = 'config'): Promise<string> {
  const file = path.join(folder, name);
  await writeFile(file, content);
  return file;
}

async function rejection(action: Promise<unknown>): Promise<AppError> {
  const error = await action.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('setKubectlDefault', () => {
  it('changes only current-context', async () => {
    const file = await writeConfig(commented);

    await setKubectlDefault(file, '1.10', fingerprintOf(commented));

    expect(await readFile(file, 'utf8')).toBe(
      commented.replace(
        'current-context: prod-admin # the context',
        'current-context: "1.10" # the context',
      ),
    );
  });

  it('returns the previous context', async () => {
    const file = await writeConfig(commented);

    const result = await setKubectlDefault(file, '1.10', fingerprintOf(commented));

    expect(result).toEqual({ path: file, previous: 'prod-admin' });
  });

  it('reads back the new context', async () => {
    const file = await writeConfig(commented);

    await setKubectlDefault(file, '1.10', fingerprintOf(commented));

    expect(parseKubeconfig(await readFile(file, 'utf8'), file).currentContext).toBe('1.10');
  });

  it('appends a missing current-context', async () => {
    const content = commented.replace(/^current-context:.*\n/m, '');
    const file = await writeConfig(content);

    const result = await setKubectlDefault(file, 'prod-admin', fingerprintOf(content));

    expect(result.previous).toBeNull();
    expect(await readFile(file, 'utf8')).toBe(`${content}current-context: prod-admin\n`);
  });

  it('keeps the mode', async () => {
    const file = await writeConfig(commented);
    await chmod(file, 0o640);

    await setKubectlDefault(file, '1.10', fingerprintOf(commented));

    expect((await stat(file)).mode & 0o777).toBe(0o640);
  });

  it('writes through a link', async () => {
    const real = await writeConfig(commented, 'real-config');
    const link = path.join(folder, 'config');
    await symlink(real, link);

    await setKubectlDefault(link, '1.10', fingerprintOf(commented));

    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(parseKubeconfig(await readFile(real, 'utf8'), real).currentContext).toBe('1.10');
  });

  it('leaves no temporary file', async () => {
    const file = await writeConfig(commented);

    await setKubectlDefault(file, '1.10', fingerprintOf(commented));

    expect(await readdir(folder)).toEqual(['config']);
  });

  it('rejects a changed file', async () => {
    const file = await writeConfig(commented);
    const readByRegistry = fingerprintOf(commented);
    const edited = commented.replace('username: admin', 'username: operator');
    await writeFile(file, edited);

    const error = await rejection(setKubectlDefault(file, '1.10', readByRegistry));

    expect(error.code).toBe('kubeconfigChanged');
    expect(error.kind).toBe('conflict');
    expect(error.params.path).toBe(file);
    expect(await readFile(file, 'utf8')).toBe(edited);
  });

  it('rejects a deleted file', async () => {
    const file = await writeConfig(commented);
    await rm(file);

    const error = await rejection(setKubectlDefault(file, '1.10', fingerprintOf(commented)));

    expect(error.code).toBe('kubeconfigChanged');
  });

  it('rejects an unknown context', async () => {
    const file = await writeConfig(commented);

    const error = await rejection(setKubectlDefault(file, 'staging', fingerprintOf(commented)));

    expect(error.code).toBe('contextNotFound');
    expect(await readFile(file, 'utf8')).toBe(commented);
  });
});

describe('withCurrentContext', () => {
  it('quotes a name YAML reads as a number', () => {
    const result = withCurrentContext('current-context: a\n', '1.10');

    expect(result).toBe('current-context: "1.10"\n');
  });

  it('replaces a quoted value', () => {
    const result = withCurrentContext("current-context: 'old' # kept\n", 'admin@team/prod');

    expect(result).toBe('current-context: admin@team/prod # kept\n');
  });

  it('adds a newline before appending', () => {
    const result = withCurrentContext('kind: Config', 'x');

    expect(result).toBe('kind: Config\ncurrent-context: x\n');
  });

  it('rewrites a JSON kubeconfig', () => {
    const content = JSON.stringify({ kind: 'Config', 'x-owner': 'platform', contexts: [] });

    const result = withCurrentContext(content, 'x');

    expect(parseKubeconfig(result, 'config').currentContext).toBe('x');
    expect(result).toContain('x-owner');
  });

  it('replaces an empty value', () => {
    const result = withCurrentContext('current-context: ""\nkind: Config\n', 'x');

    expect(result).toBe('current-context: x\nkind: Config\n');
  });

  it('sets a key without a value', () => {
    const result = withCurrentContext('current-context:\nkind: Config\n', 'x');

    expect(parseKubeconfig(result, 'config').currentContext).toBe('x');
    expect(result).toContain('kind: Config');
  });
});
