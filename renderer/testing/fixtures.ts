import type {
  AppInfo,
  ClusterProbe,
  ContextList,
  ContextSummary,
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

export function makeContextList(overrides: Partial<ContextList> = {}): ContextList {
  return {
    sources: [
      { path: '/home/admin/.kube/config', origin: 'default', error: null, contextCount: 3 },
      { path: '/home/admin/work/kubeconfig', origin: 'env', error: null, contextCount: 1 },
    ],
    contexts: [prodContext, stagingContext, brokenContext, shadowedProdContext],
    activeId: prodContext.id,
    ...overrides,
  };
}

export function makeProbe(contextId: string, overrides: Partial<ClusterProbe> = {}): ClusterProbe {
  return {
    contextId,
    serverVersion: 'v1.34.1',
    clusterUid: '6f1c2a9e-0000-4000-8000-000000000001',
    latencyMs: 12.4,
    checkedAt: '2026-12-04T10:00:00.000Z',
    ...overrides,
  };
}

/** Handlers for a healthy app: English settings, four contexts, and probes that succeed. */
export function makeHandlers(
  options: { settings?: Partial<Settings>; info?: Partial<AppInfo>; list?: ContextList } = {},
): FakeHandlers {
  let settings: Settings = { language: 'en', theme: 'light', ...options.settings };
  const list = options.list ?? makeContextList();

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
    'kube.probe': ({ contextId }) => makeProbe(contextId),
  };
}
