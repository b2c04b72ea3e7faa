import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AppError } from '../../shared/errors';
import { silentLogger, type LogFields, type Logger } from '../log';
import {
  ExecCredentialProvider,
  execCredentialKey,
  expirySkewMs,
  parseExecCredential,
  queryLoginShellPath,
  type ExecCredentialProviderOptions,
  type ExecCredentialRequest,
} from './exec-credentials';
import type { ClusterEntry } from './kubeconfig-file';

const v1 = 'client.authentication.k8s.io/v1';
const v1beta1 = 'client.authentication.k8s.io/v1beta1';
const systemPath = '/usr/local/bin:/usr/bin:/bin';

let folder = '';

beforeEach(async () => {
  folder = await realpath(await mkdtemp(path.join(os.tmpdir(), 'kfd-exec-')));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Writes an executable /bin/sh script into the temp folder and returns its path. */
async function writePlugin(name: string, body: string, mode = 0o755): Promise<string> {
  const file = path.join(folder, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, mode);
  return file;
}

/** Returns shell lines that print `document` as JSON on stdout. */
function printJson(document: unknown): string {
  return `cat <<'JSON'\n${JSON.stringify(document)}\nJSON`;
}

function tokenCredential(token: string, extra: Record<string, unknown> = {}, apiVersion = v1) {
  return { apiVersion, kind: 'ExecCredential', status: { token, ...extra } };
}

const cluster: ClusterEntry = {
  name: 'c',
  server: 'https://127.0.0.1:6443',
  certificateAuthority: null,
  certificateAuthorityData: null,
  insecureSkipTlsVerify: false,
  tlsServerName: null,
  proxyUrl: null,
};

function request(exec: Record<string, unknown>, overrides: Partial<ExecCredentialRequest> = {}) {
  return {
    key: execCredentialKey(path.join(folder, 'config'), 'u'),
    user: 'u',
    exec: { apiVersion: v1, ...exec },
    cluster,
    ...overrides,
  };
}

/** KUBERNETES_EXEC_INFO as a plugin received it. */
interface ExecInfo {
  apiVersion: string;
  kind: string;
  spec: { interactive: boolean; cluster?: Record<string, string | boolean | undefined> };
}

async function readExecInfo(file: string): Promise<ExecInfo> {
  return JSON.parse(await readFile(file, 'utf8')) as ExecInfo;
}

function provider(options: Partial<ExecCredentialProviderOptions> = {}) {
  return new ExecCredentialProvider({
    log: silentLogger,
    loginShellPath: () => Promise.resolve(null),
    env: { PATH: systemPath },
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

/** Returns the number of runs the counting plugin recorded. */
async function runCount(): Promise<number> {
  const text = await readFile(path.join(folder, 'runs'), 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.length > 0).length;
}

/** Writes a plugin that counts its runs in the temp folder and prints a token that expires at `expiration`. */
async function writeCountingPlugin(expiration?: string): Promise<string> {
  const extra = expiration ? { expirationTimestamp: expiration } : {};
  return writePlugin(
    'counting',
    `echo run >> "${path.join(folder, 'runs')}"\n${printJson(tokenCredential(randomBytes(8).toString('hex'), extra))}`,
  );
}

describe('ExecCredentialProvider', () => {
  it('returns a token', async () => {
    const token = randomBytes(16).toString('hex');
    const command = await writePlugin('plugin', printJson(tokenCredential(token)));

    const credential = await provider().get(request({ command }));

    expect(credential.token).toBe(token);
    expect(credential.clientCertificateData).toBeNull();
    expect(credential.expiresAt).toBeNull();
  });

  it('returns a client certificate', async () => {
    const certificate = `test certificate ${randomBytes(8).toString('hex')}`;
    const key = `test key ${randomBytes(8).toString('hex')}`;
    const command = await writePlugin(
      'plugin',
      printJson({
        apiVersion: v1beta1,
        kind: 'ExecCredential',
        status: { clientCertificateData: certificate, clientKeyData: key },
      }),
    );

    const credential = await provider().get(request({ command, apiVersion: v1beta1 }));

    expect(credential.clientCertificateData).toBe(certificate);
    expect(credential.clientKeyData).toBe(key);
    expect(credential.token).toBeNull();
  });

  it('reads expirationTimestamp', async () => {
    const command = await writePlugin(
      'plugin',
      printJson(tokenCredential('t', { expirationTimestamp: '2099-01-02T03:04:05Z' })),
    );

    const credential = await provider().get(request({ command }));

    expect(credential.expiresAt).toBe(Date.parse('2099-01-02T03:04:05Z'));
  });

  it('passes args and env', async () => {
    const out = path.join(folder, 'seen');
    const command = await writePlugin(
      'plugin',
      `printf '%s|%s|%s' "$1" "$2" "$TEST_REGION" > "${out}"\n${printJson(tokenCredential('t'))}`,
    );

    await provider().get(
      request({
        command,
        args: ['token', '--cluster-id=a b'],
        env: [{ name: 'TEST_REGION', value: 'eu-west-1' }],
      }),
    );

    expect(await readFile(out, 'utf8')).toBe('token|--cluster-id=a b|eu-west-1');
  });

  it('sends exec info without cluster', async () => {
    const out = path.join(folder, 'info');
    const command = await writePlugin(
      'plugin',
      `printf '%s' "$KUBERNETES_EXEC_INFO" > "${out}"\n${printJson(tokenCredential('t'))}`,
    );

    await provider().get(request({ command }));
    const info = await readExecInfo(out);

    expect(info.apiVersion).toBe(v1);
    expect(info.kind).toBe('ExecCredential');
    expect(info.spec.interactive).toBe(false);
    expect(info.spec.cluster).toBeUndefined();
  });

  it('sends cluster info when asked', async () => {
    const out = path.join(folder, 'info');
    const command = await writePlugin(
      'plugin',
      `printf '%s' "$KUBERNETES_EXEC_INFO" > "${out}"\n${printJson(tokenCredential('t'))}`,
    );
    const withTls = {
      ...cluster,
      certificateAuthorityData: Buffer.from('test authority').toString('base64'),
      tlsServerName: 'apiserver.example.test',
      proxyUrl: 'http://127.0.0.1:3128',
    };

    await provider().get(request({ command, provideClusterInfo: true }, { cluster: withTls }));
    const spec = (await readExecInfo(out)).spec;

    expect(spec.interactive).toBe(false);
    expect(spec.cluster?.server).toBe('https://127.0.0.1:6443');
    expect(spec.cluster?.['certificate-authority-data']).toBe(withTls.certificateAuthorityData);
    expect(spec.cluster?.['tls-server-name']).toBe('apiserver.example.test');
    expect(spec.cluster?.['proxy-url']).toBe('http://127.0.0.1:3128');
    expect(spec.cluster?.['insecure-skip-tls-verify']).toBeUndefined();
  });

  it('sends a CA file as data', async () => {
    const out = path.join(folder, 'info');
    const authority = path.join(folder, 'ca.crt');
    await writeFile(authority, 'test authority file');
    const command = await writePlugin(
      'plugin',
      `printf '%s' "$KUBERNETES_EXEC_INFO" > "${out}"\n${printJson(tokenCredential('t'))}`,
    );

    await provider().get(
      request(
        { command, provideClusterInfo: true },
        { cluster: { ...cluster, certificateAuthority: authority, insecureSkipTlsVerify: true } },
      ),
    );
    const spec = (await readExecInfo(out)).spec;

    expect(
      Buffer.from(String(spec.cluster?.['certificate-authority-data']), 'base64').toString(),
    ).toBe('test authority file');
    expect(spec.cluster?.['insecure-skip-tls-verify']).toBe(true);
  });

  it('finds a bare name on the login PATH', async () => {
    const out = path.join(folder, 'path');
    const loginFolder = path.join(folder, 'login-bin');
    await writePlugin(
      'login-bin/kfd-test-plugin',
      `printf '%s' "$PATH" > "${out}"\n${printJson(tokenCredential('t'))}`,
    );

    const credential = await provider({ loginShellPath: () => Promise.resolve(loginFolder) }).get(
      request({ command: 'kfd-test-plugin' }),
    );

    expect(credential.token).toBe('t');
    expect(await readFile(out, 'utf8')).toBe(`${systemPath}:${loginFolder}`);
  });

  it('prefers PATH over the login PATH', async () => {
    await writePlugin('first/kfd-test-plugin', printJson(tokenCredential('from PATH')));
    await writePlugin('second/kfd-test-plugin', printJson(tokenCredential('from login shell')));

    const credential = await provider({
      env: { PATH: `${path.join(folder, 'first')}:${systemPath}` },
      loginShellPath: () => Promise.resolve(path.join(folder, 'second')),
    }).get(request({ command: 'kfd-test-plugin' }));

    expect(credential.token).toBe('from PATH');
  });

  it('reports a missing plugin', async () => {
    const installHint = 'Install kfd-absent-plugin:\n  apt-get install kfd-absent-plugin';
    const loginFolder = path.join(folder, 'login-bin');

    const error = await failure(
      provider({ loginShellPath: () => Promise.resolve(loginFolder) }).get(
        request({ command: 'kfd-absent-plugin', installHint }),
      ),
    );

    expect(error.kind).toBe('exec-failed');
    expect(error.code).toBe('execNotFound');
    expect(error.params.command).toBe('kfd-absent-plugin');
    expect(error.params.installHint).toBe(installHint);
    expect(error.params.path).toBe(`${systemPath}:${loginFolder}`);
    expect(error.params.user).toBe('u');
    expect(error.message).toContain(installHint);
  });

  it('reports a missing plugin path', async () => {
    const command = path.join(folder, 'absent', 'plugin');

    const error = await failure(provider().get(request({ command })));

    expect(error.code).toBe('execNotFound');
    expect(error.params.path).toBe(command);
    expect(error.params.installHint).toBe('');
  });

  it('reports a plugin that cannot start', async () => {
    const command = await writePlugin('plugin', printJson(tokenCredential('t')), 0o644);

    const error = await failure(provider().get(request({ command })));

    expect(error.kind).toBe('exec-failed');
    expect(error.code).toBe('execStartFailed');
    expect(error.params.detail).toContain('EACCES');
  });

  it('reports a non-zero exit', async () => {
    const command = await writePlugin(
      'plugin',
      `i=0\nwhile [ $i -lt 300 ]; do printf 'noise-%04d ' $i >&2; i=$((i+1)); done\necho 'last words' >&2\nexit 3`,
    );

    const error = await failure(provider().get(request({ command })));

    expect(error.kind).toBe('exec-failed');
    expect(error.code).toBe('execExited');
    expect(error.params.exitCode).toBe('3');
    expect(error.params.stderr?.endsWith('last words')).toBe(true);
    expect(error.params.stderr?.length).toBeLessThanOrEqual(2_000);
    expect(error.params.stderr?.length).toBeGreaterThan(1_900);
  });

  it('reports invalid JSON', async () => {
    const command = await writePlugin('plugin', 'echo "token: not json"');

    const error = await failure(provider().get(request({ command })));

    expect(error.kind).toBe('exec-failed');
    expect(error.code).toBe('execInvalidOutput');
    expect(error.params.detail).toContain('not valid JSON');
    expect(error.message).not.toContain('not json');
  });

  it('keeps the token out of errors', async () => {
    const token = randomBytes(16).toString('hex');
    const command = await writePlugin(
      'plugin',
      printJson(tokenCredential(token, {}, 'client.authentication.k8s.io/v1alpha1')),
    );

    const error = await failure(provider().get(request({ command })));

    expect(error.code).toBe('execInvalidOutput');
    expect(error.params.detail).toContain('v1alpha1');
    expect(error.message).not.toContain(token);
    expect(JSON.stringify(error.params)).not.toContain(token);
  });

  it('rejects an unsupported apiVersion', async () => {
    const command = await writePlugin('plugin', printJson(tokenCredential('t')));

    const error = await failure(
      provider().get(request({ command, apiVersion: 'client.authentication.k8s.io/v1alpha1' })),
    );

    expect(error.kind).toBe('exec-failed');
    expect(error.code).toBe('execInvalidConfig');
    expect(await runCount()).toBe(0);
  });

  it('times out and kills the tree', async () => {
    const pidFile = path.join(folder, 'child.pid');
    const command = await writePlugin('plugin', `sleep 30 &\necho $! > "${pidFile}"\nwait`);
    const started = performance.now();

    const error = await failure(provider({ timeoutMs: 500 }).get(request({ command })));
    const elapsed = performance.now() - started;
    const child = Number(await readFile(pidFile, 'utf8'));

    expect(error.kind).toBe('exec-failed');
    expect(error.code).toBe('execTimeout');
    expect(error.params.seconds).toBe('0.5');
    expect(elapsed).toBeLessThan(5_000);
    expect(await stopsRunning(child)).toBe(true);
  });
});

/** Waits up to 2 s for a process to exit; a zombie counts as exited. */
async function stopsRunning(pid: number): Promise<boolean> {
  const deadline = Date.now() + 2_000;
  while (Date.now() < deadline) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (stat === null || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('ExecCredentialProvider cache', () => {
  it('keeps a credential without expiry', async () => {
    const command = await writeCountingPlugin();
    const credentials = provider();

    const first = await credentials.get(request({ command }));
    const second = await credentials.get(request({ command }));

    expect(second.token).toBe(first.token);
    expect(await runCount()).toBe(1);
  });

  it('reruns after expiry', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const command = await writeCountingPlugin('2030-01-01T00:10:00Z');
    const credentials = provider({ now: () => now });

    await credentials.get(request({ command }));
    now += 9 * 60_000;
    await credentials.get(request({ command }));
    now += 60_000;
    await credentials.get(request({ command }));

    expect(await runCount()).toBe(2);
  });

  it('reruns inside the skew', async () => {
    const expiration = Date.parse('2030-01-01T00:10:00Z');
    const command = await writeCountingPlugin(new Date(expiration).toISOString());
    const credentials = provider({ now: () => expiration - expirySkewMs + 1 });

    await credentials.get(request({ command }));
    await credentials.get(request({ command }));

    expect(await runCount()).toBe(2);
  });

  it('reruns after invalidate', async () => {
    const command = await writeCountingPlugin();
    const credentials = provider();
    const first = request({ command });

    await credentials.get(first);
    credentials.invalidate(first.key);
    await credentials.get(first);

    expect(await runCount()).toBe(2);
  });

  it('keys by file and user', async () => {
    const command = await writeCountingPlugin();
    const credentials = provider();

    await credentials.get(request({ command }, { key: execCredentialKey('/a/config', 'u') }));
    await credentials.get(request({ command }, { key: execCredentialKey('/b/config', 'u') }));
    await credentials.get(request({ command }, { key: execCredentialKey('/a/config', 'v') }));

    expect(await runCount()).toBe(3);
  });

  it('reruns when exec changes', async () => {
    const command = await writeCountingPlugin();
    const credentials = provider();

    await credentials.get(request({ command, args: ['--region=a'] }));
    await credentials.get(request({ command, args: ['--region=b'] }));

    expect(await runCount()).toBe(2);
  });

  it('shares a concurrent run', async () => {
    const command = await writeCountingPlugin();
    const credentials = provider();

    const [first, second] = await Promise.all([
      credentials.get(request({ command })),
      credentials.get(request({ command })),
    ]);

    expect(second.token).toBe(first.token);
    expect(await runCount()).toBe(1);
  });

  it('does not keep failures', async () => {
    const runs = path.join(folder, 'runs');
    const command = await writePlugin(
      'plugin',
      `echo run >> "${runs}"\nif [ "$(wc -l < "${runs}")" -lt 2 ]; then exit 1; fi\n${printJson(tokenCredential('t'))}`,
    );
    const credentials = provider();

    const error = await failure(credentials.get(request({ command })));
    const credential = await credentials.get(request({ command }));

    expect(error.code).toBe('execExited');
    expect(credential.token).toBe('t');
  });
});

describe('parseExecCredential', () => {
  const cases: [string, unknown, string][] = [
    ['an array', [], 'not a JSON object'],
    ['another kind', { apiVersion: v1, kind: 'Status' }, 'kind is "Status"'],
    ['another apiVersion', { apiVersion: v1beta1, kind: 'ExecCredential' }, 'apiVersion is'],
    ['no status', { apiVersion: v1, kind: 'ExecCredential' }, 'status is missing'],
    [
      'an empty status',
      { apiVersion: v1, kind: 'ExecCredential', status: {} },
      'neither a token nor',
    ],
    [
      'a certificate alone',
      { apiVersion: v1, kind: 'ExecCredential', status: { clientCertificateData: 'c' } },
      'without clientKeyData',
    ],
    [
      'a key alone',
      { apiVersion: v1, kind: 'ExecCredential', status: { clientKeyData: 'k' } },
      'without clientCertificateData',
    ],
    [
      'a bad expiration',
      {
        apiVersion: v1,
        kind: 'ExecCredential',
        status: { token: 't', expirationTimestamp: 'tomorrow' },
      },
      'not an RFC 3339 time',
    ],
  ];

  it.each(cases)('rejects %s', (_name, document, problem) => {
    expect(parseExecCredential(JSON.stringify(document), v1)).toContain(problem);
  });

  it('rejects empty output', () => {
    expect(parseExecCredential('\n', v1)).toBe('the plugin printed nothing');
  });
});

/** Returns a logger that keeps warnings, to check that failures are logged. */
function recordingLogger(): Logger & { warnings: { message: string; fields?: LogFields }[] } {
  const warnings: { message: string; fields?: LogFields }[] = [];
  const logger = {
    ...silentLogger,
    warnings,
    warn: (message: string, fields?: LogFields) => warnings.push({ message, fields }),
    child: () => logger,
  };
  return logger;
}

describe('queryLoginShellPath', () => {
  it('reads PATH from the shell', async () => {
    const shell = await writePlugin(
      'fake-shell',
      'echo "Welcome to this shell"\nPATH=/opt/test/bin:/usr/bin\nexport PATH\nexec /bin/sh -c "$2"',
    );

    expect(await queryLoginShellPath(shell, silentLogger)).toBe('/opt/test/bin:/usr/bin');
  });

  it('passes -ilc to the shell', async () => {
    const out = path.join(folder, 'args');
    const shell = await writePlugin(
      'fake-shell',
      `printf '%s' "$1" > "${out}"\nexec /bin/sh -c "$2"`,
    );

    await queryLoginShellPath(shell, silentLogger);

    expect(await readFile(out, 'utf8')).toBe('-ilc');
  });

  it('ignores a failing shell', async () => {
    const shell = await writePlugin('fake-shell', 'exit 1');
    const log = recordingLogger();

    expect(await queryLoginShellPath(shell, log)).toBeNull();
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]?.fields?.error).toBe('exited with 1');
  });

  it('gives up on a hanging shell', async () => {
    const shell = await writePlugin('fake-shell', 'sleep 30');
    const log = recordingLogger();
    const started = performance.now();

    expect(await queryLoginShellPath(shell, log, 300)).toBeNull();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(log.warnings[0]?.fields?.error).toBe('timed out after 300 ms');
  });

  it('ignores a missing shell', async () => {
    const log = recordingLogger();

    expect(await queryLoginShellPath(path.join(folder, 'absent-shell'), log)).toBeNull();
    expect(log.warnings).toHaveLength(1);
  });

  it('returns null without SHELL', async () => {
    expect(await queryLoginShellPath(undefined, silentLogger)).toBeNull();
  });
});
