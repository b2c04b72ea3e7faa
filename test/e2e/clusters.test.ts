import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';

import { contextId } from '../../main/kube/context-registry';
import { openAppInBrowser, resultsDir, type AppInBrowser } from './app-harness';

const kubeconfig = inject('sandboxKubeconfig');

/** Copies one context of the sandbox kubeconfig into a file of its own, under a new context name. */
async function extractContext(target: string, context: string, newName: string): Promise<void> {
  const config = parse(await readFile(kubeconfig, 'utf8')) as {
    clusters: { name: string }[];
    users: { name: string }[];
    contexts: { name: string; context: { cluster: string; user: string } }[];
  };
  const entry = config.contexts.find((item) => item.name === context)!;
  await writeFile(
    target,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: config.clusters.filter((item) => item.name === entry.context.cluster),
      users: config.users.filter((item) => item.name === entry.context.user),
      contexts: [{ name: newName, context: entry.context }],
      'current-context': '',
    }),
    { mode: 0o600 },
  );
}

describe('Clusters screen in Chromium', () => {
  let workDir: string;
  let app: AppInBrowser;
  let page: Page;
  let extraKubeconfig: string;

  const row = (name: string) =>
    page.locator(`[data-testid="context-table"] tr`, { hasText: name }).first();

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-e2e-clusters-'));
    const broken = path.join(workDir, 'broken.yaml');
    await writeFile(
      broken,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'lab', cluster: { server: 'https://127.0.0.1:1' } }],
        contexts: [{ name: 'broken-lab', context: { cluster: 'lab', user: 'ghost' } }],
      }),
    );
    extraKubeconfig = path.join(workDir, 'team-b.yaml');
    await extractContext(extraKubeconfig, 'sandbox-b', 'team-b');

    app = await openAppInBrowser({
      kubeconfigPaths: [kubeconfig, broken],
      prepare: (services) =>
        services.kube
          .setActiveContext(contextId(kubeconfig, 'sandbox-admin'))
          .then(() => undefined),
      viewport: { width: 1400, height: 1000 },
    });
    page = app.page;
    await page.getByTestId('probe-server-version').filter({ hasText: 'v1.36.3' }).waitFor();
  });

  afterAll(async () => {
    await app?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('shows why an invalid entry cannot be used', async () => {
    await page.getByTestId('context-search').fill('broken');
    await expect
      .poll(() => row('broken-lab').textContent())
      .toContain('User "ghost" is not defined');
    await page.getByTestId('context-search').fill('');
  });

  it('explains the expired credential', async () => {
    await row('sandbox-expired').click();
    await page.getByTestId('check-now').click();

    await expect.poll(() => page.getByTestId('check-error').textContent()).toContain('401');
    const status = page.getByTestId('context-detail').getByTestId('check-status');
    expect(await status.getAttribute('data-status')).toBe('unauthorized');
  });

  it('shows denied capabilities for alice', async () => {
    await row('sandbox-alice').click();
    await page.getByTestId('check-now').click();

    await expect
      .poll(() => page.getByTestId('check-username').textContent())
      .toContain('alice@example.com');
    const capabilities = await page.getByTestId('capabilities').textContent();
    expect(capabilities).toContain('Denied');
    expect(capabilities).not.toContain('Allowed');
    await page.screenshot({ path: path.join(resultsDir, 'clusters-alice.png') });
  });

  it('keeps the path when adding a missing file', async () => {
    const missing = path.join(workDir, 'missing.yaml');
    await page.getByTestId('add-source').click();
    await page.getByTestId('add-source-path').fill(missing);
    await page.getByTestId('add-source-path').press('Enter');

    await expect.poll(() => page.getByTestId('add-source-error').textContent()).toContain(missing);
    expect(await page.getByTestId('add-source-path').inputValue()).toBe(missing);
  });

  it('adds a kubeconfig file and lists its contexts', async () => {
    await page.getByTestId('add-source-path').fill(extraKubeconfig);
    await page.getByTestId('add-source-path').press('Enter');

    await expect.poll(() => row('team-b').count()).toBe(1);
    expect(await page.getByTestId('sources-table').textContent()).toContain(extraKubeconfig);
  });

  it('sets the kubectl default of the added file', async () => {
    await row('team-b').click();
    await page.getByTestId('set-kubectl-default').click();
    await page.getByRole('dialog').getByRole('button').last().click();

    await expect.poll(() => page.getByTestId('kubectl-default-result').count()).toBe(1);
    const written = parse(await readFile(extraKubeconfig, 'utf8')) as Record<string, unknown>;
    expect(written['current-context']).toBe('team-b');
  });

  it('reports the line of malformed YAML on import', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('import-kubeconfig').click();
    await page.getByTestId('import-name').fill('pasted');
    await page
      .getByTestId('import-content')
      .fill('apiVersion: v1\nclusters:\n  - name: a\n   cluster: [\n');
    await page.getByRole('dialog').getByRole('button').last().click();

    await expect.poll(() => page.getByTestId('import-error').textContent()).toMatch(/line \d+/);
    expect(await page.getByTestId('import-content').inputValue()).toContain('apiVersion: v1');
    await page.screenshot({ path: path.join(resultsDir, 'clusters-import-error.png') });
  });

  it('logs no errors in the browser console', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});
