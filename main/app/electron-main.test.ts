// Electron is stubbed: no Electron binary can be downloaded on these machines,
// so tests that would launch it cannot run. Each test loads the entry module
// afresh against a stub `app` that records listeners, then fires the
// lifecycle events Electron would. The services, the sandbox launcher and the
// window factory are stubbed too, because electron-main.ts only wires them.
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { ipcChannels } from '../../shared/contract/ipc-channels';
import { EventHub } from '../ipc/event-hub';
import type * as logModule from '../log';
import { silentLogger } from '../log';
import type * as windowModule from './window';

type Listener = (...args: unknown[]) => void;

const stubs = vi.hoisted(() => {
  const listeners = new Map<string, Listener[]>();
  const app = {
    name: 'Kubeflow Desktop',
    isPackaged: false,
    lockObtained: true,
    ready: Promise.resolve() as Promise<void>,
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => app.lockObtained),
    whenReady: vi.fn(() => app.ready),
    getLocale: vi.fn(() => 'ko-KR'),
    getPath: vi.fn((name: string) => `/home/user/.config/kubeflow-desktop-${name}`),
    getVersion: vi.fn(() => '0.1.0'),
    setAppUserModelId: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
    on: vi.fn((event: string, listener: Listener) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return app;
    }),
  };
  return {
    app,
    listeners,
    openWindows: [] as unknown[],
    createServices: vi.fn(),
    openStoreFile: vi.fn(),
    stopNotifications: vi.fn(),
    startStatusNotifications: vi.fn((): (() => void) => stubs.stopNotifications),
    ensureSandbox: vi.fn(),
    createMainWindow: vi.fn(),
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn() },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    Menu: { buildFromTemplate: vi.fn(() => ({})), setApplicationMenu: vi.fn() },
    onHeadersReceived: vi.fn(),
  };
});

vi.mock('electron', () => ({
  app: stubs.app,
  BrowserWindow: { getAllWindows: () => stubs.openWindows },
  dialog: stubs.dialog,
  ipcMain: stubs.ipcMain,
  Menu: stubs.Menu,
  session: { defaultSession: { webRequest: { onHeadersReceived: stubs.onHeadersReceived } } },
  shell: { openExternal: vi.fn() },
}));
vi.mock('./notifications', () => ({
  startStatusNotifications: stubs.startStatusNotifications,
}));
vi.mock('./electron-store-backend', () => ({ openWithElectronStore: stubs.openStoreFile }));
vi.mock('../services', () => ({ createServices: stubs.createServices }));
vi.mock('../sandbox-launcher', () => ({ ensureSandbox: stubs.ensureSandbox }));
vi.mock('../log', async (importOriginal) => ({
  ...(await importOriginal<typeof logModule>()),
  createLogger: () => silentLogger,
}));
vi.mock('./window', async (importOriginal) => ({
  ...(await importOriginal<typeof windowModule>()),
  createMainWindow: stubs.createMainWindow,
}));

interface FakeWindow {
  minimized: boolean;
  destroyed: boolean;
  closedListeners: Listener[];
  webContents: { id: number; on: ReturnType<typeof vi.fn> };
  on: (event: string, listener: Listener) => void;
  once: (event: string, listener: Listener) => void;
  isMinimized: () => boolean;
  isDestroyed: () => boolean;
  restore: ReturnType<typeof vi.fn>;
  show: ReturnType<typeof vi.fn>;
  focus: ReturnType<typeof vi.fn>;
  close: () => void;
}

let nextWindowId = 1;

function createFakeWindow(): FakeWindow {
  const window: FakeWindow = {
    minimized: false,
    destroyed: false,
    closedListeners: [],
    webContents: { id: nextWindowId++, on: vi.fn() },
    on: (event, listener) => {
      if (event === 'closed') window.closedListeners.push(listener);
    },
    once: (event, listener) => window.on(event, listener),
    isMinimized: () => window.minimized,
    isDestroyed: () => window.destroyed,
    restore: vi.fn(),
    show: vi.fn(),
    focus: vi.fn(),
    close: () => {
      window.destroyed = true;
      stubs.openWindows.splice(stubs.openWindows.indexOf(window), 1);
      for (const listener of window.closedListeners) listener();
    },
  };
  return window;
}

function createFakeServices() {
  return {
    router: { dispatch: vi.fn() },
    hub: new EventHub(),
    settings: { get: () => ({ language: 'system' as const, theme: 'system' as const }) },
    kube: { listContexts: vi.fn(async () => ({ sources: [], contexts: [], activeId: null })) },
    status: { onTransition: vi.fn(() => () => {}) },
    close: vi.fn(async () => {}),
  };
}

let services: ReturnType<typeof createFakeServices>;
const realPlatform = process.platform;

function setPlatform(platform: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value: platform, configurable: true });
}

/** Calls the listeners the entry module registered for an app event. */
function emitApp(event: string, ...args: unknown[]): void {
  for (const listener of stubs.listeners.get(event) ?? []) listener(...args);
}

/** Lets pending promise callbacks (whenReady, createServices, close) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Loads the entry module as Electron would on launch, and waits for startup to finish. */
async function launch(): Promise<void> {
  await import('./electron-main');
  await settle();
}

function windowAt(index: number): FakeWindow {
  const window = stubs.createMainWindow.mock.results[index]?.value as FakeWindow | undefined;
  if (!window) throw new Error(`createMainWindow was not called ${index + 1} times`);
  return window;
}

beforeEach(() => {
  vi.resetModules();
  vi.clearAllMocks();
  stubs.listeners.clear();
  stubs.openWindows.length = 0;
  stubs.app.lockObtained = true;
  stubs.app.ready = Promise.resolve();
  setPlatform('linux');

  services = createFakeServices();
  stubs.createServices.mockImplementation(async () => services);
  stubs.ensureSandbox.mockImplementation(async () => {});
  stubs.createMainWindow.mockImplementation(() => {
    const window = createFakeWindow();
    stubs.openWindows.push(window);
    return window;
  });
});

afterEach(() => {
  setPlatform(realPlatform);
  vi.useRealTimers();
});

describe('electron-main single instance', () => {
  it('quits at once when the lock is not obtained', async () => {
    stubs.app.lockObtained = false;

    await launch();

    expect(stubs.app.quit).toHaveBeenCalledTimes(1);
    expect(stubs.app.whenReady).not.toHaveBeenCalled();
    expect(stubs.createServices).not.toHaveBeenCalled();
    expect(stubs.listeners.has('second-instance')).toBe(false);
  });

  it('continues when the lock is obtained', async () => {
    await launch();

    expect(stubs.app.quit).not.toHaveBeenCalled();
    expect(stubs.createServices).toHaveBeenCalledTimes(1);
  });

  it('restores and focuses the window for a second instance', async () => {
    await launch();
    const window = windowAt(0);
    window.minimized = true;

    emitApp('second-instance', {}, ['kubeflow-desktop'], '/home/user', {});

    expect(window.restore).toHaveBeenCalledTimes(1);
    expect(window.focus).toHaveBeenCalledTimes(1);
    expect(stubs.createMainWindow).toHaveBeenCalledTimes(1);
  });
});

describe('electron-main startup', () => {
  it('enables the sandbox before waiting for ready', async () => {
    await launch();

    expect(stubs.app.enableSandbox).toHaveBeenCalledTimes(1);
    const sandboxOrder = stubs.app.enableSandbox.mock.invocationCallOrder[0] ?? Infinity;
    const readyOrder = stubs.app.whenReady.mock.invocationCallOrder[0] ?? -Infinity;
    expect(sandboxOrder).toBeLessThan(readyOrder);
  });

  it('creates the services for the electron shell', async () => {
    await launch();

    expect(stubs.createServices).toHaveBeenCalledWith(
      expect.objectContaining({
        shell: 'electron',
        dataDir: '/home/user/.config/kubeflow-desktop-userData',
        systemLanguage: 'ko-KR',
        openStoreFile: stubs.openStoreFile,
      }),
    );
  });

  it('opens the window with the bundled preload and renderer', async () => {
    await launch();

    expect(stubs.createMainWindow).toHaveBeenCalledTimes(1);
    const options = stubs.createMainWindow.mock.calls[0]?.[0] as {
      preloadPath: string;
      rendererFile: string;
    };
    expect(path.basename(options.preloadPath)).toBe('preload.cjs');
    expect(options.rendererFile).toBe(
      path.join(path.dirname(options.preloadPath), '..', 'renderer', 'index.html'),
    );
  });

  it('titles the window in the system language', async () => {
    await launch();

    const options = stubs.createMainWindow.mock.calls[0]?.[0] as { title: string };
    expect(options.title).toBe('Kubeflow Desktop');
  });

  it('registers the IPC call handler before opening the window', async () => {
    await launch();

    expect(stubs.ipcMain.handle).toHaveBeenCalledWith(ipcChannels.call, expect.any(Function));
    const handleOrder = stubs.ipcMain.handle.mock.invocationCallOrder[0] ?? Infinity;
    const windowOrder = stubs.createMainWindow.mock.invocationCallOrder[0] ?? -Infinity;
    expect(handleOrder).toBeLessThan(windowOrder);
  });

  it('sets the application menu', async () => {
    await launch();
    expect(stubs.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
  });

  it('installs the content security policy', async () => {
    await launch();
    expect(stubs.onHeadersReceived).toHaveBeenCalledTimes(1);
  });

  it('starts the sandbox with the services', async () => {
    await launch();
    expect(stubs.ensureSandbox).toHaveBeenCalledWith(services, expect.anything());
  });

  it('keeps running when the sandbox fails to start', async () => {
    stubs.ensureSandbox.mockRejectedValue(new Error('docker is not running'));

    await launch();

    expect(stubs.app.exit).not.toHaveBeenCalled();
    expect(stubs.app.quit).not.toHaveBeenCalled();
  });

  it('shows an error and exits when the services fail', async () => {
    stubs.createServices.mockRejectedValue(new Error('settings file is not readable'));

    await launch();

    expect(stubs.dialog.showErrorBox).toHaveBeenCalledWith(
      expect.any(String),
      expect.stringContaining('settings file is not readable'),
    );
    expect(stubs.app.exit).toHaveBeenCalledWith(1);
    expect(stubs.createMainWindow).not.toHaveBeenCalled();
  });
});

describe('electron-main windows', () => {
  it('quits when all windows close off macOS', async () => {
    await launch();
    emitApp('window-all-closed');
    expect(stubs.app.quit).toHaveBeenCalledTimes(1);
  });

  it('stays open when all windows close on macOS', async () => {
    setPlatform('darwin');
    await launch();
    emitApp('window-all-closed');
    expect(stubs.app.quit).not.toHaveBeenCalled();
  });

  it('reopens the window on activate when none is open', async () => {
    setPlatform('darwin');
    await launch();
    windowAt(0).close();

    emitApp('activate');

    expect(stubs.createMainWindow).toHaveBeenCalledTimes(2);
  });

  it('opens no second window on activate', async () => {
    setPlatform('darwin');
    await launch();

    emitApp('activate');

    expect(stubs.createMainWindow).toHaveBeenCalledTimes(1);
  });

  it('opens a window for a second instance when none is open', async () => {
    setPlatform('darwin');
    await launch();
    windowAt(0).close();

    emitApp('second-instance', {}, [], '/', {});

    expect(stubs.createMainWindow).toHaveBeenCalledTimes(2);
  });
});

describe('electron-main quitting', () => {
  function beforeQuit() {
    const event = { preventDefault: vi.fn() };
    emitApp('before-quit', event);
    return event;
  }

  it('stops the status notifications before quitting', async () => {
    await launch();
    expect(stubs.startStatusNotifications).toHaveBeenCalledWith(
      services.status,
      expect.objectContaining({ language: expect.any(Function) }),
    );

    beforeQuit();
    await settle();

    expect(stubs.stopNotifications).toHaveBeenCalledTimes(1);
  });

  it('closes the services before quitting', async () => {
    await launch();

    const first = beforeQuit();
    expect(first.preventDefault).toHaveBeenCalled();
    await settle();

    expect(services.close).toHaveBeenCalledTimes(1);
    expect(stubs.app.quit).toHaveBeenCalledTimes(1);
  });

  it('closes the services once', async () => {
    await launch();

    beforeQuit();
    beforeQuit();
    await settle();
    const last = beforeQuit();

    expect(services.close).toHaveBeenCalledTimes(1);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });

  it('stops forwarding IPC calls while quitting', async () => {
    await launch();

    beforeQuit();
    await settle();

    expect(stubs.ipcMain.removeHandler).toHaveBeenCalledWith(ipcChannels.call);
  });

  it('quits even when closing the services fails', async () => {
    services.close.mockRejectedValue(new Error('sandbox did not stop'));
    await launch();

    beforeQuit();
    await settle();

    expect(stubs.app.quit).toHaveBeenCalledTimes(1);
  });

  it('quits when the services do not close in time', async () => {
    services.close.mockImplementation(() => new Promise(() => {}));
    await launch();
    vi.useFakeTimers();

    beforeQuit();
    await vi.advanceTimersByTimeAsync(9_000);
    expect(stubs.app.quit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);

    expect(stubs.app.quit).toHaveBeenCalledTimes(1);
  });

  it('waits for startup before closing the services', async () => {
    let finishReady: () => void = () => {};
    stubs.app.ready = new Promise((resolve) => (finishReady = resolve));
    await launch();

    beforeQuit();
    await settle();
    expect(services.close).not.toHaveBeenCalled();

    finishReady();
    await settle();
    expect(services.close).toHaveBeenCalledTimes(1);
    expect(stubs.app.quit).toHaveBeenCalledTimes(1);
  });
});
