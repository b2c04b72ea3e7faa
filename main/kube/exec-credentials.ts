import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

import { AppError } from '../../shared/errors';
import type { Logger } from '../log';
import type { ClusterEntry } from './kubeconfig-file';

/** ExecCredential API versions that client-go accepts; v1alpha1 was removed in Kubernetes 1.24. */
export const execApiVersions = [
  'client.authentication.k8s.io/v1',
  'client.authentication.k8s.io/v1beta1',
] as const;

export const defaultExecTimeoutMs = 20_000;

/** How long before its expirationTimestamp a cached credential is treated as expired. */
export const expirySkewMs = 10_000;

const loginShellTimeoutMs = 3_000;
const maxStdoutBytes = 1024 * 1024;
const stderrTailLength = 2_000;

/**
 * A credential returned by an exec plugin. It contains secrets, so it stays in
 * main and is never logged or put into an error.
 */
export interface ExecCredential {
  token: string | null;
  /** PEM text, as the plugin returned it. */
  clientCertificateData: string | null;
  /** PEM text, as the plugin returned it. */
  clientKeyData: string | null;
  /** Milliseconds since the epoch, or null when the plugin gave no expirationTimestamp. */
  expiresAt: number | null;
}

export interface ExecCredentialRequest {
  /** Cache key from execCredentialKey. */
  key: string;
  /** Kubeconfig user name, for messages and logs. */
  user: string;
  /** The `exec` map of the kubeconfig user, with a relative command already resolved. */
  exec: unknown;
  /** The cluster the credential is for; sent to the plugin when provideClusterInfo is true. */
  cluster: ClusterEntry;
}

/** The part of a provider that client.ts uses, so tests can pass their own. */
export interface ExecCredentialSource {
  get(request: ExecCredentialRequest): Promise<ExecCredential>;
  invalidate(key: string): void;
}

export interface ExecCredentialProviderOptions {
  log: Logger;
  /** Time a plugin may run before its process tree is killed. */
  timeoutMs?: number;
  /** Returns the login shell's PATH, or null. Defaults to readLoginShellPath, which runs the shell once per process. */
  loginShellPath?: () => Promise<string | null>;
  /** Environment the plugin inherits; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Clock in milliseconds since the epoch, for expiry tests. */
  now?: () => number;
}

/** Cache key of a credential: the kubeconfig file and the user name in it. */
export function execCredentialKey(kubeconfigPath: string, userName: string): string {
  return JSON.stringify([kubeconfigPath, userName]);
}

interface ExecSettings {
  apiVersion: string;
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  installHint: string;
  provideClusterInfo: boolean;
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Returns what is wrong with a kubeconfig `exec` map in plain words, or null
 * when a plugin can be run from it.
 */
export function describeExecProblem(exec: unknown): string | null {
  if (!isMap(exec)) return 'exec must be a mapping';
  if (typeof exec.command !== 'string' || exec.command.length === 0) {
    return 'exec has no command';
  }
  const apiVersion = exec.apiVersion;
  if (
    typeof apiVersion !== 'string' ||
    !(execApiVersions as readonly string[]).includes(apiVersion)
  ) {
    const described = typeof apiVersion === 'string' ? `"${apiVersion}"` : 'missing';
    return `exec apiVersion ${described} is not supported; use ${execApiVersions.join(' or ')}`;
  }
  if (exec.args !== undefined && exec.args !== null) {
    if (!Array.isArray(exec.args) || exec.args.some((arg) => typeof arg !== 'string')) {
      return 'exec args must be a list of strings';
    }
  }
  if (exec.env !== undefined && exec.env !== null) {
    const valid =
      Array.isArray(exec.env) &&
      exec.env.every(
        (item) => isMap(item) && typeof item.name === 'string' && typeof item.value === 'string',
      );
    if (!valid) return 'exec env must be a list of entries with a name and a value';
  }
  return null;
}

function readExecSettings(request: ExecCredentialRequest): ExecSettings {
  const problem = describeExecProblem(request.exec);
  if (problem) {
    throw new AppError(
      'exec-failed',
      'execInvalidConfig',
      `The exec settings of user ${request.user} are invalid: ${problem}.`,
      { user: request.user, detail: problem },
    );
  }
  const exec = request.exec as Record<string, unknown>;
  return {
    apiVersion: exec.apiVersion as string,
    command: exec.command as string,
    args: (exec.args as string[] | undefined) ?? [],
    env: (exec.env as { name: string; value: string }[] | undefined) ?? [],
    installHint: typeof exec.installHint === 'string' ? exec.installHint : '',
    provideClusterInfo: exec.provideClusterInfo === true,
  };
}

interface CacheEntry {
  /** The exec settings and cluster the credential was made with; a change in either re-runs the plugin. */
  fingerprint: string;
  credential: ExecCredential;
}

/**
 * Runs kubeconfig exec credential plugins (client.authentication.k8s.io v1
 * and v1beta1) and caches their credentials per kubeconfig file and user
 * until they expire. It replaces the exec support of
 * @kubernetes/client-node 1.4, which has no timeout, does not send
 * KUBERNETES_EXEC_INFO and rejects with plain errors that carry no kind.
 */
export class ExecCredentialProvider implements ExecCredentialSource {
  private readonly log: Logger;
  private readonly timeoutMs: number;
  private readonly loginShellPath: () => Promise<string | null>;
  private readonly env: NodeJS.ProcessEnv;
  private readonly now: () => number;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly running = new Map<
    string,
    { fingerprint: string; result: Promise<ExecCredential> }
  >();

  constructor(options: ExecCredentialProviderOptions) {
    this.log = options.log;
    this.timeoutMs = options.timeoutMs ?? defaultExecTimeoutMs;
    this.loginShellPath = options.loginShellPath ?? (() => readLoginShellPath(options.log));
    this.env = options.env ?? process.env;
    this.now = options.now ?? Date.now;
  }

  /**
   * Returns the cached credential for the request's key, or runs the plugin.
   * Concurrent requests for one key share one plugin run. Failures throw an
   * AppError of kind exec-failed and are never cached.
   */
  async get(request: ExecCredentialRequest): Promise<ExecCredential> {
    const settings = readExecSettings(request);
    const fingerprint = JSON.stringify([
      request.exec,
      settings.provideClusterInfo ? request.cluster : null,
    ]);

    const cached = this.cache.get(request.key);
    if (cached && cached.fingerprint === fingerprint && this.isFresh(cached.credential)) {
      return cached.credential;
    }
    const pending = this.running.get(request.key);
    if (pending && pending.fingerprint === fingerprint) return pending.result;

    const result = this.run(request, settings);
    this.running.set(request.key, { fingerprint, result });
    try {
      const credential = await result;
      if (this.isFresh(credential)) this.cache.set(request.key, { fingerprint, credential });
      return credential;
    } finally {
      if (this.running.get(request.key)?.result === result) this.running.delete(request.key);
    }
  }

  /** Drops the cached credential, so the next get runs the plugin again (after a 401, for example). */
  invalidate(key: string): void {
    if (this.cache.delete(key)) this.log.info('exec credential invalidated', { key });
  }

  private isFresh(credential: ExecCredential): boolean {
    return credential.expiresAt === null || credential.expiresAt - expirySkewMs > this.now();
  }

  private async run(
    request: ExecCredentialRequest,
    settings: ExecSettings,
  ): Promise<ExecCredential> {
    const fields = { user: request.user, command: settings.command };
    const started = performance.now();
    try {
      const searchPath = joinPaths(this.env.PATH, await this.loginShellPath());
      const executable = await findExecutable(settings, searchPath, request.user);
      const env: NodeJS.ProcessEnv = { ...this.env, PATH: searchPath };
      for (const { name, value } of settings.env) env[name] = value;
      env.KUBERNETES_EXEC_INFO = JSON.stringify(await execInfo(settings, request));

      this.log.info('running exec credential plugin', { ...fields, executable });
      const output = await runPlugin(executable, settings, env, this.timeoutMs, request.user);
      const parsed = parseExecCredential(output, settings.apiVersion);
      if (typeof parsed === 'string') {
        throw new AppError(
          'exec-failed',
          'execInvalidOutput',
          `The exec credential plugin ${settings.command} of user ${request.user} returned invalid output: ${parsed}.`,
          { command: settings.command, user: request.user, detail: parsed },
        );
      }

      this.log.info('exec credential plugin succeeded', {
        ...fields,
        durationMs: Math.round(performance.now() - started),
        expiresAt: parsed.expiresAt === null ? null : new Date(parsed.expiresAt).toISOString(),
      });
      return parsed;
    } catch (error) {
      this.log.warn('exec credential plugin failed', {
        ...fields,
        code: error instanceof AppError ? error.code : null,
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  }
}

/** Joins PATH lists, keeping the first occurrence of each folder. */
function joinPaths(...lists: (string | null | undefined)[]): string {
  const folders = lists
    .flatMap((list) => (list ?? '').split(path.delimiter))
    .filter((folder) => folder.length > 0);
  return [...new Set(folders)].join(path.delimiter);
}

/**
 * Finds the plugin as execvp would: a command with a slash is used as it is,
 * and a bare name is looked up in each folder of `searchPath`.
 */
async function findExecutable(
  settings: ExecSettings,
  searchPath: string,
  user: string,
): Promise<string> {
  const { command } = settings;
  const isPath = command.includes('/') || command.includes(path.sep);
  const candidates = isPath
    ? [command]
    : searchPath.split(path.delimiter).map((folder) => path.join(folder, command));

  for (const candidate of candidates) {
    if (await isExecutableFile(candidate)) return candidate;
  }
  // A path that exists but is not executable is reported when spawn fails, with the OS reason.
  if (isPath && (await exists(command))) return command;

  const searched = isPath ? command : searchPath;
  throw new AppError(
    'exec-failed',
    'execNotFound',
    `The exec credential plugin ${command} of user ${user} was not found (searched: ${searched}).` +
      (settings.installHint ? ` ${settings.installHint}` : ''),
    { command, user, installHint: settings.installHint, path: searched },
  );
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds the KUBERNETES_EXEC_INFO value that client-go sends: spec.interactive
 * is always false because the app has no terminal, and spec.cluster is set
 * only when the kubeconfig requests it with provideClusterInfo.
 */
async function execInfo(settings: ExecSettings, request: ExecCredentialRequest): Promise<unknown> {
  const { cluster } = request;
  const spec: Record<string, unknown> = { interactive: false };
  if (settings.provideClusterInfo) {
    // client-go sends the certificate authority as data even when the kubeconfig names a file.
    let authority = cluster.certificateAuthorityData ?? undefined;
    if (!authority && cluster.certificateAuthority) {
      authority = await readAuthority(cluster.certificateAuthority, request.user);
    }
    // NOTE: client-go also sends spec.cluster.config from the cluster's
    // client.authentication.k8s.io/exec extension; ClusterEntry does not keep extensions.
    spec.cluster = {
      server: cluster.server ?? '',
      'certificate-authority-data': authority,
      'tls-server-name': cluster.tlsServerName ?? undefined,
      'insecure-skip-tls-verify': cluster.insecureSkipTlsVerify || undefined,
      'proxy-url': cluster.proxyUrl ?? undefined,
    };
  }
  return { apiVersion: settings.apiVersion, kind: 'ExecCredential', spec };
}

async function readAuthority(file: string, user: string): Promise<string> {
  try {
    return (await readFile(file)).toString('base64');
  } catch (error) {
    const detail = `certificate-authority ${file} cannot be read for provideClusterInfo: ${(error as Error).message}`;
    throw new AppError(
      'exec-failed',
      'execInvalidConfig',
      `The exec settings of user ${user} are invalid: ${detail}.`,
      { user, detail },
    );
  }
}

/**
 * Runs the plugin and returns its stdout. The plugin leads a process group of
 * its own, so a timeout kills everything it started.
 */
function runPlugin(
  executable: string,
  settings: ExecSettings,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  user: string,
): Promise<string> {
  const params = { command: settings.command, user };

  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: AppError | null, stdout = '') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(stdout);
    };

    const child = spawn(executable, settings.args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });

    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes <= maxStdoutBytes) {
        stdout.push(chunk);
        return;
      }
      killTree(child);
      const detail = `the output is larger than ${maxStdoutBytes} bytes`;
      finish(
        new AppError(
          'exec-failed',
          'execInvalidOutput',
          `The exec credential plugin ${settings.command} of user ${user} returned invalid output: ${detail}.`,
          { ...params, detail },
        ),
      );
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-stderrTailLength);
    });

    const timer = setTimeout(() => {
      killTree(child);
      const seconds = String(Math.round(timeoutMs / 100) / 10);
      finish(
        new AppError(
          'exec-failed',
          'execTimeout',
          `The exec credential plugin ${settings.command} of user ${user} did not finish within ${seconds} s and was stopped.`,
          { ...params, seconds },
        ),
      );
    }, timeoutMs);

    child.on('error', (error: NodeJS.ErrnoException) => {
      const detail = error.code ? `${error.code}: ${error.message}` : error.message;
      finish(
        new AppError(
          'exec-failed',
          'execStartFailed',
          `The exec credential plugin ${settings.command} of user ${user} could not be started: ${detail}.`,
          { ...params, detail },
        ),
      );
    });

    child.on('close', (code, signal) => {
      if (code === 0) {
        finish(null, Buffer.concat(stdout).toString('utf8'));
        return;
      }
      const exitCode = code === null ? String(signal) : String(code);
      const tail = stderr.trim();
      finish(
        new AppError(
          'exec-failed',
          'execExited',
          `The exec credential plugin ${settings.command} of user ${user} failed with exit status ${exitCode}` +
            (tail ? `: ${tail}` : '.'),
          { ...params, exitCode, stderr: tail },
        ),
      );
    });
  });
}

/** Kills the plugin and every process in its group. */
function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    // NOTE: on Windows this kills only the plugin itself, not processes it started.
    if (process.platform === 'win32') child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

/**
 * Parses a plugin's stdout as an ExecCredential, as client-go checks it.
 * Returns the credential, or the problem in plain words; the problem never
 * quotes the output, because it may contain the credential.
 */
export function parseExecCredential(stdout: string, apiVersion: string): ExecCredential | string {
  let document: unknown;
  try {
    document = JSON.parse(stdout);
  } catch {
    return stdout.trim().length === 0
      ? 'the plugin printed nothing'
      : `the output is not valid JSON (${stdout.length} characters)`;
  }
  if (!isMap(document)) return 'the output is not a JSON object';
  if (document.kind !== 'ExecCredential') {
    return `kind is ${JSON.stringify(document.kind ?? null)}, expected "ExecCredential"`;
  }
  if (document.apiVersion !== apiVersion) {
    return `apiVersion is ${JSON.stringify(document.apiVersion ?? null)}, but the kubeconfig requests "${apiVersion}"`;
  }
  const status = document.status;
  if (!isMap(status)) return 'status is missing';

  const text = (key: string) =>
    typeof status[key] === 'string' && status[key].length > 0 ? status[key] : null;
  const token = text('token');
  const clientCertificateData = text('clientCertificateData');
  const clientKeyData = text('clientKeyData');
  if (clientCertificateData && !clientKeyData) {
    return 'status has clientCertificateData without clientKeyData';
  }
  if (clientKeyData && !clientCertificateData) {
    return 'status has clientKeyData without clientCertificateData';
  }
  if (!token && !clientCertificateData) {
    return 'status has neither a token nor clientCertificateData and clientKeyData';
  }

  let expiresAt: number | null = null;
  const expiration = status.expirationTimestamp;
  if (expiration !== undefined && expiration !== null) {
    expiresAt = typeof expiration === 'string' ? Date.parse(expiration) : Number.NaN;
    if (Number.isNaN(expiresAt)) {
      return `status.expirationTimestamp ${JSON.stringify(expiration)} is not an RFC 3339 time`;
    }
  }
  return { token, clientCertificateData, clientKeyData, expiresAt };
}

let loginShellPathResult: Promise<string | null> | undefined;

/**
 * Returns the PATH of the user's login shell, read once per process. An app
 * started from a desktop menu inherits a minimal PATH that lacks folders such
 * as ~/.local/bin or /opt/homebrew/bin, where plugins are often installed.
 */
export function readLoginShellPath(log: Logger): Promise<string | null> {
  loginShellPathResult ??= queryLoginShellPath(process.env.SHELL, log);
  return loginShellPathResult;
}

/**
 * Runs `$SHELL -ilc 'printf %s "$PATH"'` and returns its PATH, or null when
 * there is no shell or it fails; failures are logged and otherwise ignored.
 * Only the last line counts, because interactive startup files may print
 * text of their own first.
 */
export function queryLoginShellPath(
  shell: string | undefined,
  log: Logger,
  timeoutMs = loginShellTimeoutMs,
): Promise<string | null> {
  if (!shell || process.platform === 'win32') {
    log.info('no login shell to read PATH from', { shell: shell ?? null });
    return Promise.resolve(null);
  }

  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: string | null, problem?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (problem) log.warn('could not read PATH from the login shell', { shell, error: problem });
      resolve(value);
    };

    const child = spawn(shell, ['-ilc', 'printf %s "$PATH"'], {
      stdio: ['ignore', 'pipe', 'ignore'],
      detached: true,
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    const timer = setTimeout(() => {
      killTree(child);
      finish(null, `timed out after ${timeoutMs} ms`);
    }, timeoutMs);
    child.on('error', (error) => finish(null, error.message));
    child.on('close', (code) => {
      const value = stdout.split('\n').at(-1)?.trim() ?? '';
      if (code !== 0) finish(null, `exited with ${String(code)}`);
      else if (value.length === 0) finish(null, 'printed no PATH');
      else finish(value);
    });
  });
}
