import { pathToFileURL } from 'node:url';

import { BrowserWindow, shell, type Session, type WebContents } from 'electron';

import type { Logger } from '../log';

export interface MainWindowOptions {
  /** Absolute path of the bundled preload script (dist/main/preload.cjs). */
  preloadPath: string;
  /** Absolute path of the renderer's index.html (dist/renderer/index.html). */
  rendererFile: string;
  title: string;
  log: Logger;
}

const abortedErrorCode = -3;

/** Permissions the renderer may be granted: only desktop notifications. */
const allowedPermissions: ReadonlySet<string> = new Set(['notifications']);

/**
 * Returns the file:// URL of a renderer file, in the form Chromium reports in
 * `webContents.getURL()` and `WebFrameMain.url`.
 */
export function toFileUrl(file: string): string {
  return pathToFileURL(file).href;
}

/**
 * Tells whether `url` points at the app's own renderer file. The query and
 * fragment are ignored, so hash routes inside the renderer still match.
 * Percent-encoding is decoded before comparing, because Node and Chromium do
 * not escape the same set of characters in file paths.
 */
export function isRendererUrl(url: string, rendererUrl: string): boolean {
  let actual: URL;
  let expected: URL;
  try {
    actual = new URL(url);
    expected = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (actual.protocol !== 'file:' || expected.protocol !== 'file:') return false;
  if (actual.host !== expected.host) return false;
  return decodePath(actual.pathname) === decodePath(expected.pathname);
}

function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

/**
 * Returns the URL without its query and fragment, for log lines: those parts
 * can carry tokens, such as an OAuth code in a redirect.
 */
export function urlForLog(url: string): string {
  return url.split(/[?#]/, 1)[0] ?? '';
}

/** Tells whether the OS browser may open `url`: only http and https, never file:, javascript: or custom schemes. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Creates the app's window with a sandboxed, context-isolated renderer, loads
 * the renderer file and shows the window once its first frame is painted.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { preloadPath, rendererFile, title, log } = options;
  const rendererUrl = toFileUrl(rendererFile);

  const window = new BrowserWindow({
    title,
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      webviewTag: false,
    },
  });

  const contents = window.webContents;
  restrictNavigation(contents, rendererUrl, log);
  restrictPermissions(contents.session, rendererUrl, log);
  reportRendererFailures(window, log);

  window.once('ready-to-show', () => window.show());
  window.loadFile(rendererFile).catch((error: unknown) => {
    log.error('failed to load the renderer', { file: rendererFile, error: String(error) });
  });

  return window;
}

/**
 * Keeps the window on the app's own renderer file: other navigations,
 * redirects, new windows and <webview> tags are blocked. Links that would open
 * a new window go to the OS browser when they are http or https.
 */
function restrictNavigation(contents: WebContents, rendererUrl: string, log: Logger): void {
  const blockForeignUrl = (event: { url: string; preventDefault(): void }, kind: string) => {
    if (isRendererUrl(event.url, rendererUrl)) return;
    event.preventDefault();
    log.warn(`blocked a ${kind} away from the app`, { url: urlForLog(event.url) });
  };
  contents.on('will-navigate', (event) => blockForeignUrl(event, 'navigation'));
  contents.on('will-frame-navigate', (event) => {
    // Main-frame navigations also raise 'will-navigate', which handles them.
    if (!event.isMainFrame) blockForeignUrl(event, 'subframe navigation');
  });
  contents.on('will-redirect', (event) => blockForeignUrl(event, 'redirect'));

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked a <webview> tag');
  });

  contents.setWindowOpenHandler(({ url }) => {
    if (!isExternalWebUrl(url)) {
      log.warn('blocked a new window', { url: urlForLog(url) });
      return { action: 'deny' };
    }
    shell.openExternal(url).catch((error: unknown) => {
      log.error('failed to open a link in the browser', {
        url: urlForLog(url),
        error: String(error),
      });
    });
    return { action: 'deny' };
  });
}

/**
 * Denies every permission except notifications requested by the renderer
 * file. Electron grants all permission requests when a session has no
 * handler, so both the request and the check handler are set.
 */
function restrictPermissions(session: Session, rendererUrl: string, log: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted =
      allowedPermissions.has(permission) && isRendererUrl(details.requestingUrl, rendererUrl);
    if (!granted) log.info('denied a permission request', { permission });
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission) => allowedPermissions.has(permission));
}

function reportRendererFailures(window: BrowserWindow, log: Logger): void {
  const contents = window.webContents;

  contents.on('render-process-gone', (_event, details) => {
    log.error('the renderer process is gone', {
      reason: details.reason,
      exitCode: details.exitCode,
    });
  });

  // Without a loaded page 'ready-to-show' never fires, so show the window
  // anyway rather than leave the app running invisibly. Chromium's
  // ERR_ABORTED (-3) marks a load that was cancelled, such as a navigation
  // blocked above, and is not a failure.
  contents.on('did-fail-load', (_event, errorCode, errorDescription, url, isMainFrame) => {
    if (!isMainFrame || errorCode === abortedErrorCode) return;
    log.error('the renderer failed to load', {
      url: urlForLog(url),
      errorCode,
      error: errorDescription,
    });
    if (!window.isDestroyed() && !window.isVisible()) window.show();
  });
}
