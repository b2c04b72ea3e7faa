import path from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { start, type SandboxHandle } from '../../sandbox/sandbox';
import { openAppInBrowser, resultsDir, type AppInBrowser } from './app-harness';

// The wizard installs the simulation's cluster-wide objects under their real
// names, so this file uses a sandbox of its own.
describe('Instances screens in Chromium', () => {
  let sandbox: SandboxHandle;
  let app: AppInBrowser;
  let page: Page;

  beforeAll(async () => {
    sandbox = await start({
      binDir: inject('sandboxBinDir'),
      secondCluster: false,
      log: () => undefined,
    });
    app = await openAppInBrowser({
      kubeconfigPaths: [sandbox.kubeconfigPath],
      prepare: async (services) => {
        const { contexts } = await services.kube.listContexts();
        const admin = contexts.find((context) => context.ref.name === 'sandbox-admin');
        if (admin) await services.kube.setActiveContext(admin.id);
      },
    });
    page = app.page;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await sandbox?.stop();
  });

  const shot = (name: string) =>
    page.screenshot({ path: path.join(resultsDir, `instances-${name}.png`), fullPage: true });

  it('creates an instance through the wizard, with the plan and live progress', async () => {
    await page.goto(`${app.bridge.origin}/#/instances`);
    await page.getByText('No instance yet').waitFor();
    await page.getByRole('link', { name: 'Create instance' }).click();

    await page.getByLabel('sandbox-admin').check();
    await page.getByTestId('wizard-next').click();
    await page.getByLabel('Kubeflow 1.10.0').check();
    await page.getByLabel('Essential + Hyperparameter tuning + Serving API').check();
    await page.getByTestId('wizard-next').click();

    // Bad input first: the field names what is wrong and how to fix it.
    await page.getByTestId('instance-name').fill('Team_A');
    await page.getByTestId('owner-input').fill('not-an-email');
    await page.getByTestId('owner-input').press('Enter');
    await page.getByLabel(/Sandbox simulation/).check();
    await page.getByTestId('wizard-next').click();
    await page.getByText('"Team_A" is not a valid name').waitFor();
    await page.getByText('"not-an-email" is not a valid email address').waitFor();
    await shot('wizard-invalid');

    await page.getByTestId('instance-name').fill('kubeflow');
    await page.getByRole('button', { name: 'not-an-email' }).locator('svg').click();
    await page.getByTestId('owner-input').fill('owner@example.com');
    await page.getByTestId('owner-input').press('Enter');
    await page.getByTestId('wizard-next').click();

    // Options: the bundled database needs a password before the plan.
    await page.getByTestId('wizard-next').click();
    await page.getByText('The database password has 0 characters').waitFor();
    await page.getByRole('button', { name: 'Generate' }).click();
    await shot('wizard-options');
    await page.getByTestId('wizard-next').click();

    await page.getByTestId('plan-summary').waitFor({ timeout: 60_000 });
    await page.getByTestId('plan-effects').waitFor();
    expect(await page.getByTestId('plan-phase').count()).toBe(7);
    await page
      .getByText(/sandbox simulation/)
      .first()
      .waitFor();
    await shot('wizard-plan');

    await page.getByTestId('apply-plan').click();
    await page
      .locator('[data-testid="job-progress"][data-kind="create"][data-state="completed"]')
      .waitFor({ timeout: 120_000 });
    await shot('wizard-applied');

    await page.getByRole('link', { name: 'Open the instance' }).click();
    await page.getByTestId('inventory').waitFor();
    await expect(page.getByTestId('inventory').getByText('katib')).toBeTruthy();
    await shot('detail');
    expect(app.consoleErrors).toEqual([]);
  });

  it('list: live status, filter, Korean', async () => {
    await page.goto(`${app.bridge.origin}/#/instances`);
    const row = page.getByTestId('instance-row').filter({ hasText: 'kubeflow' });
    await row.waitFor();
    // The status engine watches the active context and turns the instance
    // Active once kwok has brought every workload up.
    await row.locator('[data-testid="status-chip"][data-phase="Active"]').waitFor({
      timeout: 120_000,
    });

    await page.getByLabel('Status').click();
    await page.getByRole('option', { name: 'Terminated' }).click();
    await page.getByText('No instance matches the filters.').waitFor();

    await app.services.router.dispatch('settings.update', { language: 'ko' });
    await page.reload();
    await page.getByText('인스턴스 만들기').waitFor();
    await shot('list-ko');
    await app.services.router.dispatch('settings.update', { language: 'en' });
  });

  it('deletes the instance after its name is typed, down to Terminated', async () => {
    await page.goto(`${app.bridge.origin}/#/instances`);
    await page
      .getByTestId('instance-row')
      .filter({ hasText: 'kubeflow' })
      .getByRole('link')
      .click();
    await page.getByTestId('delete').click();

    await page.getByTestId('delete-confirm').fill('kubeflo');
    expect(await page.getByTestId('delete-submit').isDisabled()).toBe(true);
    await page.getByTestId('delete-confirm').fill('kubeflow');
    await page.getByTestId('delete-submit').click();

    await page
      .locator('[data-testid="job-progress"][data-kind="delete"][data-state="completed"]')
      .waitFor({ timeout: 180_000 });
    await shot('deleted');
    await page.goto(`${app.bridge.origin}/#/instances`);
    const row = page.getByTestId('instance-row').filter({ hasText: 'kubeflow' });
    await row.waitFor();
    // The status engine observes the record go while Terminating and follows.
    await row.locator('[data-testid="status-chip"][data-phase="Terminated"]').waitFor({
      timeout: 60_000,
    });
    expect(app.consoleErrors).toEqual([]);
  });
});
