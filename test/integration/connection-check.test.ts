import { readFile, chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import os from 'node:os';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';

import type { ClientDeps } from '../../main/kube/client';
import { checkConnection } from '../../main/kube/connection-check';
import { ContextRegistry, contextId, type ResolvedContext } from '../../main/kube/context-registry';
import { ExecCredentialProvider } from '../../main/kube/exec-credentials';
import { silentLogger } from '../../main/log';
import { start, type SandboxHandle } from '../../sandbox/sandbox';

const kubeconfig = inject('sandboxKubeconfig');
const execV1 = 'client.authentication.k8s.io/v1';

interface SandboxDocument {
  clusters: { name: string; cluster: Record<string, string> }[];
  users: { name: string; user: Record<string, string> }[];
}

let sandbox: SandboxDocument;
let server = '';
let authorityData = '';
let folder = '';

beforeAll(async () => {
  sandbox = parse(await readFile(kubeconfig, 'utf8')) as SandboxDocument;
  const cluster = sandbox.clusters.find((entry) => entry.name === 'sandbox')!.cluster;
  server = cluster.server!;
  authorityData = cluster['certificate-authority-data']!;
});

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'kfd-check-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function newDeps(timeoutMs?: number): ClientDeps {
  return {
    execCredentials: new ExecCredentialProvider({
      log: silentLogger,
      timeoutMs,
      loginShellPath: () => Promise.resolve(null),
    }),
  };
}

async function resolveContext(file: string, name: string): Promise<ResolvedContext> {
  const registry = new ContextRegistry(silentLogger);
  await registry.load([{ path: file, origin: 'added' }]);
  const resolved = registry.resolve(contextId(file, name));
  if (!resolved) throw new Error(`context ${name} did not resolve`);
  return resolved;
}

/** Writes a kubeconfig with context "x" for the sandbox's first cluster and resolves it. */
async function sandboxContext(
  cluster: Record<string, unknown>,
  user: Record<string, unknown>,
): Promise<ResolvedContext> {
  const file = path.join(folder, 'config');
  await writeFile(
    file,
    stringify({
      clusters: [
        {
          name: 'c',
          cluster: { server, 'certificate-authority-data': authorityData, ...cluster },
        },
      ],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
    }),
    { mode: 0o600 },
  );
  return resolveContext(file, 'x');
}

/** Returns the client certificate and key of a sandbox user, as PEM text. */
function certificatePair(userName: string) {
  const user = sandbox.users.find((entry) => entry.name === userName)!.user;
  const pem = (key: string) => Buffer.from(user[key]!, 'base64').toString('utf8');
  return {
    clientCertificateData: pem('client-certificate-data'),
    clientKeyData: pem('client-key-data'),
  };
}

/** Returns a sandbox user's certificate data as a kubeconfig user map. */
function certificateUser(userName: string) {
  const user = sandbox.users.find((entry) => entry.name === userName)!.user;
  return {
    'client-certificate-data': user['client-certificate-data'],
    'client-key-data': user['client-key-data'],
  };
}

/** Writes an executable /bin/sh script into the temp folder and returns its path. */
async function writePlugin(name: string, body: string): Promise<string> {
  const file = path.join(folder, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

/** Writes an ExecCredential with a sandbox user's certificate pair into a file only the owner may read. */
async function writeCredentialFile(name: string, userName: string): Promise<string> {
  const file = path.join(folder, name);
  const credential = {
    apiVersion: execV1,
    kind: 'ExecCredential',
    status: certificatePair(userName),
  };
  await writeFile(file, JSON.stringify(credential), { mode: 0o600 });
  return file;
}

const allCapabilities = (value: boolean) => ({
  createCustomResourceDefinitions: value,
  createNamespaces: value,
  listNamespaces: value,
  manageRbac: value,
});

describe('checkConnection', () => {
  it('checks sandbox-admin', async () => {
    const resolved = await resolveContext(kubeconfig, 'sandbox-admin');

    const check = await checkConnection(resolved, newDeps());

    expect(check.status).toBe('ok');
    expect(check.error).toBeNull();
    expect(check.contextId).toBe(resolved.summary.id);
    expect(check.serverVersion).toBe('v1.36.3');
    expect(check.clusterUid).toMatch(/^[0-9a-f-]{36}$/);
    expect(check.latencyMs).toBeGreaterThan(0);
    expect(check.identity?.username).toBe('kubeflow-desktop-admin');
    expect(check.identity?.groups).toContain('system:masters');
    expect(check.capabilities).toEqual(allCapabilities(true));
    expect(Date.parse(check.checkedAt)).not.toBeNaN();
  });

  it('tells sandbox-b apart by cluster UID', async () => {
    const [first, second] = await Promise.all([
      checkConnection(await resolveContext(kubeconfig, 'sandbox-admin'), newDeps()),
      checkConnection(await resolveContext(kubeconfig, 'sandbox-b'), newDeps()),
    ]);

    expect(second.status).toBe('ok');
    expect(second.clusterUid).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.clusterUid).not.toBe(first.clusterUid);
  });

  it('checks sandbox-alice', async () => {
    const check = await checkConnection(
      await resolveContext(kubeconfig, 'sandbox-alice'),
      newDeps(),
    );

    expect(check.status).toBe('ok');
    expect(check.serverVersion).toBe('v1.36.3');
    expect(check.clusterUid).toBeNull();
    expect(check.identity?.username).toBe('alice@example.com');
    expect(check.capabilities).toEqual(allCapabilities(false));
  });

  it('reports sandbox-expired as unauthorized', async () => {
    const check = await checkConnection(
      await resolveContext(kubeconfig, 'sandbox-expired'),
      newDeps(),
    );

    expect(check.status).toBe('unauthorized');
    expect(check.error?.kind).toBe('unauthorized');
    expect(check.error?.params.user).toBe('sandbox-expired');
    expect(check.serverVersion).toBeNull();
    expect(check.identity).toBeNull();
  });

  it('reports a TLS name mismatch', async () => {
    const localhost = server.replace('127.0.0.1', 'localhost');
    const resolved = await sandboxContext({ server: localhost }, certificateUser('sandbox-admin'));

    const check = await checkConnection(resolved, newDeps());

    expect(check.status).toBe('tls');
    expect(check.error?.kind).toBe('tls');
    expect(check.error?.params.server).toBe(localhost);
  });

  it('honours tls-server-name', async () => {
    const resolved = await sandboxContext(
      {
        server: server.replace('127.0.0.1', 'localhost'),
        'tls-server-name': 'apiserver.sandbox.test',
      },
      certificateUser('sandbox-admin'),
    );

    const check = await checkConnection(resolved, newDeps());

    expect(check.status).toBe('ok');
    expect(check.identity?.username).toBe('kubeflow-desktop-admin');
  });

  it('reports an invalid entry', async () => {
    // The registry never resolves an invalid entry, so this one is edited after resolving,
    // as a user map could be by a later kubeconfig change.
    const resolved = await sandboxContext({}, certificateUser('sandbox-admin'));
    const edited = {
      ...resolved,
      user: { ...resolved.user, raw: { exec: { apiVersion: execV1 } } },
    };

    const check = await checkConnection(edited, newDeps());

    expect(check.status).toBe('invalid');
    expect(check.error?.code).toBe('contextInvalid');
    expect(check.error?.params.reason).toBe('user "u": exec has no command');
    expect(check.serverVersion).toBeNull();
  });
});

describe('checkConnection through a proxy', () => {
  let proxy: Server;
  let proxyUrl = '';
  const connects: string[] = [];
  // Sockets taken over by a CONNECT are no longer the server's, so close() would wait for them.
  const tunnels = new Set<Duplex>();

  beforeAll(async () => {
    proxy = createServer((_request, response) => response.writeHead(405).end());
    proxy.on('connect', (request, client, head) => {
      const target = request.url ?? '';
      connects.push(target);
      const [host, port] = [
        target.slice(0, target.lastIndexOf(':')),
        target.slice(target.lastIndexOf(':') + 1),
      ];
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      tunnels.add(client);
      tunnels.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const address = proxy.address() as { port: number };
    proxyUrl = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    for (const socket of tunnels) socket.destroy();
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  });

  it('connects through proxy-url', async () => {
    const resolved = await sandboxContext(
      { 'proxy-url': proxyUrl },
      certificateUser('sandbox-admin'),
    );

    const check = await checkConnection(resolved, newDeps());

    expect(check.status).toBe('ok');
    expect(connects.length).toBeGreaterThanOrEqual(1);
    expect(connects[0]).toBe(new URL(server).host);
  });
});

describe('checkConnection with exec users', () => {
  it('uses an exec client certificate', async () => {
    const credential = await writeCredentialFile('alice.json', 'sandbox-alice');
    const command = await writePlugin('plugin', `cat "${credential}"`);
    const resolved = await sandboxContext({}, { exec: { apiVersion: execV1, command } });

    const check = await checkConnection(resolved, newDeps());

    expect(check.status).toBe('ok');
    expect(check.identity?.username).toBe('alice@example.com');
  });

  it('reruns the plugin after 401', async () => {
    const expired = await writeCredentialFile('expired.json', 'sandbox-expired');
    const alice = await writeCredentialFile('alice.json', 'sandbox-alice');
    const runs = path.join(folder, 'runs');
    const command = await writePlugin(
      'plugin',
      `echo run >> "${runs}"\nif [ "$(wc -l < "${runs}")" -lt 2 ]; then cat "${expired}"; else cat "${alice}"; fi`,
    );
    const resolved = await sandboxContext({}, { exec: { apiVersion: execV1, command } });

    const check = await checkConnection(resolved, newDeps());

    expect(check.status).toBe('ok');
    expect(check.identity?.username).toBe('alice@example.com');
    expect((await readFile(runs, 'utf8')).trim().split('\n')).toHaveLength(2);
  });

  it('reports a failing plugin', async () => {
    const command = await writePlugin(
      'plugin',
      'echo "login expired, run plugin login" >&2\nexit 2',
    );
    const resolved = await sandboxContext({}, { exec: { apiVersion: execV1, command } });

    const check = await checkConnection(resolved, newDeps());

    expect(check.status).toBe('exec-failed');
    expect(check.error?.code).toBe('execExited');
    expect(check.error?.params.exitCode).toBe('2');
    expect(check.error?.params.stderr).toBe('login expired, run plugin login');
  });

  it('reports invalid plugin output', async () => {
    const command = await writePlugin('plugin', 'echo "{not json"');
    const resolved = await sandboxContext({}, { exec: { apiVersion: execV1, command } });

    const check = await checkConnection(resolved, newDeps());

    expect(check.status).toBe('exec-failed');
    expect(check.error?.code).toBe('execInvalidOutput');
  });

  it('reports a hanging plugin', async () => {
    const command = await writePlugin('plugin', 'sleep 30');
    const resolved = await sandboxContext({}, { exec: { apiVersion: execV1, command } });

    const check = await checkConnection(resolved, newDeps(500));

    expect(check.status).toBe('exec-failed');
    expect(check.error?.code).toBe('execTimeout');
    expect(check.error?.params.seconds).toBe('0.5');
  });

  it('reports a plugin not on PATH', async () => {
    const installHint = 'Install kfd-absent-credential-plugin from your platform team.';
    const resolved = await sandboxContext(
      {},
      { exec: { apiVersion: execV1, command: 'kfd-absent-credential-plugin', installHint } },
    );

    const check = await checkConnection(resolved, newDeps());

    expect(check.status).toBe('exec-failed');
    expect(check.error?.code).toBe('execNotFound');
    expect(check.error?.params.command).toBe('kfd-absent-credential-plugin');
    expect(check.error?.params.installHint).toBe(installHint);
  });
});

describe('checkConnection on a stopped API server', () => {
  let privateSandbox: SandboxHandle;

  beforeAll(async () => {
    privateSandbox = await start({ secondCluster: false, log: () => {} });
  });
  afterAll(async () => {
    await privateSandbox.stop();
  });

  it('reports unreachable, then recovers', async () => {
    const resolved = await resolveContext(privateSandbox.kubeconfigPath, 'sandbox-admin');
    await privateSandbox.primary.stopApiServer();

    const check = await checkConnection(resolved, newDeps(), 3_000);

    expect(check.status).toBe('unreachable');
    expect(check.error?.kind).toBe('unreachable');
    expect(check.error?.params.server).toBe(privateSandbox.primary.server);
    expect(check.serverVersion).toBeNull();

    await privateSandbox.primary.startApiServer();
    const recovered = await checkConnection(resolved, newDeps());
    expect(recovered.status).toBe('ok');
    expect(recovered.serverVersion).toBe('v1.36.3');
  });
});
