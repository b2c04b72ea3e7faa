import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { contextId } from '../../main/kube/context-registry';
import { silentLogger } from '../../main/log';
import { createServices, type Services } from '../../main/services';
import { startWebBridge, type WebBridge } from '../../main/web/web-bridge';
import { launchChromium } from './browser';

const kubeconfig = inject('sandboxKubeconfig');
const resultsDir = path.resolve('test-results');

describe('shell in Chromium through the web bridge', () => {
  let dataDir: string;
  let services: Services;
  let bridge: WebBridge;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(resultsDir, { recursive: true });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-e2e-'));
    services = await createServices({
      shell: 'web',
      dataDir,
      systemLanguage: 'en-US',
      kubeconfigPaths: [kubeconfig],
      log: silentLogger,
    });
    await services.kube.setActiveContext(contextId(kubeconfig, 'sandbox-admin'));
    bridge = await startWebBridge({
      router: services.router,
      hub: services.hub,
      staticDir: path.resolve('dist/renderer'),
      log: silentLogger,
    });

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(bridge.url);
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    await services?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows the navigation in English', async () => {
    await expect.poll(() => page.getByTestId('nav-clusters').textContent()).toContain('Clusters');
    const labels: [string, string][] = [
      ['nav-instances', 'Instances'],
      ['nav-components', 'Components'],
      ['nav-access', 'Access'],
      ['nav-roles', 'Roles'],
      ['nav-snapshots', 'Snapshots'],
      ['nav-settings', 'Settings'],
    ];
    for (const [id, label] of labels) {
      expect(await page.getByTestId(id).textContent(), id).toContain(label);
    }
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('lists the sandbox contexts in the switcher', async () => {
    await expect
      .poll(() => page.getByTestId('active-context').textContent())
      .toContain('sandbox-admin');
    await page.getByTestId('context-switcher').click();
    const options = page.getByTestId('context-option');
    await expect.poll(() => options.count()).toBe(4);
    const names = (await options.allTextContents()).join(' ');
    for (const name of ['sandbox-admin', 'sandbox-alice', 'sandbox-expired', 'sandbox-b']) {
      expect(names).toContain(name);
    }
    await page.keyboard.press('Escape');
  });

  it('probes the active cluster', async () => {
    await expect
      .poll(() => page.getByTestId('probe-server-version').textContent())
      .toContain('v1.36.3');
    expect(await page.getByTestId('probe-cluster-uid').textContent()).toMatch(/[0-9a-f-]{36}/);
    await page.screenshot({ path: path.join(resultsDir, 'shell-en.png') });
  });

  it('switches the whole app to sandbox-b', async () => {
    const firstUid = await page.getByTestId('probe-cluster-uid').textContent();

    await page.getByTestId('context-switcher').click();
    await page.getByTestId('context-option').filter({ hasText: 'sandbox-b' }).click();

    await expect
      .poll(() => page.getByTestId('active-context').textContent())
      .toContain('sandbox-b');
    await expect.poll(() => page.getByTestId('probe-cluster-uid').textContent()).not.toBe(firstUid);
    expect(await page.getByTestId('probe-cluster-uid').textContent()).toMatch(/[0-9a-f-]{36}/);
    expect(await services.kube.activeContextId()).toBe(contextId(kubeconfig, 'sandbox-b'));
  });

  it('switches to Korean and remembers it', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-language').selectOption('ko');

    await expect.poll(() => page.getByTestId('nav-clusters').textContent()).toContain('클러스터');
    expect(await page.getByTestId('nav-settings').textContent()).toContain('설정');
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    expect(services.settings.get().language).toBe('ko');

    await page.reload();
    await expect.poll(() => page.getByTestId('nav-clusters').textContent()).toContain('클러스터');
    await page.getByTestId('nav-clusters').click();
    await expect
      .poll(() => page.getByTestId('probe-server-version').textContent())
      .toContain('v1.36.3');
    await page.screenshot({ path: path.join(resultsDir, 'shell-ko.png') });
  });

  it('shows honest empty states', async () => {
    await page.getByTestId('nav-instances').click();
    await expect.poll(() => page.getByTestId('empty-state').count()).toBe(1);
    expect(await page.getByTestId('page-title').textContent()).toContain('인스턴스');
  });

  it('logs no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
