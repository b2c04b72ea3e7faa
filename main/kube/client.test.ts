import { randomBytes } from 'node:crypto';
import type { Agent } from 'node:https';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

import { silentLogger } from '../log';
import { toKubeConfig } from './client';
import { ContextRegistry, type ResolvedContext } from './context-registry';

const startFolder = process.cwd();
let folder = '';

beforeEach(async () => {
  folder = await realpath(await mkdtemp(path.join(os.tmpdir(), 'kfd-client-')));
});

afterEach(async () => {
  process.chdir(startFolder);
  await rm(folder, { recursive: true, force: true });
});

/** Writes a kubeconfig into the temp folder and returns its path. */
async function writeKubeconfig(name: string, document: unknown): Promise<string> {
  const file = path.join(folder, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, stringify(document));
  return file;
}

/** Writes a kubeconfig with one context "x" on cluster "c" and user "u". */
function writeSingle(
  name: string,
  options: {
    cluster?: Record<string, unknown>;
    user?: Record<string, unknown>;
    namespace?: string;
    currentContext?: string;
  } = {},
) {
  return writeKubeconfig(name, {
    'current-context': options.currentContext,
    clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1', ...options.cluster } }],
    users: [{ name: 'u', user: options.user ?? { username: 'admin' } }],
    contexts: [{ name: 'x', context: { cluster: 'c', user: 'u', namespace: options.namespace } }],
  });
}

/** Loads the files and resolves context `name` of `source`, as the services do. */
async function resolveContext(
  files: string[],
  source: string,
  name = 'x',
): Promise<ResolvedContext> {
  const registry = new ContextRegistry(silentLogger);
  await registry.load(files.map((file) => ({ path: file, origin: 'added' as const })));
  const id = registry.findId(source, name);
  const resolved = id ? registry.resolve(id) : undefined;
  if (!resolved) throw new Error(`context ${name} of ${source} did not resolve`);
  return resolved;
}

describe('toKubeConfig', () => {
  it('holds exactly one context', async () => {
    const file = await writeSingle('config', { namespace: 'kubeflow' });

    const config = toKubeConfig(await resolveContext([file], file));

    expect(config.getContexts()).toEqual([
      { name: 'x', cluster: 'c', user: 'u', namespace: 'kubeflow' },
    ]);
    expect(config.getClusters()).toHaveLength(1);
    expect(config.getUsers()).toHaveLength(1);
    expect(config.getCurrentContext()).toBe('x');
  });

  it('ignores the file current-context', async () => {
    const file = await writeKubeconfig('config', {
      'current-context': 'other',
      clusters: [
        { name: 'c', cluster: { server: 'https://127.0.0.1:1' } },
        { name: 'd', cluster: { server: 'https://127.0.0.1:2' } },
      ],
      users: [{ name: 'u', user: { username: 'admin' } }],
      contexts: [
        { name: 'x', context: { cluster: 'c', user: 'u' } },
        { name: 'other', context: { cluster: 'd', user: 'u' } },
      ],
    });

    const config = toKubeConfig(await resolveContext([file], file));

    expect(config.getCurrentContext()).toBe('x');
    expect(config.getCurrentCluster()?.server).toBe('https://127.0.0.1:1');
    expect(config.getContextObject('other')).toBeNull();
  });

  it('uses the shadowed file cluster', async () => {
    const first = await writeSingle('first', { cluster: { server: 'https://127.0.0.1:1' } });
    const second = await writeSingle('second', { cluster: { server: 'https://127.0.0.1:2' } });

    const config = toKubeConfig(await resolveContext([first, second], second));

    expect(config.getCurrentCluster()?.server).toBe('https://127.0.0.1:2');
  });

  it('copies the cluster fields', async () => {
    const file = await writeSingle('config', {
      cluster: {
        'certificate-authority-data': 'Q0E=',
        'insecure-skip-tls-verify': true,
        'tls-server-name': 'kubernetes.default',
        'proxy-url': 'http://127.0.0.1:3128',
      },
    });

    const cluster = toKubeConfig(await resolveContext([file], file)).getCurrentCluster();

    expect(cluster?.name).toBe('c');
    expect(cluster?.server).toBe('https://127.0.0.1:1');
    expect(cluster?.caData).toBe('Q0E=');
    expect(cluster?.caFile).toBeUndefined();
    expect(cluster?.skipTLSVerify).toBe(true);
    expect(cluster?.tlsServerName).toBe('kubernetes.default');
    expect(cluster?.proxyUrl).toBe('http://127.0.0.1:3128');
  });

  it('copies a token', async () => {
    const token = randomBytes(16).toString('hex');
    const file = await writeSingle('config', { user: { token } });

    const user = toKubeConfig(await resolveContext([file], file)).getCurrentUser();

    expect(user?.token).toBe(token);
  });

  it('reads and trims tokenFile', async () => {
    const token = randomBytes(16).toString('hex');
    await mkdir(path.join(folder, 'secrets'));
    await writeFile(path.join(folder, 'secrets', 'token'), `  ${token}\n`);
    const file = await writeSingle('config', { user: { tokenFile: 'secrets/token' } });

    const user = toKubeConfig(await resolveContext([file], file)).getCurrentUser();

    expect(user?.token).toBe(token);
  });

  it('prefers tokenFile over token', async () => {
    const fromFile = randomBytes(16).toString('hex');
    const inline = randomBytes(16).toString('hex');
    await writeFile(path.join(folder, 'token'), fromFile);
    const file = await writeSingle('config', { user: { token: inline, tokenFile: 'token' } });

    const user = toKubeConfig(await resolveContext([file], file)).getCurrentUser();

    expect(user?.token).toBe(fromFile);
  });

  it('rejects a missing tokenFile', async () => {
    const file = await writeSingle('config', { user: { tokenFile: 'absent' } });
    const resolved = await resolveContext([file], file);

    expect(() => toKubeConfig(resolved)).toThrow(path.join(folder, 'absent'));
  });

  it('copies client certificate paths', async () => {
    const file = await writeSingle('config', {
      user: { 'client-certificate': 'pki/client.crt', 'client-key': 'pki/client.key' },
    });

    const user = toKubeConfig(await resolveContext([file], file)).getCurrentUser();

    expect(user?.certFile).toBe(path.join(folder, 'pki', 'client.crt'));
    expect(user?.keyFile).toBe(path.join(folder, 'pki', 'client.key'));
  });

  it('copies client certificate data', async () => {
    const file = await writeSingle('config', {
      user: { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' },
    });

    const user = toKubeConfig(await resolveContext([file], file)).getCurrentUser();

    expect(user?.certData).toBe('Q0VSVA==');
    expect(user?.keyData).toBe('S0VZ');
  });

  it('copies basic credentials', async () => {
    const password = randomBytes(16).toString('hex');
    const file = await writeSingle('config', { user: { username: 'admin', password } });

    const user = toKubeConfig(await resolveContext([file], file)).getCurrentUser();

    expect(user?.username).toBe('admin');
    expect(user?.password).toBe(password);
  });

  it('copies exec with a resolved command', async () => {
    const file = await writeSingle('config', {
      user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './bin/helper' } },
    });

    const user = toKubeConfig(await resolveContext([file], file)).getCurrentUser();

    expect(user?.exec).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1',
      command: path.join(folder, 'bin', 'helper'),
    });
  });

  it('copies auth-provider', async () => {
    const file = await writeSingle('config', {
      user: { 'auth-provider': { name: 'oidc', config: { 'client-id': 'kubeflow' } } },
    });

    const user = toKubeConfig(await resolveContext([file], file)).getCurrentUser();

    expect(user?.authProvider).toEqual({ name: 'oidc', config: { 'client-id': 'kubeflow' } });
  });
});

describe('toKubeConfig request options', () => {
  it('sends the bearer token', async () => {
    const token = randomBytes(16).toString('hex');
    const file = await writeSingle('config', { user: { token } });
    const config = toKubeConfig(await resolveContext([file], file));

    const options = await config.applyToFetchOptions({});
    // client-node 1.4 declares node-fetch's HeadersInit here but returns a global Headers.
    const headers = options.headers as unknown as Headers;

    expect(headers.get('Authorization')).toBe(`Bearer ${token}`);
  });

  it('reads a relative CA after chdir', async () => {
    const authority = `test authority ${randomBytes(8).toString('hex')}`;
    await mkdir(path.join(folder, 'team', 'certs'), { recursive: true });
    await writeFile(path.join(folder, 'team', 'certs', 'ca.crt'), authority);
    process.chdir(folder);
    const relative = path.join('team', 'config');
    await writeSingle(relative, { cluster: { 'certificate-authority': 'certs/ca.crt' } });
    const resolved = await resolveContext([relative], relative);

    process.chdir(os.tmpdir());
    const config = toKubeConfig(resolved);
    const options = await config.applyToFetchOptions({});
    const agent = options.agent as Agent;

    expect(config.getCurrentCluster()?.caFile).toBe(path.join(folder, 'team', 'certs', 'ca.crt'));
    expect(String(agent.options.ca)).toBe(authority);
  });
});
