import { randomBytes } from 'node:crypto';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

import { parseKubeconfig } from './kubeconfig-file';

const folder = path.join(os.tmpdir(), 'kubeconfigs', 'team-a');
const filePath = path.join(folder, 'config');

/** Parses a kubeconfig built from a plain object, as if it were read from `file`. */
function parseObject(document: unknown, file = filePath) {
  return parseKubeconfig(stringify(document), file);
}

/** Parses a kubeconfig that contains one user and returns that user's entry. */
function parseUser(user: unknown) {
  const file = parseObject({ users: [{ name: 'u', user }] });
  const entry = file.users.get('u');
  if (!entry) throw new Error('the user entry was not parsed');
  return entry;
}

describe('parseKubeconfig', () => {
  it('reads clusters, users and contexts', () => {
    const file = parseObject({
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
      users: [{ name: 'u', user: { username: 'admin' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u', namespace: 'kubeflow' } }],
    });

    expect(file.path).toBe(filePath);
    expect([...file.clusters.keys()]).toEqual(['c']);
    expect([...file.users.keys()]).toEqual(['u']);
    expect(file.contexts).toEqual([{ name: 'x', cluster: 'c', user: 'u', namespace: 'kubeflow' }]);
  });

  it('reads every cluster field', () => {
    const file = parseObject({
      clusters: [
        {
          name: 'c',
          cluster: {
            server: 'https://127.0.0.1:1',
            'certificate-authority-data': 'Q0E=',
            'insecure-skip-tls-verify': true,
            'tls-server-name': 'kubernetes.default',
            'proxy-url': 'http://127.0.0.1:3128',
          },
        },
      ],
    });

    expect(file.clusters.get('c')).toEqual({
      name: 'c',
      server: 'https://127.0.0.1:1',
      certificateAuthority: null,
      certificateAuthorityData: 'Q0E=',
      insecureSkipTlsVerify: true,
      tlsServerName: 'kubernetes.default',
      proxyUrl: 'http://127.0.0.1:3128',
    });
  });

  it('reads current-context', () => {
    const file = parseObject({ 'current-context': 'x' });

    expect(file.currentContext).toBe('x');
  });

  it('keeps a dangling current-context', () => {
    const file = parseObject({ 'current-context': 'gone', contexts: [] });

    expect(file.currentContext).toBe('gone');
    expect(file.contexts).toEqual([]);
  });

  it('reads an empty file', () => {
    const file = parseKubeconfig('', filePath);

    expect(file.clusters.size).toBe(0);
    expect(file.users.size).toBe(0);
    expect(file.contexts).toEqual([]);
    expect(file.currentContext).toBeNull();
  });

  it('rejects invalid YAML naming the file', () => {
    expect(() => parseKubeconfig('clusters: [\n  - name: c\n', filePath)).toThrow(
      `${filePath} is not valid YAML`,
    );
  });

  it.each([['- a\n- b\n'], ['just text\n'], ['42\n']])('rejects top level %j', (text) => {
    expect(() => parseKubeconfig(text, filePath)).toThrow(`${filePath} is not a kubeconfig`);
  });

  it('skips entries without a name', () => {
    const file = parseObject({
      clusters: [{ cluster: { server: 'https://127.0.0.1:1' } }, 'text', null],
      users: [{ user: { username: 'admin' } }, { name: '', user: {} }],
      contexts: [{ context: { cluster: 'c', user: 'u' } }, 7],
    });

    expect(file.clusters.size).toBe(0);
    expect(file.users.size).toBe(0);
    expect(file.contexts).toEqual([]);
  });

  it('skips a cluster without a cluster map', () => {
    const file = parseObject({ clusters: [{ name: 'c' }] });

    expect(file.clusters.size).toBe(0);
  });

  it('ignores lists that are not lists', () => {
    const file = parseObject({ clusters: 'c', users: { name: 'u' }, contexts: null });

    expect(file.clusters.size).toBe(0);
    expect(file.users.size).toBe(0);
    expect(file.contexts).toEqual([]);
  });

  it('records missing context fields', () => {
    const file = parseObject({ contexts: [{ name: 'x' }] });

    expect(file.contexts).toEqual([{ name: 'x', cluster: '', user: '', namespace: null }]);
  });

  it.each([
    ['exec', { exec: { command: 'aws', apiVersion: 'client.authentication.k8s.io/v1' } }],
    ['auth-provider', { 'auth-provider': { name: 'oidc' } }],
    ['token-file', { tokenFile: '/var/run/token' }],
    ['token', { token: 'generated' }],
    ['client-certificate', { 'client-certificate': 'client.crt', 'client-key': 'client.key' }],
    ['client-certificate', { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' }],
    ['basic', { username: 'admin', password: 'generated' }],
    ['none', {}],
  ])('reports authKind %s', (kind, user) => {
    expect(parseUser(user).authKind).toBe(kind);
  });

  it('reports none without a user map', () => {
    const file = parseObject({ users: [{ name: 'u' }] });

    expect(file.users.get('u')?.authKind).toBe('none');
  });

  it('prefers exec over a token', () => {
    const entry = parseUser({ token: 'generated', exec: { command: 'aws' } });

    expect(entry.authKind).toBe('exec');
  });

  it('keeps the user map', () => {
    const token = randomBytes(16).toString('hex');

    const entry = parseUser({ token, 'act-as': 'admin' });

    expect(entry.raw.token).toBe(token);
    expect(entry.raw['act-as']).toBe('admin');
  });
});

describe('parseKubeconfig paths', () => {
  it('resolves certificate-authority against the folder', () => {
    const file = parseObject({
      clusters: [
        {
          name: 'c',
          cluster: { server: 'https://127.0.0.1:1', 'certificate-authority': 'certs/ca.crt' },
        },
      ],
    });

    expect(file.clusters.get('c')?.certificateAuthority).toBe(path.join(folder, 'certs', 'ca.crt'));
  });

  it('normalizes a parent folder reference', () => {
    const file = parseObject({
      clusters: [
        {
          name: 'c',
          cluster: { server: 'https://127.0.0.1:1', 'certificate-authority': '../ca.crt' },
        },
      ],
    });

    expect(file.clusters.get('c')?.certificateAuthority).toBe(
      path.join(os.tmpdir(), 'kubeconfigs', 'ca.crt'),
    );
  });

  it('keeps an absolute certificate-authority', () => {
    const absolute = path.join(os.tmpdir(), 'elsewhere', 'ca.crt');
    const file = parseObject({
      clusters: [
        {
          name: 'c',
          cluster: { server: 'https://127.0.0.1:1', 'certificate-authority': absolute },
        },
      ],
    });

    expect(file.clusters.get('c')?.certificateAuthority).toBe(absolute);
  });

  it.each(['client-certificate', 'client-key', 'tokenFile'])('resolves user %s', (key) => {
    const entry = parseUser({ [key]: 'secrets/file' });

    expect(entry.raw[key]).toBe(path.join(folder, 'secrets', 'file'));
  });

  it('keeps an absolute client-key', () => {
    const absolute = path.join(os.tmpdir(), 'keys', 'client.key');

    const entry = parseUser({ 'client-certificate': 'client.crt', 'client-key': absolute });

    expect(entry.raw['client-key']).toBe(absolute);
  });

  it('resolves an exec command with a slash', () => {
    const entry = parseUser({ exec: { command: './bin/credential-helper', args: ['get'] } });
    const exec = entry.raw.exec as Record<string, unknown>;

    expect(exec.command).toBe(path.join(folder, 'bin', 'credential-helper'));
    expect(exec.args).toEqual(['get']);
  });

  it('keeps a bare exec command', () => {
    const entry = parseUser({ exec: { command: 'gke-gcloud-auth-plugin' } });
    const exec = entry.raw.exec as Record<string, unknown>;

    expect(exec.command).toBe('gke-gcloud-auth-plugin');
  });

  it('keeps an absolute exec command', () => {
    const entry = parseUser({ exec: { command: '/usr/local/bin/aws' } });
    const exec = entry.raw.exec as Record<string, unknown>;

    expect(exec.command).toBe('/usr/local/bin/aws');
  });

  it('leaves data fields alone', () => {
    const entry = parseUser({ 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' });

    expect(entry.raw['client-certificate-data']).toBe('Q0VSVA==');
    expect(entry.raw['client-key-data']).toBe('S0VZ');
  });
});

describe('parseKubeconfig relative file path', () => {
  const startFolder = process.cwd();
  let temporary = '';

  beforeEach(async () => {
    temporary = await realpath(await mkdtemp(path.join(os.tmpdir(), 'kfd-kubeconfig-')));
  });

  afterEach(async () => {
    process.chdir(startFolder);
    await rm(temporary, { recursive: true, force: true });
  });

  it('returns absolute paths', () => {
    process.chdir(temporary);
    const text = stringify({
      clusters: [
        {
          name: 'c',
          cluster: { server: 'https://127.0.0.1:1', 'certificate-authority': 'ca.crt' },
        },
      ],
      users: [{ name: 'u', user: { 'client-key': 'client.key', exec: { command: 'bin/helper' } } }],
    });

    const file = parseKubeconfig(text, path.join('configs', 'config'));
    process.chdir(os.tmpdir());
    const user = file.users.get('u');

    expect(file.clusters.get('c')?.certificateAuthority).toBe(
      path.join(temporary, 'configs', 'ca.crt'),
    );
    expect(user?.raw['client-key']).toBe(path.join(temporary, 'configs', 'client.key'));
    expect((user?.raw.exec as Record<string, unknown>).command).toBe(
      path.join(temporary, 'configs', 'bin', 'helper'),
    );
  });

  it('ignores the working folder for absolute files', () => {
    process.chdir(temporary);
    const text = stringify({
      clusters: [
        {
          name: 'c',
          cluster: { server: 'https://127.0.0.1:1', 'certificate-authority': 'ca.crt' },
        },
      ],
    });

    const file = parseKubeconfig(text, filePath);

    expect(file.clusters.get('c')?.certificateAuthority).toBe(path.join(folder, 'ca.crt'));
  });
});

describe('parseKubeconfig names', () => {
  it('reads numeric names as written', () => {
    const file = parseKubeconfig(
      [
        'clusters: [{name: 1.10, cluster: {server: "https://127.0.0.1:1"}}]',
        'users: [{name: 7, user: {token: t}}]',
        'contexts: [{name: 1.10, context: {cluster: 1.10, user: 7}}]',
      ].join('\n'),
      filePath,
    );

    expect([...file.clusters.keys()]).toEqual(['1.10']);
    expect([...file.users.keys()]).toEqual(['7']);
    expect(file.contexts[0]).toMatchObject({ name: '1.10', cluster: '1.10', user: '7' });
  });

  it('rejects a context name listed twice', () => {
    const document = {
      contexts: [
        { name: 'prod', context: { cluster: 'a', user: 'u' } },
        { name: 'prod', context: { cluster: 'b', user: 'u' } },
      ],
    };

    expect(() => parseObject(document)).toThrow(`${filePath} lists context "prod" twice`);
  });

  it('rejects a cluster name listed twice', () => {
    const cluster = { server: 'https://127.0.0.1:1' };
    const document = {
      clusters: [
        { name: 'c', cluster },
        { name: 'c', cluster },
      ],
    };

    expect(() => parseObject(document)).toThrow('lists cluster "c" twice');
  });
});
