import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startCluster, type ClusterHandle } from './cluster';
import { renderKubeconfig, type KubeconfigContext } from './kubeconfig';
import { adminConfig, startProfileSimulator } from './profile-simulator';
import { primaryNodes, secondaryNodes } from './nodes';

/** The contexts every sandbox kubeconfig contains. */
export const sandboxContexts = {
  admin: 'sandbox-admin',
  alice: 'sandbox-alice',
  expired: 'sandbox-expired',
  second: 'sandbox-b',
} as const;

export interface SandboxOptions {
  /** Folder for etcd data, certificates, logs and the kubeconfig; a new temporary folder by default. */
  dataDir?: string;
  /** Folder with the built programs; built (or found in the cache) by sandbox/build.sh by default. */
  binDir?: string;
  /** Start the second cluster behind sandbox-b (default true). */
  secondCluster?: boolean;
  /** Progress lines; default: stderr. */
  log?: (line: string) => void;
  /**
   * Run the profile-controller simulation (sandbox/profile-simulator.ts) on
   * the primary cluster, which reconciles kubeflow.org Profiles into
   * namespaces and bindings (default false).
   */
  profileSimulator?: boolean;
}

export interface SandboxHandle {
  kubeconfigPath: string;
  dataDir: string;
  binDir: string;
  primary: ClusterHandle;
  secondary: ClusterHandle | null;
  /** Ends every process it started, by pid, and removes the data folder. */
  stop(): Promise<void>;
}

/**
 * Finds the folder that contains build.sh. This module also runs bundled into
 * dist/main, so it searches upwards from its own location for sandbox/build.sh.
 */
function findSandboxDir(): string {
  const here =
    typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
  for (let folder = here; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, 'build.sh')) && path.basename(folder) === 'sandbox')
      return folder;
    if (existsSync(path.join(folder, 'sandbox', 'build.sh'))) return path.join(folder, 'sandbox');
    if (path.dirname(folder) === folder) {
      throw new Error(
        'sandbox/build.sh was not found above ' +
          here +
          ': the built-in sandbox runs only from a source checkout.',
      );
    }
  }
}

/**
 * Builds the sandbox programs once per pinned version, or returns the cached
 * folder. The build script prints progress on stderr and the folder last.
 */
export async function buildSandbox(log: (line: string) => void = defaultLog): Promise<string> {
  const script = path.join(findSandboxDir(), 'build.sh');
  return new Promise((resolve, reject) => {
    const child = execFile('bash', [script], { maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error) {
        reject(new Error(`Building the sandbox failed: ${error.message}`, { cause: error }));
        return;
      }
      const lines = stdout.trim().split('\n');
      resolve(lines[lines.length - 1]!);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) log(line);
    });
  });
}

/** Starts a fresh sandbox: one or two clusters on free loopback ports, and a kubeconfig for them. */
export async function start(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const log = options.log ?? defaultLog;
  const binDir = options.binDir ?? (await buildSandbox(log));
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'kfd-sandbox-')));
  const started: ClusterHandle[] = [];

  try {
    const withSecond = options.secondCluster ?? true;
    const track = async (promise: Promise<ClusterHandle>) => {
      const cluster = await promise;
      started.push(cluster);
      return cluster;
    };
    // allSettled, not all: when one cluster fails, wait for the other to
    // finish starting so that the cleanup below can stop it too.
    const [primaryResult, secondaryResult] = await Promise.allSettled([
      track(
        startCluster({
          name: 'sandbox',
          dataDir: path.join(dataDir, 'sandbox'),
          binDir,
          nodes: primaryNodes,
          log,
        }),
      ),
      withSecond
        ? track(
            startCluster({
              name: 'sandbox-b',
              dataDir: path.join(dataDir, 'sandbox-b'),
              binDir,
              nodes: secondaryNodes,
              log,
            }),
          )
        : Promise.resolve(null),
    ]);
    if (primaryResult.status === 'rejected') throw primaryResult.reason;
    if (secondaryResult.status === 'rejected') throw secondaryResult.reason;
    const primary = primaryResult.value;
    const secondary = secondaryResult.value;

    const kubeconfigPath = path.join(dataDir, 'kubeconfig');
    await writeFile(kubeconfigPath, sandboxKubeconfig(primary, secondary), { mode: 0o600 });
    log(`sandbox: kubeconfig written to ${kubeconfigPath}`);

    const simulator = options.profileSimulator
      ? startProfileSimulator({ config: adminConfig(kubeconfigPath), log })
      : null;

    let stopped = false;
    return {
      kubeconfigPath,
      dataDir,
      binDir,
      primary,
      secondary,
      async stop() {
        if (stopped) return;
        stopped = true;
        await simulator?.stop();
        await Promise.all(started.map((cluster) => cluster.stop()));
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((cluster) => cluster.stop()));
    // The data folder stays, because the error message points at its logs.
    throw error;
  }
}

function sandboxKubeconfig(primary: ClusterHandle, secondary: ClusterHandle | null): string {
  const pki = (cluster: ClusterHandle, file: string) => path.join(cluster.pkiDir, file);
  const clusters = [{ name: 'sandbox', server: primary.server, caFile: pki(primary, 'ca.crt') }];
  const users = [
    {
      name: 'sandbox-admin',
      certFile: pki(primary, 'admin.crt'),
      keyFile: pki(primary, 'admin.key'),
    },
    {
      name: 'sandbox-alice',
      certFile: pki(primary, 'alice.crt'),
      keyFile: pki(primary, 'alice.key'),
    },
    {
      name: 'sandbox-expired',
      certFile: pki(primary, 'expired.crt'),
      keyFile: pki(primary, 'expired.key'),
    },
  ];
  const contexts: KubeconfigContext[] = [
    { name: sandboxContexts.admin, cluster: 'sandbox', user: 'sandbox-admin' },
    {
      name: sandboxContexts.alice,
      cluster: 'sandbox',
      user: 'sandbox-alice',
      namespace: 'default',
    },
    { name: sandboxContexts.expired, cluster: 'sandbox', user: 'sandbox-expired' },
  ];
  if (secondary) {
    clusters.push({
      name: 'sandbox-b',
      server: secondary.server,
      caFile: pki(secondary, 'ca.crt'),
    });
    users.push({
      name: 'sandbox-b-admin',
      certFile: pki(secondary, 'admin.crt'),
      keyFile: pki(secondary, 'admin.key'),
    });
    contexts.push({ name: sandboxContexts.second, cluster: 'sandbox-b', user: 'sandbox-b-admin' });
  }
  return renderKubeconfig(clusters, users, contexts, sandboxContexts.admin);
}

function defaultLog(line: string): void {
  process.stderr.write(line + '\n');
}
