import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { contextId } from '../../main/kube/context-registry';
import { configMap, deployment, installInstance } from '../integration/status-harness';
import { createTestNamespace, deleteNamespace, kubeConfigFor } from '../kube-helpers';
import { openAppInBrowser, resultsDir, type AppInBrowser } from './app-harness';

const kubeconfig = inject('sandboxKubeconfig');
const admin = kubeConfigFor(kubeconfig, 'sandbox-admin');
const driftedImage = 'ghcr.io/kubeflow/kubeflow/jupyter-web-app:v1.9.0';

describe('Components screen in Chromium', () => {
  let app: AppInBrowser;
  let page: Page;
  let namespace: string;

  beforeAll(async () => {
    namespace = await createTestNamespace(admin, 'st-e2e');
    await installInstance(admin, kubeconfig, { namespace, name: 'browser' }, [
      {
        object: deployment(namespace, 'jupyter-web-app-deployment', driftedImage),
        component: 'jupyter',
      },
      { object: configMap(namespace, 'settings'), component: 'jupyter' },
    ]);
    app = await openAppInBrowser({
      kubeconfigPaths: [kubeconfig],
      prepare: (services) =>
        services.kube
          .setActiveContext(contextId(kubeconfig, 'sandbox-admin'))
          .then(() => undefined),
    });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
    await deleteNamespace(admin, namespace);
  });

  it('shows the running version of a watched cluster in the matrix', async () => {
    await page.goto(`${app.bridge.url}#/components`);
    const jupyter = page
      .getByTestId('components-matrix-1.10.0')
      .locator('[data-component="jupyter"]');
    const sighting = jupyter.getByTestId('component-sighting').filter({ hasText: 'v1.9.0' });
    await sighting.first().waitFor({ timeout: 30_000 });
    expect(await sighting.first().textContent()).toBe('sandbox-admin: v1.9.0');
    await expect
      .poll(() => page.getByTestId('watched-clusters').textContent())
      .toContain('sandbox-admin');

    await page.screenshot({ path: `${resultsDir}/status-components.png`, fullPage: false });
    expect(app.consoleErrors).toEqual([]);
  });
});
