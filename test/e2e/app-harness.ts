import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { silentLogger } from '../../main/log';
import { createServices, type Services } from '../../main/services';
import { startWebBridge, type WebBridge } from '../../main/web/web-bridge';
import { launchChromium } from './browser';

export const resultsDir = path.resolve('test-results');

export interface AppInBrowser {
  services: Services;
  bridge: WebBridge;
  browser: Browser;
  page: Page;
  /** Errors the page logged or threw; a test asserts the list stays empty. */
  consoleErrors: string[];
  close(): Promise<void>;
}

export interface AppOptions {
  kubeconfigPaths: string[];
  /** Runs before the browser opens, for example to choose the active context. */
  prepare?: (services: Services) => Promise<void>;
  viewport?: { width: number; height: number };
}

/**
 * Starts the real services and the web bridge on 127.0.0.1 with a fresh data
 * folder, opens the app in headless Chromium, and returns everything a
 * browser test needs. close() stops it all and removes the data folder.
 */
export async function openAppInBrowser(options: AppOptions): Promise<AppInBrowser> {
  mkdirSync(resultsDir, { recursive: true });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-e2e-'));
  const services = await createServices({
    shell: 'web',
    dataDir,
    systemLanguage: 'en-US',
    kubeconfigPaths: options.kubeconfigPaths,
    log: silentLogger,
  });
  await options.prepare?.(services);
  const bridge = await startWebBridge({
    router: services.router,
    hub: services.hub,
    staticDir: path.resolve('dist/renderer'),
    log: silentLogger,
  });

  const browser = await launchChromium();
  const page = await browser.newPage({
    viewport: options.viewport ?? { width: 1400, height: 900 },
  });
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(bridge.url);

  return {
    services,
    bridge,
    browser,
    page,
    consoleErrors,
    async close() {
      await browser.close();
      await bridge.close();
      await services.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
