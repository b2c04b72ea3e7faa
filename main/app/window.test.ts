// Electron is stubbed: no Electron binary can be downloaded on these machines,
// so tests that would launch it cannot run. The stubs record what window.ts
// passes to Electron and let each test fire the events Electron would.
import path from 'node:path';

import { beforeEach, describe, expect, it, vi } from 'vitest';

import { silentLogger } from '../log';

const fake = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');

  type PermissionCallback = (granted: boolean) => void;

  class FakeSession {
    requestHandler:
      | ((
          contents: unknown,
          permission: string,
          callback: PermissionCallback,
          details: { requestingUrl: string },
        ) => void)
      | null = null;
    checkHandler: ((contents: unknown, permission: string) => boolean) | null = null;
    setPermissionRequestHandler(handler: FakeSession['requestHandler']): void {
      this.requestHandler = handler;
    }
    setPermissionCheckHandler(handler: FakeSession['checkHandler']): void {
      this.checkHandler = handler;
    }
  }

  class FakeWebContents extends EventEmitter {
    readonly session = new FakeSession();
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      this.windowOpenHandler = handler;
    }
  }

  class FakeBrowserWindow extends EventEmitter {
    static instances: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    readonly options: Record<string, unknown> & { webPreferences: Record<string, unknown> };
    readonly loadFile = vi.fn(async (_file: string) => {});
    readonly show = vi.fn();
    visible = false;
    constructor(options: FakeBrowserWindow['options']) {
      super();
      this.options = options;
      FakeBrowserWindow.instances.push(this);
    }
    isDestroyed(): boolean {
      return false;
    }
    isVisible(): boolean {
      return this.visible;
    }
  }

  const shell = { openExternal: vi.fn(async (_url: string) => {}) };
  return { FakeBrowserWindow, shell };
});

vi.mock('electron', () => ({ BrowserWindow: fake.FakeBrowserWindow, shell: fake.shell }));

const { createMainWindow, isExternalWebUrl, isRendererUrl, toFileUrl, urlForLog } =
  await import('./window');

const rendererFile = path.resolve('/opt/Kubeflow Desktop/dist/renderer/index.html');
const preloadPath = path.resolve('/opt/Kubeflow Desktop/dist/main/preload.cjs');
const rendererUrl = toFileUrl(rendererFile);

function openWindow() {
  createMainWindow({ preloadPath, rendererFile, title: 'Kubeflow Desktop', log: silentLogger });
  const window = fake.FakeBrowserWindow.instances.at(-1);
  if (!window) throw new Error('createMainWindow created no BrowserWindow');
  return window;
}

/** Fires a navigation event the way Electron 45 does: the details object carries url and preventDefault. */
function navigate(
  window: InstanceType<typeof fake.FakeBrowserWindow>,
  eventName: 'will-navigate' | 'will-redirect' | 'will-frame-navigate',
  url: string,
  isMainFrame = true,
) {
  const event = { url, isMainFrame, preventDefault: vi.fn() };
  window.webContents.emit(eventName, event);
  return event;
}

function requestPermission(
  window: InstanceType<typeof fake.FakeBrowserWindow>,
  permission: string,
  requestingUrl = rendererUrl,
): boolean {
  const handler = window.webContents.session.requestHandler;
  if (!handler) throw new Error('no permission request handler was set');
  let granted: boolean | undefined;
  handler(window.webContents, permission, (value) => (granted = value), { requestingUrl });
  if (granted === undefined) throw new Error('the permission handler did not call back');
  return granted;
}

beforeEach(() => {
  fake.FakeBrowserWindow.instances.length = 0;
  fake.shell.openExternal.mockClear();
});

describe('createMainWindow webPreferences', () => {
  it('enables context isolation', () => {
    expect(openWindow().options.webPreferences.contextIsolation).toBe(true);
  });

  it('enables the renderer sandbox', () => {
    expect(openWindow().options.webPreferences.sandbox).toBe(true);
  });

  it('disables Node integration', () => {
    expect(openWindow().options.webPreferences.nodeIntegration).toBe(false);
  });

  it('disables Node integration in workers', () => {
    expect(openWindow().options.webPreferences.nodeIntegrationInWorker).toBe(false);
  });

  it('keeps web security on', () => {
    expect(openWindow().options.webPreferences.webSecurity).toBe(true);
  });

  it('disallows insecure content', () => {
    expect(openWindow().options.webPreferences.allowRunningInsecureContent).toBe(false);
  });

  it('disables experimental features', () => {
    expect(openWindow().options.webPreferences.experimentalFeatures).toBe(false);
  });

  it('disables navigation on drag and drop', () => {
    expect(openWindow().options.webPreferences.navigateOnDragDrop).toBe(false);
  });

  it('disables the spellchecker', () => {
    expect(openWindow().options.webPreferences.spellcheck).toBe(false);
  });

  it('disables the webview tag', () => {
    expect(openWindow().options.webPreferences.webviewTag).toBe(false);
  });

  it('uses the given preload script', () => {
    expect(openWindow().options.webPreferences.preload).toBe(preloadPath);
  });
});

describe('createMainWindow showing and loading', () => {
  it('starts hidden and shows on ready-to-show', () => {
    const window = openWindow();
    expect(window.options.show).toBe(false);
    expect(window.show).not.toHaveBeenCalled();

    window.emit('ready-to-show');

    expect(window.show).toHaveBeenCalledTimes(1);
  });

  it('sets the title and a minimum size', () => {
    const window = openWindow();
    expect(window.options.title).toBe('Kubeflow Desktop');
    expect(window.options.minWidth).toBeGreaterThan(0);
    expect(window.options.minHeight).toBeGreaterThan(0);
  });

  it('loads the renderer file', () => {
    expect(openWindow().loadFile).toHaveBeenCalledWith(rendererFile);
  });

  it('shows the window when the renderer fails to load', () => {
    const window = openWindow();
    window.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', rendererUrl, true);
    expect(window.show).toHaveBeenCalledTimes(1);
  });

  it('ignores aborted loads', () => {
    const window = openWindow();
    window.webContents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', 'https://example.com/', true);
    expect(window.show).not.toHaveBeenCalled();
  });
});

describe('createMainWindow navigation', () => {
  it('prevents navigation to a web page', () => {
    const event = navigate(openWindow(), 'will-navigate', 'https://example.com/');
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('prevents navigation to another local file', () => {
    const other = toFileUrl(path.resolve('/opt/Kubeflow Desktop/dist/renderer/other.html'));
    const event = navigate(openWindow(), 'will-navigate', other);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it("allows navigation to the app's own file", () => {
    const event = navigate(openWindow(), 'will-navigate', rendererUrl);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it("allows the app's own file with a hash route", () => {
    const event = navigate(openWindow(), 'will-navigate', `${rendererUrl}#/clusters`);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('prevents a redirect to another URL', () => {
    const event = navigate(openWindow(), 'will-redirect', 'https://example.com/login');
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it("allows a redirect to the app's own file", () => {
    const event = navigate(openWindow(), 'will-redirect', rendererUrl);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('prevents subframe navigation to another URL', () => {
    const event = navigate(openWindow(), 'will-frame-navigate', 'https://example.com/', false);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('prevents attaching a webview', () => {
    const window = openWindow();
    const event = { preventDefault: vi.fn() };
    window.webContents.emit('will-attach-webview', event, {}, { src: 'https://example.com/' });
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('createMainWindow window.open', () => {
  function openFromPage(url: string) {
    const handler = openWindow().webContents.windowOpenHandler;
    if (!handler) throw new Error('no window open handler was set');
    return handler({ url });
  }

  it('denies an https link and opens it in the browser', () => {
    expect(openFromPage('https://www.kubeflow.org/docs/')).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://www.kubeflow.org/docs/');
  });

  it('opens an http link in the browser', () => {
    expect(openFromPage('http://127.0.0.1:8080/')).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal).toHaveBeenCalledWith('http://127.0.0.1:8080/');
  });

  it.each([
    ['a file URL', 'file:///etc/passwd'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['a custom scheme', 'ms-settings:privacy'],
    ['an smb share', 'smb://server/share'],
    ['an invalid URL', 'not a url'],
  ])('denies %s without opening it', (_name, url) => {
    expect(openFromPage(url)).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('createMainWindow permissions', () => {
  it('grants notifications to the renderer', () => {
    expect(requestPermission(openWindow(), 'notifications')).toBe(true);
  });

  it.each(['media', 'geolocation', 'clipboard-read', 'openExternal', 'unknown'])(
    'denies %s',
    (permission) => {
      expect(requestPermission(openWindow(), permission)).toBe(false);
    },
  );

  it('denies notifications to another page', () => {
    expect(requestPermission(openWindow(), 'notifications', 'https://example.com/')).toBe(false);
  });

  it('reports only notifications as granted in permission checks', () => {
    const check = openWindow().webContents.session.checkHandler;
    if (!check) throw new Error('no permission check handler was set');
    expect(check(null, 'notifications')).toBe(true);
    expect(check(null, 'media')).toBe(false);
  });
});

describe('isRendererUrl', () => {
  it('matches the renderer URL', () => {
    expect(isRendererUrl(rendererUrl, rendererUrl)).toBe(true);
  });

  it('matches when Chromium escapes characters Node leaves alone', () => {
    const file = path.resolve('/opt/app[1]/index.html');
    const chromiumStyle = toFileUrl(file).replace('[', '%5B').replace(']', '%5D');
    expect(isRendererUrl(chromiumStyle, toFileUrl(file))).toBe(true);
  });

  it('rejects an http URL with the same path', () => {
    const httpUrl = `http://localhost${new URL(rendererUrl).pathname}`;
    expect(isRendererUrl(httpUrl, rendererUrl)).toBe(false);
  });

  it('rejects a file with the same name in another folder', () => {
    const elsewhere = toFileUrl(path.resolve('/tmp/dist/renderer/index.html'));
    expect(isRendererUrl(elsewhere, rendererUrl)).toBe(false);
  });

  it('rejects an invalid URL', () => {
    expect(isRendererUrl('::', rendererUrl)).toBe(false);
  });
});

describe('urlForLog', () => {
  it('drops the query and fragment', () => {
    expect(urlForLog('https://example.com/callback?code=abc#state=xyz')).toBe(
      'https://example.com/callback',
    );
  });

  it('keeps a URL without them', () => {
    expect(urlForLog('https://example.com/a/b')).toBe('https://example.com/a/b');
  });
});

describe('isExternalWebUrl', () => {
  it('accepts http and https', () => {
    expect(isExternalWebUrl('https://example.com/')).toBe(true);
    expect(isExternalWebUrl('http://example.com/')).toBe(true);
  });

  it('rejects other schemes', () => {
    expect(isExternalWebUrl('file:///tmp/x')).toBe(false);
    expect(isExternalWebUrl('javascript:void(0)')).toBe(false);
  });
});
