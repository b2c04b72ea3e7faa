import path from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { contextId } from '../../main/kube/context-registry';
import type { Services } from '../../main/services';
import { openAppInBrowser, resultsDir, type AppInBrowser } from './app-harness';

const kubeconfig = inject('sandboxKubeconfig');

describe('shell in Chromium through the web bridge', () => {
  let app: AppInBrowser;
  let page: Page;
  let services: Services;

  beforeAll(async () => {
    app = await openAppInBrowser({
      kubeconfigPaths: [kubeconfig],
      prepare: (created) =>
        created.kube.setActiveContext(contextId(kubeconfig, 'sandbox-admin')).then(() => undefined),
    });
    ({ page, services } = app);
  });

  afterAll(async () => {
    await app?.close();
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

  it('opens the Instances screen in Korean', async () => {
    await page.getByTestId('nav-instances').click();
    await page.getByText('인스턴스 만들기').waitFor();
    expect(await page.getByTestId('page-title').textContent()).toContain('인스턴스');
  });

  it('logs no errors in the browser console', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});
