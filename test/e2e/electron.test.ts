// Launches the built Electron app through Playwright and checks the window and
// the preload bridge. It needs the Electron binary, which the electron npm
// package downloads on install. Where that download is impossible the binary
// is missing, and every test here is skipped with a message saying so.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { contentSecurityPolicy } from '../../main/app/csp';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const mainBundle = path.join(repoRoot, 'dist', 'main', 'electron.cjs');
const screenshotPath = path.join(repoRoot, 'test-results', 'electron-main-window.png');
const skipMessage =
  'Electron binary not available: no Electron binary can be downloaded on this machine';

/**
 * Returns the path of the Electron executable, or null when it is missing.
 * It repeats the lookup of the electron package's index.js (electron 45)
 * without requiring that file, because requiring it starts a download when
 * the binary is missing.
 */
function findElectronBinary(): string | null {
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    packageDir = path.dirname(require.resolve('electron'));
  } catch {
    return null;
  }

  const pathFile = path.join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const overrideDir = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  let binary: string;
  if (overrideDir) {
    binary = path.join(overrideDir, executable || 'electron');
  } else if (executable) {
    binary = path.join(packageDir, 'dist', executable);
  } else {
    return null;
  }
  return existsSync(binary) ? binary : null;
}

/** The page's view of the preload bridge, for page.evaluate callbacks (this file has no DOM types). */
interface PageGlobals {
  kubeflowDesktop?: {
    call(channel: string, payload: unknown): Promise<unknown>;
  };
  require?: unknown;
  process?: unknown;
  document: {
    querySelector(selector: string): { getAttribute(name: string): string | null } | null;
  };
}

const electronBinary = findElectronBinary();

describe('Electron shell', () => {
  let electronApp: ElectronApplication | undefined;
  let page: Page | undefined;
  let homeDir: string | undefined;

  function currentPage(): Page {
    if (!page) throw new Error('the Electron app did not open a window');
    return page;
  }

  beforeAll(async () => {
    if (!electronBinary) return;
    if (!existsSync(mainBundle)) {
      throw new Error(`${mainBundle} is missing. Run "npm run build" before the end-to-end tests.`);
    }

    // A fresh home and config folder keep the run away from the user's own
    // settings. KUBECONFIG, when set, is passed through unchanged.
    homeDir = mkdtempSync(path.join(os.tmpdir(), 'kfd-electron-e2e-'));
    const args = [mainBundle];
    // NOTE: Chromium refuses to start its sandbox as root (common in CI
    // containers), so only a root run turns the sandbox off.
    if (process.getuid?.() === 0) args.push('--no-sandbox');

    electronApp = await _electron.launch({
      executablePath: electronBinary,
      args,
      cwd: repoRoot,
      timeout: 60_000,
      env: {
        ...process.env,
        HOME: homeDir,
        XDG_CONFIG_HOME: path.join(homeDir, '.config'),
        APPDATA: path.join(homeDir, 'AppData', 'Roaming'),
        LOCALAPPDATA: path.join(homeDir, 'AppData', 'Local'),
      },
    });
    page = await electronApp.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await electronApp?.close();
    if (homeDir) rmSync(homeDir, { recursive: true, force: true });
  });

  it('titles the window Kubeflow Desktop', async ({ skip }) => {
    skip(!electronBinary, skipMessage);
    const title = await electronApp?.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()[0]?.getTitle(),
    );
    expect(title).toBe('Kubeflow Desktop');
  });

  it('exposes exactly call and subscribe', async ({ skip }) => {
    skip(!electronBinary, skipMessage);
    const keys = await currentPage().evaluate(() =>
      Object.keys((globalThis as unknown as PageGlobals).kubeflowDesktop ?? {}).sort(),
    );
    expect(keys).toEqual(['call', 'subscribe']);
  });

  it('gives the page no Node API', async ({ skip }) => {
    skip(!electronBinary, skipMessage);
    const types = await currentPage().evaluate(() => {
      const page = globalThis as unknown as PageGlobals;
      return { require: typeof page.require, process: typeof page.process };
    });
    expect(types.require).toBe('undefined');
    expect(types.process).toBe('undefined');
  });

  it('answers a call through the bridge', async ({ skip }) => {
    skip(!electronBinary, skipMessage);
    const result = await currentPage().evaluate(() =>
      (globalThis as unknown as PageGlobals).kubeflowDesktop?.call('settings.get', {}),
    );
    expect(result).toMatchObject({
      ok: true,
      value: { language: expect.any(String), theme: expect.any(String) },
    });
  });

  it('carries the content security policy in the page', async ({ skip }) => {
    skip(!electronBinary, skipMessage);
    // Response headers do not reach pages loaded over file://, so the policy
    // must be in a meta tag of dist/renderer/index.html. Browsers ignore
    // frame-ancestors in a meta tag, so the tag may leave it out.
    const policy = await currentPage().evaluate(() =>
      (globalThis as unknown as PageGlobals).document
        .querySelector('meta[http-equiv="Content-Security-Policy"]')
        ?.getAttribute('content'),
    );
    const directives = (policy ?? '').split(';').map((directive) => directive.trim());
    for (const expected of contentSecurityPolicy.split('; ')) {
      if (!expected.startsWith('frame-ancestors')) expect(directives).toContain(expected);
    }
  });

  it('saves a screenshot of the window', async ({ skip }) => {
    skip(!electronBinary, skipMessage);
    mkdirSync(path.dirname(screenshotPath), { recursive: true });
    await currentPage().screenshot({ path: screenshotPath });
    expect(existsSync(screenshotPath)).toBe(true);
  });
});
