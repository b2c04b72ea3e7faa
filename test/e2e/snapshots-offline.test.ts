import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { writeRecord } from '../../main/provision/inventory';
import { start, type SandboxHandle } from '../../sandbox/sandbox';
import { newInstanceRecord } from '../../shared/provision/instance';
import { kubeConfigFor } from '../kube-helpers';
import { openAppInBrowser, resultsDir, type AppInBrowser } from './app-harness';

// This test stops its cluster's API server, so it starts a sandbox of its own
// instead of using the shared one.
describe('Snapshots screen offline in Chromium', () => {
  let sandbox: SandboxHandle;
  let workDir: string;
  let app: AppInBrowser;
  let page: Page;
  let takenAt = '';

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-e2e-snapshots-'));
    sandbox = await start({
      dataDir: path.join(workDir, 'sandbox'),
      binDir: inject('sandboxBinDir'),
      secondCluster: false,
      log: () => {},
    });
    const admin = kubeConfigFor(sandbox.kubeconfigPath, 'sandbox-admin');
    const record = newInstanceRecord({
      name: 'team-a',
      release: '1.10.0',
      serviceType: 'hpt',
      context: { source: sandbox.kubeconfigPath, name: 'sandbox-admin' },
      namespace: 'kubeflow',
      owners: ['alice@example.com'],
      manifestSource: { kind: 'sandbox-simulation', path: null, tag: null },
    });
    await writeRecord(admin, {
      ...record,
      status: { phase: 'Active', reason: null, updatedAt: new Date().toISOString() },
      inventory: [
        {
          ref: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            namespace: 'kubeflow',
            name: 'katib-controller',
          },
          hash: 'sha256:1',
          component: 'katib',
          appliedAt: new Date().toISOString(),
        },
      ],
    });

    app = await openAppInBrowser({
      kubeconfigPaths: [sandbox.kubeconfigPath],
      prepare: async (services) => {
        const { contexts } = await services.kube.listContexts();
        const id = contexts.find((item) => item.ref.name === 'sandbox-admin')?.id;
        if (id) await services.kube.setActiveContext(id);
      },
    });
    page = app.page;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await sandbox?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  it('takes a snapshot while online', async () => {
    await page.goto(`${app.bridge.url}#/snapshots`);
    await page
      .getByTestId('snapshot-instance')
      .getByText(/team-a/)
      .waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Take snapshot' }).click();
    await page.getByLabel('Note').fill('before the outage');
    await page.getByRole('dialog').getByRole('button', { name: 'Take snapshot' }).click();

    const row = page.getByTestId('snapshot-row').first();
    await row.getByText('before the outage').waitFor();
    await expect(page.getByTestId('offline-banner').count()).resolves.toBe(0);
    takenAt = (await page.getByTestId('snapshot-as-of').textContent()) ?? '';
    expect(takenAt).toMatch(/^Last read from the cluster: /);
    await page.screenshot({ path: path.join(resultsDir, 'snapshots-online.png'), fullPage: true });
  }, 60_000);

  it('shows saved data as of T with the cluster stopped', async () => {
    await sandbox.primary.stopApiServer();
    const { contexts } = await app.services.kube.listContexts();
    const id = contexts.find((item) => item.ref.name === 'sandbox-admin')?.id ?? '';
    const check = await app.services.kube.check(id);
    expect(check.status).toBe('unreachable');

    await page.reload();
    await page.goto(`${app.bridge.url}#/snapshots`);
    const banner = page.getByTestId('offline-banner');
    await banner.waitFor({ timeout: 30_000 });

    expect(await banner.textContent()).toMatch(/Saved data as of .+, read-only.*cannot be reached/);
    expect(await page.getByTestId('snapshot-as-of').textContent()).toBe(takenAt);
    expect(await page.getByRole('button', { name: 'Take snapshot' }).isDisabled()).toBe(true);
    await page.getByTestId('snapshot-row').first().getByText('before the outage').waitFor();
    await page.screenshot({ path: path.join(resultsDir, 'snapshots-offline.png'), fullPage: true });

    await page.getByTestId('snapshot-row').first().getByRole('button', { name: 'Open' }).click();
    const detail = page.getByTestId('snapshot-detail');
    await detail.getByRole('cell', { name: 'katib', exact: true }).first().waitFor();
    expect(await detail.textContent()).toContain('alice@example.com');
    // The dialog fades in; wait for the end of the transition before the screenshot.
    await page.waitForTimeout(400);
    await page.screenshot({
      path: path.join(resultsDir, 'snapshots-offline-detail.png'),
      fullPage: true,
    });
    expect(app.consoleErrors).toEqual([]);
  }, 90_000);

  it('turns offline mode on and off', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('offline-toggle').click();

    const banner = page.getByTestId('offline-banner');
    await banner.getByText(/Offline mode is on/).waitFor();
    await page.screenshot({
      path: path.join(resultsDir, 'snapshots-offline-mode.png'),
      fullPage: true,
    });

    await page.getByTestId('offline-toggle').click();
    await banner.getByText(/cannot be reached/).waitFor();
  }, 60_000);
});
