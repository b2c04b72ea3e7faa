import type {
  AppInfo,
  ConnectionCheck,
  ContextList,
  ContextSummary,
  KubeconfigSource,
  Settings,
} from '../../shared/contract';
import type { FakeHandlers } from './fake-bridge';

export const sandboxKubeconfig = '/home/admin/.config/kubeflow-desktop/sandbox/kubeconfig';

export function makeAppInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  return {
    name: 'Kubeflow Desktop',
    version: '0.1.0',
    shell: 'web',
    platform: 'linux',
    systemLanguage: 'en-US',
    sandbox: { state: 'off', kubeconfigPath: null, detail: null },
    ...overrides,
  };
}

export function makeContext(
  name: string,
  source: string,
  overrides: Partial<ContextSummary> = {},
): ContextSummary {
  return {
    id: `${source}#${name}`,
    ref: { source, name },
    cluster: `${name}-cluster`,
    user: `${name}-admin`,
    namespace: null,
    server: `https://${name}.example.test:6443`,
    authKind: 'client-certificate',
    invalidReason: null,
    invalidText: null,
    shadowed: false,
    ...overrides,
  };
}

export const prodContext = makeContext('prod', '/home/admin/.kube/config', {
  namespace: 'kubeflow',
  authKind: 'exec',
});
export const stagingContext = makeContext('staging', '/home/admin/.kube/config');
export const brokenContext = makeContext('broken', '/home/admin/.kube/config', {
  invalidReason: 'cluster "gone" is not defined',
  server: null,
});
/** Same name as prodContext in a later file, so kubectl's merged view hides it. */
export const shadowedProdContext = makeContext('prod', '/home/admin/work/kubeconfig', {
  shadowed: true,
});

export function makeSource(
  path: string,
  overrides: Partial<KubeconfigSource> = {},
): KubeconfigSource {
  return {
    path,
    origin: 'added',
    folder: null,
    removable: false,
    error: null,
    errorText: null,
    contextCount: 1,
    ...overrides,
  };
}

export function makeContextList(overrides: Partial<ContextList> = {}): ContextList {
  return {
    sources: [
      makeSource('/home/admin/.kube/config', { origin: 'default', contextCount: 3 }),
      makeSource('/home/admin/work/kubeconfig', { origin: 'env', contextCount: 1 }),
    ],
    contexts: [prodContext, stagingContext, brokenContext, shadowedProdContext],
    activeId: prodContext.id,
    ...overrides,
  };
}

/** Creates a successful connection check with every capability allowed. */
export function makeCheck(
  contextId: string,
  overrides: Partial<ConnectionCheck> = {},
): ConnectionCheck {
  return {
    contextId,
    status: 'ok',
    serverVersion: 'v1.34.1',
    clusterUid: '6f1c2a9e-0000-4000-8000-000000000001',
    latencyMs: 12.4,
    identity: { username: 'prod-admin', groups: ['system:authenticated', 'platform-admins'] },
    capabilities: {
      createCustomResourceDefinitions: true,
      createNamespaces: true,
      listNamespaces: true,
      manageRbac: true,
    },
    error: null,
    checkedAt: '2026-12-04T10:00:00.000Z',
    ...overrides,
  };
}

/**
 * Handlers for a healthy app: English settings, four contexts, a saved check
 * of the active one, and checks that succeed. The source requests change the
 * fixture's list the way main would.
 */
export function makeHandlers(
  options: {
    settings?: Partial<Settings>;
    info?: Partial<AppInfo>;
    list?: ContextList;
    checks?: ConnectionCheck[];
  } = {},
): FakeHandlers {
  let settings: Settings = { language: 'en', theme: 'light', ...options.settings };
  let list = options.list ?? makeContextList();
  const savedChecks = options.checks ?? [makeCheck(prodContext.id)];

  return {
    'app.info': () => makeAppInfo(options.info),
    'settings.get': () => settings,
    'settings.update': (change) => {
      settings = { ...settings, ...change };
      return settings;
    },
    'kube.listContexts': () => list,
    'kube.setActiveContext': ({ contextId }) => {
      const context = list.contexts.find((entry) => entry.id === contextId);
      if (!context) throw new Error(`no context ${contextId} in the fixture`);
      return context;
    },
    'kube.listChecks': () => ({ checks: savedChecks }),
    'kube.check': ({ contextId }) => makeCheck(contextId, { checkedAt: new Date().toISOString() }),
    'kube.addSource': ({ path }) => {
      list = { ...list, sources: [...list.sources, makeSource(path, { removable: true })] };
      return list;
    },
    'kube.removeSource': ({ path }) => {
      list = {
        ...list,
        sources: list.sources.filter((source) => source.path !== path && source.folder !== path),
      };
      return list;
    },
    'kube.importKubeconfig': ({ name }) => {
      const path = `/home/admin/.config/kubeflow-desktop/imported/${name}.yaml`;
      const source = makeSource(path, { origin: 'imported', removable: true });
      list = { ...list, sources: [...list.sources, source] };
      return list;
    },
    // The areas' stores load these as soon as the shell renders.
    'status.list': () => ({ instances: [], clusters: [], pinned: [] }),
    'offline.get': () => ({ forced: false, forcedAt: null, unreachable: [] }),
    'kube.setKubectlDefault': ({ contextId }) => {
      const context = list.contexts.find((entry) => entry.id === contextId);
      if (!context) throw new Error(`no context ${contextId} in the fixture`);
      return { path: context.ref.source, previous: 'staging' };
    },
  };
}
