import packageJson from '../package.json';
import type { ContextList, SandboxStatus, Settings } from '../shared/contract';
import { AppError } from '../shared/errors';
import { createRouter, type Handlers, type Router } from './ipc/router';
import { EventHub } from './ipc/event-hub';
import {
  ContextRegistry,
  defaultSources,
  describeContextId,
  type SourceSpec,
} from './kube/context-registry';
import { probeCluster } from './kube/probe';
import { createLogger, type Logger } from './log';
import { openSettingsStore } from './store/settings-store';

export interface ServicesOptions {
  shell: 'electron' | 'web';
  /** Folder for settings and saved state (Electron: app.getPath('userData')). */
  dataDir: string;
  /** The operating system's language, used when the language setting is "system". */
  systemLanguage: string;
  /** Kubeconfig files to read; default: the KUBECONFIG list, or ~/.kube/config. */
  kubeconfigPaths?: string[];
  log?: Logger;
}

export interface KubeService {
  /** Re-reads every source and returns the contexts with the active one. */
  listContexts(): Promise<ContextList>;
  /** Adds a kubeconfig source for this run (the sandbox's, for example) and announces the new list. */
  addSource(spec: SourceSpec): Promise<void>;
  setActiveContext(contextId: string): Promise<void>;
  /** The active context's id, or null when none is chosen or it is gone. */
  activeContextId(): Promise<string | null>;
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
  sandbox: SandboxService;
  log: Logger;
  close(): Promise<void>;
}

/**
 * Creates the services main runs, in plain Node: the same instance serves the
 * Electron window, the web bridge and the tests.
 */
export async function createServices(options: ServicesOptions): Promise<Services> {
  const log = options.log ?? createLogger('main');
  const hub = new EventHub(log.child('events'));
  const store = openSettingsStore(options.dataDir, log.child('store'));
  const registry = new ContextRegistry(log.child('kube'));
  const baseSources: SourceSpec[] = options.kubeconfigPaths
    ? options.kubeconfigPaths.map((file) => ({ path: file, origin: 'added' as const }))
    : defaultSources();
  const extraSources: SourceSpec[] = [];
  const closers: (() => Promise<void>)[] = [];
  let sandboxStatus: SandboxStatus = { state: 'off', kubeconfigPath: null, detail: null };

  async function reload(): Promise<void> {
    await registry.load([...baseSources, ...extraSources]);
  }

  function activeId(): string | null {
    const active = store.get().activeContext;
    return active ? (registry.findId(active.source, active.name) ?? null) : null;
  }

  async function listContexts(): Promise<ContextList> {
    await reload();
    return registry.list(activeId());
  }

  async function setActiveContext(contextId: string): Promise<void> {
    await reload();
    const summary = registry.summary(contextId);
    if (!summary) {
      throw contextNotFound(contextId);
    }
    if (summary.invalidReason) {
      throw contextInvalid(summary.ref.name, summary.invalidReason);
    }
    store.update({ activeContext: summary.ref });
    log.info('active context changed', { context: summary.ref.name, source: summary.ref.source });
    hub.emit('kube.activeContextChanged', { activeId: contextId });
  }

  const kube: KubeService = {
    listContexts,
    setActiveContext,
    async addSource(spec) {
      // A path read twice would list each of its contexts twice under one id.
      const known = [...baseSources, ...extraSources].some((source) => source.path === spec.path);
      if (!known) extraSources.push(spec);
      hub.emit('kube.contextsChanged', await listContexts());
    },
    async activeContextId() {
      await reload();
      return activeId();
    },
  };

  const sandbox: SandboxService = {
    status: () => sandboxStatus,
    setStatus(status) {
      sandboxStatus = status;
      hub.emit('sandbox.status', status);
    },
    onClose: (stop) => closers.push(stop),
  };

  const handlers: Handlers = {
    'app.info': () => ({
      name: packageJson.productName,
      version: packageJson.version,
      shell: options.shell,
      platform: process.platform,
      systemLanguage: options.systemLanguage,
      sandbox: sandboxStatus,
    }),
    'settings.get': () => store.get(),
    'settings.update': (patch) => {
      const settings = store.update(patch);
      hub.emit('settings.changed', { language: settings.language, theme: settings.theme });
      return settings;
    },
    'kube.listContexts': () => listContexts(),
    'kube.setActiveContext': async ({ contextId }) => {
      await setActiveContext(contextId);
      return registry.summary(contextId)!;
    },
    'kube.probe': async ({ contextId }) => {
      await reload();
      const resolved = registry.resolve(contextId);
      if (!resolved) {
        const summary = registry.summary(contextId);
        if (summary?.invalidReason) {
          throw contextInvalid(summary.ref.name, summary.invalidReason);
        }
        throw contextNotFound(contextId);
      }
      return probeCluster(resolved);
    },
  };

  await reload();
  if (store.recoveredFrom)
    log.warn('started with default settings', { movedTo: store.recoveredFrom });

  let closed = false;
  return {
    router: createRouter(handlers, log.child('ipc')),
    hub,
    settings: { get: () => ({ language: store.get().language, theme: store.get().theme }) },
    kube,
    sandbox,
    log,
    async close() {
      if (closed) return;
      closed = true;
      for (const stop of closers.reverse()) {
        try {
          await stop();
        } catch (error) {
          log.error('a service failed to stop', { error: String(error) });
        }
      }
    },
  };
}

function contextNotFound(contextId: string): AppError {
  const context = describeContextId(contextId);
  return new AppError(
    'not-found',
    'contextNotFound',
    `Context ${context} is not in any kubeconfig file.`,
    {
      context,
    },
  );
}

function contextInvalid(name: string, reason: string): AppError {
  return new AppError(
    'invalid-request',
    'contextInvalid',
    `Context ${name} cannot be used: ${reason}`,
    {
      context: name,
      reason,
    },
  );
}
