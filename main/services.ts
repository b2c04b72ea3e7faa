import packageJson from '../package.json';
import type { SandboxStatus, Settings } from '../shared/contract';
import { createAccessArea, type AccessArea, type AccessSnapshot } from './access/area';
import type { AreaContext } from './area';
import { EventHub } from './ipc/event-hub';
import { createRouter, type Handlers, type Router } from './ipc/router';
import { defaultSources } from './kube/context-registry';
import type { CredentialVault } from './kube/credential-vault';
import { KubeService } from './kube/kube-service';
import { createLogger, type Logger } from './log';
import { createProvisionArea } from './provision/area';
import { renderCheckout } from './provision/manifest-checkout';
import { transformWithOptions } from './provision/options/transform';
import type { InstanceService } from './provision/instance-service';
import { readRecord } from './provision/inventory';
import { createStatusArea, type StatusArea } from './status/area';
import type { StatusService } from './status/status-service';
import { openCheckStore } from './store/check-store';
import type { StoreFileFactory } from './store/app-store';
import { accessSection, matrixSection, statusSection } from './store/snapshot-adapters';
import { createSnapshotArea, type SnapshotArea } from './store/snapshot-area';
import { createRecordSources, type SnapshotSources } from './store/snapshot-sources';
import { ensureSandbox } from './sandbox-launcher';
import { openSettingsStore } from './store/settings-store';

export interface ServicesOptions {
  shell: 'electron' | 'web' | 'cli';
  /** Folder for settings and saved state (Electron: app.getPath('userData')). */
  dataDir: string;
  /** The operating system's language, used when the language setting is "system". */
  systemLanguage: string;
  /** Kubeconfig files to read; default: the KUBECONFIG list, or ~/.kube/config. */
  kubeconfigPaths?: string[];
  /** Encrypts imported credentials (Electron's safeStorage); null or absent elsewhere. */
  credentialVault?: CredentialVault | null;
  /** Opens the app's store file: electron-store in Electron; conf in a plain folder by default. */
  openStoreFile?: StoreFileFactory;
  /** Watch kubeconfig files and check the active context periodically (default true). */
  live?: boolean;
  log?: Logger;
}

export interface SandboxService {
  status(): SandboxStatus;
  setStatus(status: SandboxStatus): void;
  /** Registers work to run when the services close, such as stopping the sandbox cluster. */
  onClose(stop: () => Promise<void>): void;
}

export interface Services {
  router: Router;
  hub: EventHub;
  settings: { get(): Settings };
  kube: KubeService;
  /** The status engine, for desktop notifications. */
  status: StatusService;
  sandbox: SandboxService;
  log: Logger;
  close(): Promise<void>;
}

/** Read timeout of the snapshot sources' cluster calls, in milliseconds. */
const snapshotReadTimeoutMs = 8_000;

/**
 * Builds the sections of a snapshot from the areas that own them: the
 * instance record, the status engine's view and history (the record's
 * phase while the engine has not observed the instance), and the access
 * area's users, groups, bindings and matrix, read once for both sections.
 */
function snapshotSources(
  instances: InstanceService,
  status: StatusArea,
  access: AccessArea,
): SnapshotSources {
  const records = createRecordSources(async (contextId, namespace, name) => {
    const { config } = await instances.client(contextId);
    return readRecord(config, namespace, name, { timeoutMs: snapshotReadTimeoutMs });
  });
  const recent = new Map<string, { at: number; read: Promise<AccessSnapshot> }>();
  const readAccess = (key: string) => {
    const cached = recent.get(key);
    if (cached && Date.now() - cached.at < 10_000) return cached.read;
    const read = access.accessSnapshot(key);
    recent.set(key, { at: Date.now(), read });
    return read;
  };
  return {
    instance: (key) => records.instance(key),
    status: async (key) => {
      const view = status.service.current(key);
      return view ? statusSection(view, status.service.history(key)) : records.status(key);
    },
    access: async (key) => accessSection(await readAccess(key)),
    matrix: async (key) => matrixSection((await readAccess(key)).matrix),
  };
}

/**
 * Creates the services main runs, in plain Node: the same instance serves the
 * Electron window, the web bridge, the command line and the tests.
 */
export async function createServices(options: ServicesOptions): Promise<Services> {
  const log = options.log ?? createLogger('main');
  const hub = new EventHub(log.child('events'));
  const settings = openSettingsStore(options.dataDir, log.child('store'));
  const kube = new KubeService({
    baseSources: options.kubeconfigPaths
      ? options.kubeconfigPaths.map((file) => ({ path: file, origin: 'added' as const }))
      : defaultSources(),
    dataDir: options.dataDir,
    settings,
    checks: openCheckStore(options.dataDir, log.child('store')),
    vault: options.credentialVault ?? null,
    hub,
    log,
    live: options.live,
  });
  const closers: (() => Promise<void>)[] = [];
  // Areas stop first, so their watches end before the sandbox goes away.
  const areaClosers: (() => Promise<void> | void)[] = [];
  let sandboxStatus: SandboxStatus = { state: 'off', kubeconfigPath: null, detail: null };

  const sandbox: SandboxService = {
    status: () => sandboxStatus,
    setStatus(status) {
      sandboxStatus = status;
      hub.emit('sandbox.status', status);
    },
    onClose: (stop) => closers.push(stop),
  };

  const context: AreaContext = {
    shell: options.shell,
    dataDir: options.dataDir,
    kube,
    hub,
    log,
    onClose: (stop) => areaClosers.push(stop),
  };
  // The snapshot area owns offline mode, which the other areas read; it is
  // created last because its snapshots read from them.
  let snapshots: SnapshotArea | null = null;
  const offlineReason = async (contextId: string) =>
    snapshots ? snapshots.offlineReason(contextId) : null;
  const provision = createProvisionArea(context, {
    transform: transformWithOptions,
    renderCheckout: async (folder, spec) => {
      const rendered = await renderCheckout(folder, spec.release, spec.serviceType, {
        kubectlPath: process.env.KFD_KUBECTL ?? undefined,
      });
      return { sources: rendered.sources, tag: rendered.tag };
    },
    offlineReason,
  });
  const status = createStatusArea(context);
  const access = createAccessArea(context, {
    // Offline mode stops the access area's cluster calls, reads and writes alike.
    configFor: async (contextId) => (await provision.service.client(contextId)).config,
  });
  snapshots = createSnapshotArea(context, {
    openStoreFile: options.openStoreFile,
    sources: snapshotSources(provision.service, status, access),
  });

  const handlers: Handlers = {
    ...provision.handlers,
    ...status.handlers,
    ...access.handlers,
    ...snapshots.handlers,
    'app.info': () => ({
      name: packageJson.productName,
      version: packageJson.version,
      shell: options.shell,
      platform: process.platform,
      systemLanguage: options.systemLanguage,
      sandbox: sandboxStatus,
    }),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => {
      const updated = settings.update(patch);
      hub.emit('settings.changed', { language: updated.language, theme: updated.theme });
      return updated;
    },
    'sandbox.start': () => {
      const { state } = sandboxStatus;
      if (state === 'off' || state === 'failed') {
        // The handler returns at once; progress and the result arrive as events.
        void ensureSandbox(services, log.child('sandbox'), { force: true });
      }
      return sandboxStatus;
    },
    'kube.listContexts': () => kube.listContexts(),
    'kube.setActiveContext': ({ contextId }) => kube.setActiveContext(contextId),
    'kube.check': ({ contextId }) => kube.check(contextId),
    'kube.listChecks': () => ({ checks: kube.listChecks() }),
    'kube.addSource': ({ path }) => kube.addSource(path),
    'kube.removeSource': ({ path }) => kube.removeSource(path),
    'kube.importKubeconfig': (request) => kube.importKubeconfig(request),
    'kube.setKubectlDefault': ({ contextId }) => kube.setKubectlDefault(contextId),
  };

  await kube.start();
  if (settings.recoveredFrom)
    log.warn('started with default settings', { movedTo: settings.recoveredFrom });

  let closed = false;
  const services: Services = {
    router: createRouter(handlers, log.child('ipc')),
    hub,
    settings: { get: () => ({ language: settings.get().language, theme: settings.get().theme }) },
    kube,
    status: status.service,
    sandbox,
    log,
    async close() {
      if (closed) return;
      closed = true;
      // The snapshot area opens its files in the background; it registers
      // its own closers once they are open, so it must finish first.
      await snapshots?.ready.catch(() => undefined);
      const stops = [...areaClosers.reverse(), () => kube.close(), ...closers.reverse()];
      for (const stop of stops) {
        try {
          await stop();
        } catch (error) {
          log.error('a service failed to stop', { error: String(error) });
        }
      }
    },
  };
  return services;
}
