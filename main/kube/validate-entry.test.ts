import { chmod, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ClusterEntry, UserEntry } from './kubeconfig-file';
import { validateEntry } from './validate-entry';

let folder = '';

beforeEach(async () => {
  folder = await realpath(await mkdtemp(path.join(os.tmpdir(), 'kfd-validate-')));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function cluster(fields: Partial<ClusterEntry> = {}): ClusterEntry {
  return {
    name: 'c',
    server: 'https://127.0.0.1:6443',
    certificateAuthority: null,
    certificateAuthorityData: null,
    insecureSkipTlsVerify: false,
    tlsServerName: null,
    proxyUrl: null,
    ...fields,
  };
}

function user(raw: Record<string, unknown> = {}): UserEntry {
  return { name: 'u', authKind: 'none', raw };
}

async function writeFileIn(name: string, text = 'test content'): Promise<string> {
  const file = path.join(folder, name);
  await writeFile(file, text);
  return file;
}

const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: 'plugin' };
const certificateData = Buffer.from('test certificate').toString('base64');
const keyData = Buffer.from('test key').toString('base64');

describe('validateEntry', () => {
  it('accepts a plain entry', () => {
    expect(validateEntry(cluster(), user({ token: 'test' }))).toBeNull();
  });

  it('accepts certificate data', () => {
    const entry = user({ 'client-certificate-data': certificateData, 'client-key-data': keyData });

    expect(validateEntry(cluster({ certificateAuthorityData: certificateData }), entry)).toBeNull();
  });

  it('accepts data with line breaks', () => {
    const wrapped = `${certificateData.slice(0, 8)}\n${certificateData.slice(8)}`;

    expect(validateEntry(cluster({ certificateAuthorityData: wrapped }), user())).toBeNull();
  });

  it('accepts readable files', async () => {
    const entry = user({
      'client-certificate': await writeFileIn('client.crt'),
      'client-key': await writeFileIn('client.key'),
      tokenFile: await writeFileIn('token'),
    });

    expect(
      validateEntry(cluster({ certificateAuthority: await writeFileIn('ca.crt') }), entry),
    ).toBeNull();
  });

  it('accepts each proxy scheme', () => {
    for (const proxyUrl of [
      'http://127.0.0.1:3128',
      'https://proxy.test',
      'socks5://127.0.0.1:1080',
    ]) {
      expect(validateEntry(cluster({ proxyUrl }), user()), proxyUrl).toBeNull();
    }
  });

  it('accepts both exec versions', () => {
    for (const apiVersion of [
      'client.authentication.k8s.io/v1',
      'client.authentication.k8s.io/v1beta1',
    ]) {
      expect(
        validateEntry(cluster(), user({ exec: { ...exec, apiVersion } })),
        apiVersion,
      ).toBeNull();
    }
  });

  it('accepts an http server', () => {
    expect(validateEntry(cluster({ server: 'http://127.0.0.1:8001' }), user())).toBeNull();
  });

  it('rejects a missing server', () => {
    expect(validateEntry(cluster({ server: null }), user())).toBe('cluster "c" has no server');
  });

  it('rejects a server without scheme', () => {
    expect(validateEntry(cluster({ server: '127.0.0.1:6443' }), user())).toBe(
      'cluster "c": server "127.0.0.1:6443" is not an https:// or http:// URL',
    );
  });

  it('rejects a ftp server', () => {
    expect(validateEntry(cluster({ server: 'ftp://127.0.0.1' }), user())).toContain(
      'server "ftp://127.0.0.1"',
    );
  });

  it('rejects bad certificate-authority-data', () => {
    expect(validateEntry(cluster({ certificateAuthorityData: 'abc$' }), user())).toBe(
      'cluster "c": certificate-authority-data is not valid base64: invalid character at position 4',
    );
  });

  it('rejects unpadded base64', () => {
    expect(validateEntry(cluster({ certificateAuthorityData: 'abcde' }), user())).toBe(
      'cluster "c": certificate-authority-data is not valid base64: its length 5 is not a multiple of 4',
    );
  });

  it('rejects inner padding', () => {
    expect(validateEntry(cluster({ certificateAuthorityData: 'ab==cd==' }), user())).toContain(
      '"=" may appear only as padding',
    );
  });

  it('rejects bad client-certificate-data', () => {
    const entry = user({ 'client-certificate-data': 'not base64!', 'client-key-data': keyData });

    expect(validateEntry(cluster(), entry)).toBe(
      'user "u": client-certificate-data is not valid base64: invalid character at position 4',
    );
  });

  it('rejects bad client-key-data', () => {
    const entry = user({ 'client-certificate-data': certificateData, 'client-key-data': 'k*y=' });

    expect(validateEntry(cluster(), entry)).toContain(
      'user "u": client-key-data is not valid base64',
    );
  });

  it('rejects a missing CA file', () => {
    const file = path.join(folder, 'absent.crt');

    expect(validateEntry(cluster({ certificateAuthority: file }), user())).toBe(
      `cluster "c": certificate-authority ${file} cannot be read: no such file or directory`,
    );
  });

  it('rejects a CA folder', () => {
    expect(validateEntry(cluster({ certificateAuthority: folder }), user())).toBe(
      `cluster "c": certificate-authority ${folder} cannot be read: it is a folder, not a file`,
    );
  });

  // Root reads a file whatever its mode, so this case can only run as another user.
  it.skipIf(process.getuid?.() === 0)('rejects an unreadable client-key', async () => {
    const key = await writeFileIn('client.key');
    await chmod(key, 0o000);
    const entry = user({
      'client-certificate': await writeFileIn('client.crt'),
      'client-key': key,
    });

    expect(validateEntry(cluster(), entry)).toBe(
      `user "u": client-key ${key} cannot be read: permission denied`,
    );
  });

  it('rejects a missing client-certificate', async () => {
    const file = path.join(folder, 'absent.crt');
    const entry = user({
      'client-certificate': file,
      'client-key': await writeFileIn('client.key'),
    });

    expect(validateEntry(cluster(), entry)).toBe(
      `user "u": client-certificate ${file} cannot be read: no such file or directory`,
    );
  });

  it('rejects a missing tokenFile', () => {
    const file = path.join(folder, 'absent-token');

    expect(validateEntry(cluster(), user({ tokenFile: file }))).toBe(
      `user "u": tokenFile ${file} cannot be read: no such file or directory`,
    );
  });

  it('rejects a certificate without key', () => {
    expect(validateEntry(cluster(), user({ 'client-certificate-data': certificateData }))).toBe(
      'user "u" has a client certificate but no client-key or client-key-data',
    );
  });

  it('rejects a key without certificate', async () => {
    const entry = user({ 'client-key': await writeFileIn('client.key') });

    expect(validateEntry(cluster(), entry)).toBe(
      'user "u" has a client key but no client-certificate or client-certificate-data',
    );
  });

  it('rejects exec without command', () => {
    const entry = user({ exec: { apiVersion: 'client.authentication.k8s.io/v1' } });

    expect(validateEntry(cluster(), entry)).toBe('user "u": exec has no command');
  });

  it('rejects an old exec apiVersion', () => {
    const entry = user({ exec: { ...exec, apiVersion: 'client.authentication.k8s.io/v1alpha1' } });

    expect(validateEntry(cluster(), entry)).toBe(
      'user "u": exec apiVersion "client.authentication.k8s.io/v1alpha1" is not supported; use client.authentication.k8s.io/v1 or client.authentication.k8s.io/v1beta1',
    );
  });

  it('rejects exec without apiVersion', () => {
    expect(validateEntry(cluster(), user({ exec: { command: 'plugin' } }))).toContain(
      'exec apiVersion missing is not supported',
    );
  });

  it('rejects exec args that are not strings', () => {
    expect(validateEntry(cluster(), user({ exec: { ...exec, args: ['--a', 1] } }))).toBe(
      'user "u": exec args must be a list of strings',
    );
  });

  it('rejects a socks4 proxy', () => {
    expect(validateEntry(cluster({ proxyUrl: 'socks4://127.0.0.1:1080' }), user())).toBe(
      'cluster "c": proxy-url "socks4://127.0.0.1:1080" has the scheme socks4; use http, https or socks5',
    );
  });

  it('rejects a proxy that is no URL', () => {
    expect(validateEntry(cluster({ proxyUrl: '127.0.0.1:3128' }), user())).toBe(
      'cluster "c": proxy-url "127.0.0.1:3128" is not a URL',
    );
  });

  it('rejects insecure with a CA', () => {
    const entry = cluster({
      insecureSkipTlsVerify: true,
      certificateAuthorityData: certificateData,
    });

    expect(validateEntry(entry, user())).toContain('insecure-skip-tls-verify together with');
  });

  it('reports the cluster first', () => {
    const entry = user({ tokenFile: path.join(folder, 'absent') });

    expect(validateEntry(cluster({ server: null }), entry)).toBe('cluster "c" has no server');
  });

  it('never quotes key data', () => {
    const secret = 'c2VjcmV0LWtleS1tYXRlcmlhbA=!';
    const entry = user({ 'client-certificate-data': certificateData, 'client-key-data': secret });

    expect(validateEntry(cluster(), entry)).not.toContain(secret.slice(0, 8));
  });
});
