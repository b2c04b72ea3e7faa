import { randomBytes } from 'node:crypto';
import type { Agent } from 'node:https';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

import { silentLogger } from '../log';
import { ApiException } from '@kubernetes/client-node';

import { AppError } from '../../shared/errors';
import { callWithReauth, createClientConfig, type ClientDeps } from './client';
import { ContextRegistry, type ResolvedContext } from './context-registry';
import {
  execCredentialKey,
  type ExecCredential,
  type ExecCredentialRequest,
  type ExecCredentialSource,
} from './exec-credentials';

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

/** Writes placeholder files at paths relative to the temp folder, so entries naming them pass validation. */
async function writeTestFiles(...names: string[]): Promise<void> {
  for (const name of names) {
    await mkdir(path.dirname(path.join(folder, name)), { recursive: true });
    await writeFile(path.join(folder, name), `test content of ${name}`);
  }
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

/** An exec credential source that returns a fixed credential and records its requests. */
class FixedCredentials implements ExecCredentialSource {
  readonly requests: ExecCredentialRequest[] = [];
  readonly invalidated: string[] = [];
  credential: ExecCredential = {
    token: null,
    clientCertificateData: null,
    clientKeyData: null,
    expiresAt: null,
  };

  get(request: ExecCredentialRequest): Promise<ExecCredential> {
    this.requests.push(request);
    return Promise.resolve(this.credential);
  }

  invalidate(key: string): void {
    this.invalidated.push(key);
  }
}

let credentials = new FixedCredentials();
let deps: ClientDeps = { execCredentials: credentials };

beforeEach(() => {
  credentials = new FixedCredentials();
  deps = { execCredentials: credentials };
});

/** Loads the files and builds the client configuration of context "x" of `source`. */
async function build(files: string[], source: string) {
  return createClientConfig(await resolveContext(files, source), deps);
}

describe('createClientConfig', () => {
  it('holds exactly one context', async () => {
    const file = await writeSingle('config', { namespace: 'kubeflow' });

    const config = await build([file], file);

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

    const config = await build([file], file);

    expect(config.getCurrentContext()).toBe('x');
    expect(config.getCurrentCluster()?.server).toBe('https://127.0.0.1:1');
    expect(config.getContextObject('other')).toBeNull();
  });

  it('uses the shadowed file cluster', async () => {
    const first = await writeSingle('first', { cluster: { server: 'https://127.0.0.1:1' } });
    const second = await writeSingle('second', { cluster: { server: 'https://127.0.0.1:2' } });

    const config = await build([first, second], second);

    expect(config.getCurrentCluster()?.server).toBe('https://127.0.0.1:2');
  });

  it('copies the cluster fields', async () => {
    const file = await writeSingle('config', {
      cluster: {
        'certificate-authority-data': 'Q0E=',
        'tls-server-name': 'kubernetes.default',
        'proxy-url': 'http://127.0.0.1:3128',
      },
    });

    const cluster = (await build([file], file)).getCurrentCluster();

    expect(cluster?.name).toBe('c');
    expect(cluster?.server).toBe('https://127.0.0.1:1');
    expect(cluster?.caData).toBe('Q0E=');
    expect(cluster?.caFile).toBeUndefined();
    expect(cluster?.skipTLSVerify).toBe(false);
    expect(cluster?.tlsServerName).toBe('kubernetes.default');
    expect(cluster?.proxyUrl).toBe('http://127.0.0.1:3128');
  });

  it('copies insecure-skip-tls-verify', async () => {
    const file = await writeSingle('config', { cluster: { 'insecure-skip-tls-verify': true } });

    const cluster = (await build([file], file)).getCurrentCluster();

    expect(cluster?.skipTLSVerify).toBe(true);
  });

  it('copies a token', async () => {
    const token = randomBytes(16).toString('hex');
    const file = await writeSingle('config', { user: { token } });

    const user = (await build([file], file)).getCurrentUser();

    expect(user?.token).toBe(token);
  });

  it('reads and trims tokenFile', async () => {
    const token = randomBytes(16).toString('hex');
    await mkdir(path.join(folder, 'secrets'));
    await writeFile(path.join(folder, 'secrets', 'token'), `  ${token}\n`);
    const file = await writeSingle('config', { user: { tokenFile: 'secrets/token' } });

    const user = (await build([file], file)).getCurrentUser();

    expect(user?.token).toBe(token);
  });

  it('prefers tokenFile over token', async () => {
    const fromFile = randomBytes(16).toString('hex');
    const inline = randomBytes(16).toString('hex');
    await writeFile(path.join(folder, 'token'), fromFile);
    const file = await writeSingle('config', { user: { token: inline, tokenFile: 'token' } });

    const user = (await build([file], file)).getCurrentUser();

    expect(user?.token).toBe(fromFile);
  });

  it('rejects a deleted tokenFile', async () => {
    await writeFile(path.join(folder, 'token'), randomBytes(16).toString('hex'));
    const file = await writeSingle('config', { user: { tokenFile: 'token' } });
    const resolved = await resolveContext([file], file);
    await rm(path.join(folder, 'token'));

    const error = await createClientConfig(resolved, deps).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('invalid-request');
    expect((error as AppError).code).toBe('tokenFileUnreadable');
    expect((error as AppError).params.path).toBe(path.join(folder, 'token'));
  });

  it('rereads tokenFile on each build', async () => {
    const first = randomBytes(16).toString('hex');
    const second = randomBytes(16).toString('hex');
    await writeFile(path.join(folder, 'token'), first);
    const file = await writeSingle('config', { user: { tokenFile: 'token' } });
    const resolved = await resolveContext([file], file);

    const before = (await createClientConfig(resolved, deps)).getCurrentUser();
    await writeFile(path.join(folder, 'token'), second);
    const after = (await createClientConfig(resolved, deps)).getCurrentUser();

    expect(before?.token).toBe(first);
    expect(after?.token).toBe(second);
  });

  it('copies client certificate paths', async () => {
    await writeTestFiles('pki/client.crt', 'pki/client.key');
    const file = await writeSingle('config', {
      user: { 'client-certificate': 'pki/client.crt', 'client-key': 'pki/client.key' },
    });

    const user = (await build([file], file)).getCurrentUser();

    expect(user?.certFile).toBe(path.join(folder, 'pki', 'client.crt'));
    expect(user?.keyFile).toBe(path.join(folder, 'pki', 'client.key'));
  });

  it('copies client certificate data', async () => {
    const file = await writeSingle('config', {
      user: { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' },
    });

    const user = (await build([file], file)).getCurrentUser();

    expect(user?.certData).toBe('Q0VSVA==');
    expect(user?.keyData).toBe('S0VZ');
  });

  it('copies basic credentials', async () => {
    const password = randomBytes(16).toString('hex');
    const file = await writeSingle('config', { user: { username: 'admin', password } });

    const user = (await build([file], file)).getCurrentUser();

    expect(user?.username).toBe('admin');
    expect(user?.password).toBe(password);
  });

  it('passes exec to the provider', async () => {
    const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: './bin/helper' };
    const file = await writeSingle('config', { user: { exec } });
    credentials.credential = { ...credentials.credential, token: 'unused' };

    await build([file], file);

    expect(credentials.requests).toHaveLength(1);
    expect(credentials.requests[0]?.key).toBe(execCredentialKey(file, 'u'));
    expect(credentials.requests[0]?.user).toBe('u');
    expect(credentials.requests[0]?.exec).toEqual({
      ...exec,
      command: path.join(folder, 'bin', 'helper'),
    });
    expect(credentials.requests[0]?.cluster.server).toBe('https://127.0.0.1:1');
  });

  it('uses an exec token', async () => {
    const token = randomBytes(16).toString('hex');
    credentials.credential = { ...credentials.credential, token };
    const file = await writeSingle('config', {
      user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'helper' } },
    });

    const user = (await build([file], file)).getCurrentUser();

    expect(user?.token).toBe(token);
    expect(user?.exec).toBeUndefined();
  });

  it('uses an exec certificate over files', async () => {
    await writeTestFiles('client.crt', 'client.key');
    credentials.credential = {
      ...credentials.credential,
      clientCertificateData: 'test certificate',
      clientKeyData: 'test key',
    };
    const file = await writeSingle('config', {
      user: {
        'client-certificate': 'client.crt',
        'client-key': 'client.key',
        exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'helper' },
      },
    });

    const user = (await build([file], file)).getCurrentUser();

    expect(user?.certFile).toBeUndefined();
    expect(user?.keyFile).toBeUndefined();
    expect(Buffer.from(user?.certData ?? '', 'base64').toString()).toBe('test certificate');
    expect(Buffer.from(user?.keyData ?? '', 'base64').toString()).toBe('test key');
  });

  it('leaves non-exec users to the kubeconfig', async () => {
    const file = await writeSingle('config', { user: { token: 'inline' } });

    await build([file], file);

    expect(credentials.requests).toHaveLength(0);
  });

  it('allows an http server', async () => {
    const file = await writeSingle('config', { cluster: { server: 'http://127.0.0.1:8001' } });

    const cluster = (await build([file], file)).getCurrentCluster();

    expect(cluster?.skipTLSVerify).toBe(true);
  });

  it('copies auth-provider', async () => {
    const file = await writeSingle('config', {
      user: { 'auth-provider': { name: 'oidc', config: { 'client-id': 'kubeflow' } } },
    });

    const user = (await build([file], file)).getCurrentUser();

    expect(user?.authProvider).toEqual({ name: 'oidc', config: { 'client-id': 'kubeflow' } });
  });
});

describe('createClientConfig request options', () => {
  it('sends the bearer token', async () => {
    const token = randomBytes(16).toString('hex');
    const file = await writeSingle('config', { user: { token } });
    const config = await build([file], file);

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
    const config = await createClientConfig(resolved, deps);
    const options = await config.applyToFetchOptions({});
    const agent = options.agent as Agent;

    expect(config.getCurrentCluster()?.caFile).toBe(path.join(folder, 'team', 'certs', 'ca.crt'));
    expect(String(agent.options.ca)).toBe(authority);
  });
});

describe('callWithReauth', () => {
  const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: 'helper' };
  const unauthorized = () => new ApiException(401, 'Unauthorized', '{"code":401}', {});

  it('retries an exec user once after 401', async () => {
    credentials.credential = { ...credentials.credential, token: 'first' };
    const file = await writeSingle('config', { user: { exec } });
    const seen: (string | undefined)[] = [];

    const result = await callWithReauth(await resolveContext([file], file), deps, (config) => {
      seen.push(config.getCurrentUser()?.token);
      credentials.credential = { ...credentials.credential, token: 'second' };
      return seen.length === 1 ? Promise.reject(unauthorized()) : Promise.resolve('done');
    });

    expect(result).toBe('done');
    expect(seen).toEqual(['first', 'second']);
    expect(credentials.invalidated).toEqual([execCredentialKey(file, 'u')]);
  });

  it('retries after a classified 401', async () => {
    const file = await writeSingle('config', { user: { exec } });
    let calls = 0;

    await callWithReauth(await resolveContext([file], file), deps, () => {
      calls += 1;
      const error = new AppError('unauthorized', 'unauthorized', 'rejected');
      return calls === 1 ? Promise.reject(error) : Promise.resolve();
    });

    expect(calls).toBe(2);
  });

  it('gives up after the second 401', async () => {
    const file = await writeSingle('config', { user: { exec } });
    let calls = 0;

    const error = await callWithReauth(await resolveContext([file], file), deps, () => {
      calls += 1;
      return Promise.reject(unauthorized());
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiException);
    expect(calls).toBe(2);
  });

  it('does not retry a token user', async () => {
    const file = await writeSingle('config', { user: { token: 'inline' } });
    let calls = 0;

    const error = await callWithReauth(await resolveContext([file], file), deps, () => {
      calls += 1;
      return Promise.reject(unauthorized());
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiException);
    expect(calls).toBe(1);
    expect(credentials.invalidated).toEqual([]);
  });

  it('does not retry a 403', async () => {
    const file = await writeSingle('config', { user: { exec } });
    let calls = 0;

    await callWithReauth(await resolveContext([file], file), deps, () => {
      calls += 1;
      return Promise.reject(new ApiException(403, 'Forbidden', '{}', {}));
    }).catch(() => undefined);

    expect(calls).toBe(1);
    expect(credentials.invalidated).toEqual([]);
  });
});
