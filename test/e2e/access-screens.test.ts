import path from 'node:path';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { contextId } from '../../main/kube/context-registry';
import { instanceKey } from '../../shared/provision/instance-key';
import { defaultMatrix } from '../../shared/roles/permissions';
import { createAccessFixture, type AccessFixture } from '../integration/access-fixture';
import { openAppInBrowser, resultsDir, type AppInBrowser } from './app-harness';

const kubeconfig = inject('sandboxKubeconfig');

describe('Access and Roles screens in Chromium', () => {
  let fixture: AccessFixture;
  let app: AppInBrowser;
  let key: string;

  beforeAll(async () => {
    fixture = await createAccessFixture(kubeconfig, { simulator: true });
    const target = await fixture.service.target(fixture.key);
    await fixture.roles.apply(target, '1.10.0', defaultMatrix, [fixture.owner]);
    const group = `g-e2e-${fixture.suffix}`;
    await fixture.service.createGroup({
      instanceKey: fixture.key,
      displayName: 'Research',
      namespace: group,
    });
    await fixture.service.addMember({
      instanceKey: fixture.key,
      group,
      email: `ann-${fixture.suffix}@example.com`,
      role: 'view',
    });
    await fixture.service.createUser({
      instanceKey: fixture.key,
      email: `bo-${fixture.suffix}@example.com`,
      namespace: `u-bo-${fixture.suffix}`,
      quota: { cpu: '2', memory: '4Gi', gpu: null, storage: '20Gi' },
    });
    app = await openAppInBrowser({ kubeconfigPaths: [kubeconfig] });
    key = instanceKey(
      contextId(kubeconfig, 'sandbox-admin'),
      fixture.namespace,
      fixture.instanceName,
    );
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await fixture?.cleanup();
  });

  it('edits, previews, applies and verifies the matrix', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/roles?instance=${encodeURIComponent(key)}`);
    const registryWrite = page.locator('[data-cell="groupView.editModelRegistry"]');
    await registryWrite.waitFor();
    expect(await registryWrite.isChecked()).toBe(true);
    expect(await page.locator('[data-cell="owner.viewNotebooks"]').isDisabled()).toBe(true);

    await registryWrite.click();
    expect(await registryWrite.isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Preview changes' }).click();
    const groupView = page.locator('[data-testid="preview-groupView"]');
    await groupView.waitFor();
    expect(await groupView.getAttribute('data-outcome')).toBe('update');
    expect(
      await page.locator('[data-testid="preview-groupEdit"]').getAttribute('data-outcome'),
    ).toBe('unchanged');
    expect(await groupView.locator('pre').textContent()).toContain('- ');
    await page.screenshot({ path: path.join(resultsDir, 'roles-matrix.png') });
    await groupView.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(resultsDir, 'roles-diff.png') });

    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('The ClusterRoles were applied').waitFor();
    await page.getByRole('button', { name: 'Verify' }).click();
    const result = page.locator('[data-testid="verify-result"]');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toContain('Verification passed');
    expect(await page.locator('[data-mismatch="true"]').count()).toBe(0);
    await page.screenshot({ path: path.join(resultsDir, 'roles-verified.png'), fullPage: true });
    expect(app.consoleErrors).toEqual([]);
  }, 90_000);

  it('shows users, groups and members with status chips', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/access?instance=${encodeURIComponent(key)}`);
    await page.locator('[data-testid="user-rows"]').waitFor();
    await page
      .locator('[data-testid="user-rows"] [data-status="Active"]')
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(async () => {
        // The simulator may still be reconciling; reload once to pick up the new status.
        await page.reload();
        await page
          .locator('[data-testid="user-rows"] [data-status="Active"]')
          .first()
          .waitFor({ timeout: 30_000 });
      });
    await page.screenshot({ path: path.join(resultsDir, 'access-users.png'), fullPage: true });

    await page.getByRole('tab', { name: /Groups/ }).click();
    await page.getByRole('button', { name: 'Members' }).first().click();
    await page
      .locator('[data-testid="member-rows"]')
      .getByText(`ann-${fixture.suffix}@example.com`)
      .waitFor();
    await page.screenshot({ path: path.join(resultsDir, 'access-members.png'), fullPage: true });

    await page.getByRole('button', { name: 'Add many' }).click();
    await page
      .locator('[data-testid="bulk-text"]')
      .fill(
        `cy-${fixture.suffix}@example.com,edit\nnot-an-email\ndee-${fixture.suffix}@example.com`,
      );
    await page.getByRole('button', { name: 'Add 2 users' }).click();
    await page.locator('[data-testid="bulk-result"]').nth(1).waitFor();
    expect(await page.locator('[data-testid="bulk-result"]').count()).toBe(2);
    await page.screenshot({ path: path.join(resultsDir, 'access-bulk.png'), fullPage: true });
    expect(app.consoleErrors).toEqual([]);
  }, 90_000);
});
