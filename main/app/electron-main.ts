import path from 'node:path';

import { app, BrowserWindow, dialog, session } from 'electron';

import type { ContextList } from '../../shared/contract';
import { resolveLanguage } from '../../shared/i18n';
import { createLogger } from '../log';
import { ensureSandbox } from '../sandbox-launcher';
import { createServices, type Services } from '../services';
import { openWithElectronStore } from './electron-store-backend';
import { startStatusNotifications } from './notifications';
import { createSafeStorageVault } from './safe-storage-vault';
import { installContentSecurityPolicy } from './csp';
import { installIpcBridge, type IpcBridge } from './ipc-bridge';
import { electronStrings, installApplicationMenu, interpolate } from './menu';
import { createMainWindow, toFileUrl } from './window';

// Entry point of the Electron main process, bundled to dist/main/electron.cjs.
// The preload and the renderer are found relative to the bundle:
// dist/main/preload.cjs and dist/renderer/index.html.

/** How long quitting waits for the services to close before it gives up on them. */
const servicesCloseTimeoutMs = 10_000;

const log = createLogger('app');

interface Running {
  services: Services;
  bridge: IpcBridge;
  stopMenu: () => void;
  stopNotifications: () => void;
}

let startup: Promise<Running | null> | null = null;
let running: Running | null = null;
let mainWindow: BrowserWindow | null = null;
let servicesClosed = false;

function bundlePaths(): { preloadPath: string; rendererFile: string } {
  return {
    preloadPath: path.join(__dirname, 'preload.cjs'),
    rendererFile: path.join(__dirname, '..', 'renderer', 'index.html'),
  };
}

function openMainWindow(current: Running): BrowserWindow {
  const { preloadPath, rendererFile } = bundlePaths();
  const language = resolveLanguage(current.services.settings.get().language, app.getLocale());

  const window = createMainWindow({
    preloadPath,
    rendererFile,
    title: electronStrings(language).window.title,
    log,
  });
  current.bridge.attachWindow(window);

  mainWindow = window;
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  return window;
}

/** Brings the existing window to the front, or opens one when every window was closed (macOS). */
function revealMainWindow(): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    return;
  }
  if (running) openMainWindow(running);
}

async function start(): Promise<Running> {
  const systemLanguage = app.getLocale();
  const dataDir = app.getPath('userData');
  log.info('starting', { version: app.getVersion(), dataDir, systemLanguage });

  const services = await createServices({
    shell: 'electron',
    dataDir,
    systemLanguage,
    // safeStorage is usable only after the ready event, which start() follows.
    credentialVault: createSafeStorageVault(),
    openStoreFile: openWithElectronStore,
    log,
  });

  const { rendererFile } = bundlePaths();
  installContentSecurityPolicy(session.defaultSession);
  const bridge = installIpcBridge({
    router: services.router,
    hub: services.hub,
    rendererUrl: toFileUrl(rendererFile),
    log: log.child('ipc'),
  });
  const stopMenu = installApplicationMenu({
    settings: services.settings,
    hub: services.hub,
    systemLanguage,
    log: log.child('menu'),
  });

  // Context names for the notification texts, kept current from the kube events.
  const contextNames = new Map<string, string>();
  const rememberNames = (list: ContextList) => {
    for (const context of list.contexts) contextNames.set(context.id, context.ref.name);
  };
  const stopNames = services.hub.subscribe((event, payload) => {
    if (event === 'kube.contextsChanged') rememberNames(payload as ContextList);
  });
  void services.kube.listContexts().then(rememberNames, () => undefined);
  const stopStatus = startStatusNotifications(services.status, {
    language: () => resolveLanguage(services.settings.get().language, systemLanguage),
    contextName: (contextId) => contextNames.get(contextId) ?? contextId,
    // NOTE: a click brings the window forward; it does not open the instance yet.
    onClick: () => revealMainWindow(),
    log: log.child('notifications'),
  });

  const stopNotifications = () => {
    stopStatus();
    stopNames();
  };
  running = { services, bridge, stopMenu, stopNotifications };
  openMainWindow(running);

  ensureSandbox(services, log.child('sandbox')).catch((error: unknown) => {
    log.error('failed to start the sandbox cluster', { error: String(error) });
  });
  return running;
}

function reportStartupFailure(error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error);
  log.error('startup failed', { error: detail });

  const strings = electronStrings(resolveLanguage('system', app.getLocale()));
  dialog.showErrorBox(
    strings.startupFailed.title,
    interpolate(strings.startupFailed.message, { detail }),
  );
  app.exit(1);
}

/**
 * Stops the menu and the IPC bridge, then closes the services once startup
 * has finished. Waiting ends after `servicesCloseTimeoutMs`, so a stuck
 * cluster call cannot keep the app from quitting.
 */
async function closeServices(): Promise<void> {
  const current = await (startup ?? Promise.resolve(null));
  if (!current) return;

  current.stopMenu();
  current.stopNotifications();
  current.bridge.dispose();

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), servicesCloseTimeoutMs);
  });
  try {
    const outcome = await Promise.race([
      current.services.close().then(() => 'closed' as const),
      timeout,
    ]);
    if (outcome === 'timeout') {
      log.error('services did not close in time, so the app quits without waiting', {
        timeoutMs: servicesCloseTimeoutMs,
      });
    } else {
      log.info('services closed');
    }
  } catch (error) {
    log.error('failed to close the services', { error: String(error) });
  } finally {
    clearTimeout(timer);
  }
}

function registerLifecycle(): void {
  app.on('second-instance', () => {
    log.info('another instance started, so this one shows its window');
    revealMainWindow();
  });

  app.on('window-all-closed', () => {
    // macOS apps stay open without windows until the user quits them.
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (running && BrowserWindow.getAllWindows().length === 0) openMainWindow(running);
  });

  let quitting = false;
  app.on('before-quit', (event) => {
    if (servicesClosed) return;
    event.preventDefault();
    if (quitting) return;
    quitting = true;
    void closeServices().finally(() => {
      servicesClosed = true;
      app.quit();
    });
  });

  startup = app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      reportStartupFailure(error);
      return null;
    });
}

// Renderer sandboxing for every web page the app opens, set before 'ready'.
app.enableSandbox();

if (process.platform === 'win32') app.setAppUserModelId('io.kubeflow.desktop');

if (app.requestSingleInstanceLock()) {
  registerLifecycle();
} else {
  // The instance that holds the lock receives 'second-instance' and shows its window.
  log.info('another instance is already running, so this one quits');
  app.quit();
}
