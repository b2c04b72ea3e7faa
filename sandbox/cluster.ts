import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { get, send, waitFor, type ProbeTls } from './http';
import { componentKubeconfig } from './kubeconfig';
import { nodeManifest, type FakeNode } from './nodes';
import { findFreePorts } from './ports';
import {
  assertRunning,
  isRunning,
  startProcess,
  stopProcess,
  type ManagedProcess,
} from './processes';

const execFileAsync = promisify(execFile);

export interface ClusterOptions {
  name: string;
  dataDir: string;
  binDir: string;
  nodes: FakeNode[];
  log: (line: string) => void;
}

/** One running control plane: etcd, kube-apiserver, controller manager, scheduler and kwok. */
export interface ClusterHandle {
  name: string;
  server: string;
  pkiDir: string;
  logDir: string;
  /** Stops kube-apiserver alone, so tests can make the cluster unreachable. */
  stopApiServer(): Promise<void>;
  /** Starts kube-apiserver again on the same port and waits until it is ready. */
  startApiServer(): Promise<void>;
  stop(): Promise<void>;
}

const startTimeoutMs = 120_000;

export async function startCluster(options: ClusterOptions): Promise<ClusterHandle> {
  const { name, dataDir, binDir, log } = options;
  const pkiDir = path.join(dataDir, 'pki');
  const logDir = path.join(dataDir, 'logs');
  await mkdir(logDir, { recursive: true });
  await execFileAsync(path.join(binDir, 'sandbox-certs'), ['-dir', pkiDir]);

  const [etcdClient, etcdPeer, apiPort, managerPort, schedulerPort, kwokPort] =
    await findFreePorts(6);
  const server = `https://127.0.0.1:${apiPort}`;
  const tls: ProbeTls = {
    ca: await readFile(path.join(pkiDir, 'ca.crt')),
    cert: await readFile(path.join(pkiDir, 'admin.crt')),
    key: await readFile(path.join(pkiDir, 'admin.key')),
  };
  const processes: ManagedProcess[] = [];
  const bin = (program: string) => path.join(binDir, program);

  // Each program starts through sandbox-exec, which has the kernel stop it
  // when this Node process dies, even by SIGKILL.
  const launch = (program: string, args: string[]) =>
    startProcess(program, bin('sandbox-exec'), [bin(program), ...args], logDir);

  async function stopAll(): Promise<void> {
    // Reverse order: clients of the API server first, etcd last.
    for (const managed of [...processes].reverse()) await stopProcess(managed);
  }

  try {
    log(`sandbox[${name}]: starting etcd on 127.0.0.1:${etcdClient}`);
    const etcd = launch('etcd', etcdArgs(path.join(dataDir, 'etcd'), etcdClient!, etcdPeer!));
    processes.push(etcd);
    await waitFor(
      `etcd of ${name}`,
      async () => {
        assertRunning(etcd);
        return (await get(`http://127.0.0.1:${etcdClient}/health`)).body.includes('"true"');
      },
      startTimeoutMs,
    );

    const apiArgs = apiServerArgs(pkiDir, etcdClient!, apiPort!);
    log(`sandbox[${name}]: starting kube-apiserver on ${server}`);
    let apiServer = launch('kube-apiserver', apiArgs);
    processes.push(apiServer);
    await waitForApiServer(name, server, tls, apiServer);

    await writeFile(path.join(dataDir, 'kwok.yaml'), kwokConfiguration);
    for (const identity of ['controller-manager', 'scheduler', 'kwok']) {
      await writeFile(
        path.join(pkiDir, `${identity}.kubeconfig`),
        componentKubeconfig(server, pkiDir, identity),
        {
          mode: 0o600,
        },
      );
    }

    log(`sandbox[${name}]: starting kube-controller-manager, kube-scheduler and kwok`);
    processes.push(
      launch('kube-controller-manager', managerArgs(pkiDir, managerPort!)),
      launch('kube-scheduler', schedulerArgs(pkiDir, schedulerPort!)),
      launch('kwok', kwokArgs(dataDir, binDir, pkiDir, kwokPort!)),
    );

    await registerNodes(server, tls, options.nodes);
    await waitForCluster(name, server, tls, options.nodes, () => assertRunning(...processes));
    log(`sandbox[${name}]: ready`);

    return {
      name,
      server,
      pkiDir,
      logDir,
      async stopApiServer() {
        await stopProcess(apiServer);
      },
      async startApiServer() {
        if (isRunning(apiServer)) return;
        const index = processes.indexOf(apiServer);
        apiServer = launch('kube-apiserver', apiArgs);
        processes[index] = apiServer;
        await waitForApiServer(name, server, tls, apiServer);
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw new Error(
      `Sandbox cluster ${name} failed to start: ${(error as Error).message}\nAll logs are kept in ${logDir}`,
      {
        cause: error,
      },
    );
  }
}

function etcdArgs(dir: string, clientPort: number, peerPort: number): string[] {
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    '--name=sandbox',
    `--data-dir=${dir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=sandbox=${peer}`,
    // The data is thrown away at stop, so durability is not worth the fsync cost.
    '--unsafe-no-fsync',
    '--log-level=warn',
  ];
}

function apiServerArgs(pkiDir: string, etcdPort: number, port: number): string[] {
  const pki = (file: string) => path.join(pkiDir, file);
  return [
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${port}`,
    `--cert-dir=${pkiDir}`,
    `--tls-cert-file=${pki('apiserver.crt')}`,
    `--tls-private-key-file=${pki('apiserver.key')}`,
    `--client-ca-file=${pki('ca.crt')}`,
    `--service-account-key-file=${pki('sa.pub')}`,
    `--service-account-signing-key-file=${pki('sa.key')}`,
    '--service-account-issuer=https://kubernetes.default.svc',
    '--service-cluster-ip-range=10.96.0.0/16',
    '--authorization-mode=RBAC',
    '--allow-privileged=true',
    '--profiling=false',
  ];
}

function managerArgs(pkiDir: string, port: number): string[] {
  const kubeconfig = path.join(pkiDir, 'controller-manager.kubeconfig');
  return [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${port}`,
    '--leader-elect=false',
    // Each controller acts as its own service account, as in a production cluster.
    '--use-service-account-credentials=true',
    `--service-account-private-key-file=${path.join(pkiDir, 'sa.key')}`,
    `--root-ca-file=${path.join(pkiDir, 'ca.crt')}`,
    '--profiling=false',
  ];
}

function schedulerArgs(pkiDir: string, port: number): string[] {
  const kubeconfig = path.join(pkiDir, 'scheduler.kubeconfig');
  return [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${port}`,
    '--leader-elect=false',
    '--profiling=false',
  ];
}

/**
 * kwok's own options. The stages (nodes become Ready and keep their leases,
 * scheduled pods become Running and Ready) come from kwok-stages.yaml, which
 * the build takes from the pinned kwok module. Naming both files also keeps
 * kwok from reading the ~/.kwok/kwok.yaml of the user running the tests.
 */
// kwok 0.8 applies its option defaults only when it finds no configuration
// file, so the values it would default to are spelled out here.
const kwokConfiguration = `apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  podPlayStageParallelism: 4
  nodePlayStageParallelism: 4
  nodeLeaseParallelism: 4
  podsOnNodeSyncParallelism: 1
  nodeLeaseDurationSeconds: 40
  nodeStatusUpdateFrequencyMilliseconds: 10000
  heartbeatFactor: 5
  enableDebuggingHandlers: false
  enableProfilingHandler: false
  enableContentionProfiling: false
`;

function kwokArgs(dataDir: string, binDir: string, pkiDir: string, port: number): string[] {
  return [
    `--kubeconfig=${path.join(pkiDir, 'kwok.kubeconfig')}`,
    // Only nodes with this annotation are faked, so a real node is never touched.
    '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
    '--cidr=10.244.0.0/16',
    '--node-ip=10.244.0.1',
    `--server-address=127.0.0.1:${port}`,
    `--config=${path.join(dataDir, 'kwok.yaml')}`,
    `--config=${path.join(binDir, 'kwok-stages.yaml')}`,
  ];
}

async function waitForApiServer(
  name: string,
  server: string,
  tls: ProbeTls,
  process: ManagedProcess,
): Promise<void> {
  await waitFor(
    `kube-apiserver of ${name} (/readyz)`,
    async () => {
      assertRunning(process);
      return (await get(`${server}/readyz`, tls)).status === 200;
    },
    startTimeoutMs,
  );
}

async function registerNodes(server: string, tls: ProbeTls, nodes: FakeNode[]): Promise<void> {
  for (const node of nodes) {
    const response = await send('POST', `${server}/api/v1/nodes`, tls, nodeManifest(node));
    if (response.status !== 201 && response.status !== 409) {
      throw new Error(
        `Registering node ${node.name} failed with HTTP ${response.status}: ${response.body}`,
      );
    }
  }
}

/**
 * Waits until the cluster can run workloads: every fake node Ready, which
 * shows kwok works, and the default service account present, which shows the
 * controller manager works. The ServiceAccount admission plugin rejects pods
 * until that account exists.
 */
async function waitForCluster(
  name: string,
  server: string,
  tls: ProbeTls,
  nodes: FakeNode[],
  checkProcesses: () => void,
): Promise<void> {
  await waitFor(
    `fake nodes of ${name} to become Ready`,
    async () => {
      checkProcesses();
      const response = await get(`${server}/api/v1/nodes`, tls);
      if (response.status !== 200) return false;
      const list = JSON.parse(response.body) as {
        items: {
          metadata: { name: string };
          status?: { conditions?: { type: string; status: string }[] };
        }[];
      };
      const ready = list.items.filter((node) =>
        node.status?.conditions?.some(
          (condition) => condition.type === 'Ready' && condition.status === 'True',
        ),
      );
      return nodes.every((node) => ready.some((item) => item.metadata.name === node.name));
    },
    startTimeoutMs,
  );
  await waitFor(
    `the default service account of ${name}`,
    async () =>
      (await get(`${server}/api/v1/namespaces/default/serviceaccounts/default`, tls)).status ===
      200,
    startTimeoutMs,
  );
}
