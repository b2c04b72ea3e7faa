// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { CheckStatus } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import {
  brokenContext,
  makeCheck,
  makeContext,
  makeContextList,
  makeHandlers,
  prodContext,
  shadowedProdContext,
  stagingContext,
} from '../testing/fixtures';
import { renderApp } from '../testing/render-app';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

function contextTable(): HTMLElement {
  return screen.getByTestId('context-table');
}

function rowOf(contextId: string): HTMLElement {
  const rows = [...contextTable().querySelectorAll<HTMLElement>('tr[data-context-id]')];
  const row = rows.find((candidate) => candidate.dataset.contextId === contextId);
  if (!row) throw new Error(`no row for ${contextId}`);
  return row;
}

function rowIds(): (string | null)[] {
  return [...contextTable().querySelectorAll('tbody tr[data-context-id]')].map((row) =>
    row.getAttribute('data-context-id'),
  );
}

function detailPanel(): HTMLElement {
  return screen.getByTestId('context-detail');
}

describe('ContextTable', () => {
  it('lists every context with its check', async () => {
    await renderApp(makeHandlers());

    const table = await screen.findByTestId('context-table');
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((cell) => cell.textContent);
    expect(headers).toEqual([
      'Name',
      'Source file',
      'Cluster',
      'Server',
      'User',
      'Namespace',
      'Authentication',
      'Status',
      'Version',
      'Latency',
      'Last checked',
    ]);
    expect(within(table).getAllByRole('row')).toHaveLength(5);

    await waitFor(() => expect(rowOf(prodContext.id).textContent).toContain('Connected'));
    const cells = within(rowOf(prodContext.id))
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells.slice(0, 9)).toEqual([
      'prodActive',
      prodContext.ref.source,
      'prod-cluster',
      'https://prod.example.test:6443',
      'prod-admin',
      'kubeflow',
      'Exec plugin',
      'Connected',
      'v1.34.1',
    ]);
    expect(cells[9]).toBe('12 ms');
    expect(cells[10]).toMatch(/ago|in |yesterday|tomorrow|now/);
  });

  it('shows the full time on hover', async () => {
    await renderApp(makeHandlers());

    await waitFor(() => expect(rowOf(prodContext.id).querySelector('time')).not.toBeNull());
    const time = rowOf(prodContext.id).querySelector('time') as HTMLElement;
    expect(time.getAttribute('datetime')).toBe('2026-12-04T10:00:00.000Z');
    fireEvent.mouseOver(time);
    expect((await screen.findByRole('tooltip')).textContent).toContain('2026');
  });

  it('shows why a context is invalid', async () => {
    await renderApp(makeHandlers());

    const row = (await screen.findByTestId('context-table')) && rowOf(brokenContext.id);
    expect(within(row).getByTestId('check-status').getAttribute('data-status')).toBe('invalid');
    expect(row.textContent).toContain('Invalid');
    expect(within(row).getByTestId('invalid-reason').textContent).toBe(
      'cluster "gone" is not defined',
    );
    expect(row.textContent).toContain('Not set');
  });

  it('shows the reason in Korean', async () => {
    const localizedContext = makeContext('lab', '/home/admin/.kube/config', {
      invalidReason: 'user "ghost" is not defined in any kubeconfig file',
      invalidText: { code: 'contextUserUndefined', params: { user: 'ghost' } },
    });
    const list = makeContextList({ contexts: [localizedContext], activeId: null });
    await renderApp(makeHandlers({ list, settings: { language: 'ko' } }), { language: 'ko' });

    await screen.findByTestId('context-table');
    const reason = within(rowOf(localizedContext.id)).getByTestId('invalid-reason').textContent;
    expect(reason).toContain('사용자 "ghost"');
    expect(reason).not.toContain('is not defined');
  });

  it('marks a shadowed context', async () => {
    await renderApp(makeHandlers());

    await screen.findByTestId('context-table');
    expect(within(rowOf(shadowedProdContext.id)).getByTestId('shadowed-chip').textContent).toBe(
      'Shadowed',
    );
    expect(within(rowOf(prodContext.id)).queryByTestId('shadowed-chip')).toBeNull();
  });

  it.each<[CheckStatus | 'not-checked', string, string]>([
    ['ok', 'Connected', 'MuiChip-colorSuccess'],
    ['unreachable', 'Unreachable', 'MuiChip-colorDefault'],
    ['timeout', 'Timed out', 'MuiChip-colorDefault'],
    ['tls', 'TLS error', 'MuiChip-colorError'],
    ['unauthorized', 'Unauthorized', 'MuiChip-colorError'],
    ['forbidden', 'Forbidden', 'MuiChip-colorError'],
    ['exec-failed', 'Exec plugin failed', 'MuiChip-colorError'],
    ['server-error', 'Server error', 'MuiChip-colorError'],
    ['invalid', 'Invalid', 'MuiChip-colorError'],
    ['not-checked', 'Not checked', 'MuiChip-colorDefault'],
  ])('shows status %s as a chip', async (status, label, colorClass) => {
    const checks = status === 'not-checked' ? [] : [makeCheck(stagingContext.id, { status })];
    await renderApp(makeHandlers({ checks }));

    await screen.findByTestId('context-table');
    await waitFor(() =>
      expect(
        within(rowOf(stagingContext.id)).getByTestId('check-status').getAttribute('data-status'),
      ).toBe(status),
    );
    const chip = within(rowOf(stagingContext.id)).getByTestId('check-status');
    expect(chip.textContent).toBe(label);
    expect(chip.className).toContain(colorClass);
  });

  it('marks a timeout with a warning icon', async () => {
    await renderApp(
      makeHandlers({ checks: [makeCheck(stagingContext.id, { status: 'timeout' })] }),
    );

    await screen.findByTestId('context-table');
    await waitFor(() =>
      expect(within(rowOf(stagingContext.id)).getByTestId('WarningAmberIcon')).toBeTruthy(),
    );
  });

  it('filters by name, cluster, server, user and source', async () => {
    const other = makeContext('edge', '/srv/kubeconfigs/edge.yaml', {
      cluster: 'factory-floor',
      user: 'robot',
      server: 'https://10.1.2.3:6443',
    });
    const list = makeContextList({ contexts: [prodContext, stagingContext, other] });
    await renderApp(makeHandlers({ list }));
    const search = await screen.findByTestId('context-search');

    const cases: [string, string[]][] = [
      ['STAG', [stagingContext.id]],
      ['factory', [other.id]],
      ['10.1.2', [other.id]],
      ['robot', [other.id]],
      ['/srv/kubeconfigs', [other.id]],
      ['prod-admin', [prodContext.id]],
      ['', [prodContext.id, stagingContext.id, other.id]],
    ];
    for (const [query, expected] of cases) {
      fireEvent.change(search, { target: { value: query } });
      expect(rowIds(), query).toEqual(expected);
    }
  });

  it('says when the search matches nothing', async () => {
    await renderApp(makeHandlers());
    const search = await screen.findByTestId('context-search');

    fireEvent.change(search, { target: { value: 'nowhere' } });

    expect(rowIds()).toEqual([]);
    expect(contextTable().textContent).toContain('No context matches “nowhere”.');
  });

  it('sorts by a column, then reverses', async () => {
    await renderApp(makeHandlers());
    await screen.findByTestId('context-table');

    fireEvent.click(within(contextTable()).getByRole('button', { name: 'Cluster' }));
    expect(rowIds()).toEqual([
      brokenContext.id,
      prodContext.id,
      shadowedProdContext.id,
      stagingContext.id,
    ]);
    expect(
      within(contextTable())
        .getByRole('columnheader', { name: /Cluster/ })
        .getAttribute('aria-sort'),
    ).toBe('ascending');

    // Equal values keep the kubeconfig order in both directions.
    fireEvent.click(within(contextTable()).getByRole('button', { name: /Cluster/ }));
    expect(rowIds()).toEqual([
      stagingContext.id,
      prodContext.id,
      shadowedProdContext.id,
      brokenContext.id,
    ]);
  });

  it('sorts by latency with unchecked contexts last', async () => {
    const checks = [
      makeCheck(prodContext.id, { latencyMs: 80 }),
      makeCheck(stagingContext.id, { latencyMs: 5 }),
    ];
    await renderApp(makeHandlers({ checks }));
    await screen.findByTestId('context-table');
    await waitFor(() => expect(rowOf(stagingContext.id).textContent).toContain('5 ms'));

    fireEvent.click(within(contextTable()).getByRole('button', { name: 'Latency' }));
    expect(rowIds().slice(0, 2)).toEqual([stagingContext.id, prodContext.id]);

    fireEvent.click(within(contextTable()).getByRole('button', { name: /Latency/ }));
    expect(rowIds().slice(0, 2)).toEqual([prodContext.id, stagingContext.id]);
  });

  it('sorts by status from healthy to failing', async () => {
    const checks = [
      makeCheck(prodContext.id, { status: 'forbidden' }),
      makeCheck(stagingContext.id, { status: 'ok' }),
      makeCheck(shadowedProdContext.id, { status: 'unreachable' }),
    ];
    await renderApp(makeHandlers({ checks }));
    await screen.findByTestId('context-table');
    await waitFor(() => expect(rowOf(stagingContext.id).textContent).toContain('Connected'));

    fireEvent.click(within(contextTable()).getByRole('button', { name: 'Status' }));

    expect(rowIds()).toEqual([
      stagingContext.id,
      shadowedProdContext.id,
      prodContext.id,
      brokenContext.id,
    ]);
  });
});

describe('ContextDetailPanel', () => {
  it('shows the active context check by default', async () => {
    await renderApp(makeHandlers());

    expect((await screen.findByTestId('probe-server-version')).textContent).toBe('v1.34.1');
    const panel = detailPanel();
    expect(within(panel).getByRole('heading', { level: 2 }).textContent).toBe('prod');
    expect(screen.getByTestId('probe-cluster-uid').textContent).toBe(
      '6f1c2a9e-0000-4000-8000-000000000001',
    );
    expect(screen.getByTestId('probe-latency').textContent).toBe('12 ms');
    expect(screen.getByTestId('check-username').textContent).toBe('prod-admin');
    expect(screen.getByTestId('check-groups').textContent).toBe(
      'system:authenticatedplatform-admins',
    );
    expect(within(panel).queryByTestId('use-in-app')).toBeNull();
  });

  it('shows each capability as allowed, denied or unknown', async () => {
    const check = makeCheck(prodContext.id, {
      capabilities: {
        createCustomResourceDefinitions: true,
        createNamespaces: false,
        listNamespaces: null,
        manageRbac: true,
      },
    });
    await renderApp(makeHandlers({ checks: [check] }));

    const capabilities = await screen.findByTestId('capabilities');
    const items = within(capabilities).getAllByRole('listitem');
    expect(
      items.map((item) => [
        item.getAttribute('data-capability'),
        item.getAttribute('data-state'),
        item.textContent,
      ]),
    ).toEqual([
      ['createCustomResourceDefinitions', 'allowed', 'Create CustomResourceDefinitionsAllowed'],
      ['createNamespaces', 'denied', 'Create namespacesDenied'],
      ['listNamespaces', 'unknown', 'List namespacesUnknown'],
      ['manageRbac', 'allowed', 'Manage RBAC (roles and role bindings)Allowed'],
    ]);
    expect(within(items[0] as HTMLElement).getByTestId('CheckCircleOutlinedIcon')).toBeTruthy();
    expect(within(items[1] as HTMLElement).getByTestId('CancelOutlinedIcon')).toBeTruthy();
    expect(within(items[2] as HTMLElement).getByTestId('HelpOutlineOutlinedIcon')).toBeTruthy();
  });

  it('explains a failed check in the user language', async () => {
    const check = makeCheck(prodContext.id, {
      status: 'unreachable',
      serverVersion: null,
      clusterUid: null,
      latencyMs: null,
      identity: null,
      capabilities: null,
      error: {
        kind: 'unreachable',
        code: 'unreachable',
        message: 'connect ECONNREFUSED',
        params: { server: 'https://prod.example.test:6443', detail: 'ECONNREFUSED' },
      },
    });
    await renderApp(makeHandlers({ settings: { language: 'ko' }, checks: [check] }));

    const error = await screen.findByTestId('check-error');
    expect(error.textContent).toContain('연결 확인에 실패했습니다');
    expect(error.textContent).toContain(
      'https://prod.example.test:6443의 클러스터가 응답하지 않습니다(ECONNREFUSED).',
    );
    expect(screen.getByTestId('probe-server-version').textContent).toBe('알 수 없음');
    expect(screen.getByTestId('capabilities').textContent).toContain('알 수 없음');
  });

  it('falls back to the English message', async () => {
    const check = makeCheck(prodContext.id, {
      status: 'server-error',
      error: {
        kind: 'server-error',
        code: 'codeFromNewerMain',
        message: 'The API server returned 503 for /version.',
        params: {},
      },
    });
    await renderApp(makeHandlers({ settings: { language: 'ko' }, checks: [check] }));

    const error = await screen.findByTestId('check-error');
    expect(error.textContent).toContain('The API server returned 503 for /version.');
  });

  it('runs Check now and shows the result', async () => {
    let finishCheck: () => void = () => {};
    const handlers = makeHandlers();
    handlers['kube.check'] = ({ contextId }) =>
      new Promise((resolve) => {
        finishCheck = () => resolve(makeCheck(contextId, { serverVersion: 'v1.35.0' }));
      });
    const { bridge } = await renderApp(handlers);
    const button = await screen.findByTestId('check-now');

    fireEvent.click(button);

    await waitFor(() => expect(button.textContent).toBe('Checking…'));
    expect(button).toHaveProperty('disabled', true);
    expect(bridge.calls).toContainEqual({
      channel: 'kube.check',
      payload: { contextId: prodContext.id },
    });

    await act(async () => finishCheck());

    await waitFor(() =>
      expect(screen.getByTestId('probe-server-version').textContent).toBe('v1.35.0'),
    );
    expect(button.textContent).toBe('Check now');
  });

  it('follows a checkChanged event', async () => {
    const { bridge } = await renderApp(makeHandlers());
    await screen.findByTestId('probe-server-version');

    act(() =>
      bridge.emit(
        'kube.checkChanged',
        makeCheck(prodContext.id, {
          status: 'forbidden',
          checkedAt: '2026-12-04T10:05:00.000Z',
          serverVersion: 'v1.34.2',
        }),
      ),
    );

    expect(screen.getByTestId('probe-server-version').textContent).toBe('v1.34.2');
    expect(within(detailPanel()).getByTestId('check-status').textContent).toBe('Forbidden');
    expect(within(rowOf(prodContext.id)).getByTestId('check-status').textContent).toBe('Forbidden');
  });

  it('selects a clicked row', async () => {
    const { bridge } = await renderApp(makeHandlers());
    await screen.findByTestId('context-table');

    fireEvent.click(rowOf(stagingContext.id));

    expect(within(detailPanel()).getByRole('heading', { level: 2 }).textContent).toBe('staging');
    expect(rowOf(stagingContext.id).getAttribute('aria-selected')).toBe('true');
    expect(detailPanel().textContent).toContain('has not been checked yet');

    fireEvent.click(screen.getByTestId('use-in-app'));

    await waitFor(() => expect(screen.getByTestId('active-context').textContent).toBe('staging'));
    expect(bridge.calls).toContainEqual({
      channel: 'kube.setActiveContext',
      payload: { contextId: stagingContext.id },
    });
    await waitFor(() => expect(screen.queryByTestId('use-in-app')).toBeNull());
  });

  it('selects a row with the keyboard', async () => {
    await renderApp(makeHandlers());
    await screen.findByTestId('context-table');

    fireEvent.keyDown(rowOf(stagingContext.id), { key: 'Enter' });

    expect(within(detailPanel()).getByRole('heading', { level: 2 }).textContent).toBe('staging');
  });

  it('disables the actions of an invalid context', async () => {
    await renderApp(makeHandlers());
    await screen.findByTestId('context-table');

    fireEvent.click(rowOf(brokenContext.id));

    expect(screen.getByTestId('detail-invalid').textContent).toContain(
      'cluster "gone" is not defined',
    );
    expect(screen.getByTestId('use-in-app')).toHaveProperty('disabled', true);
    expect(screen.getByTestId('set-kubectl-default')).toHaveProperty('disabled', true);
  });

  it('asks before setting the kubectl default', async () => {
    const { bridge } = await renderApp(makeHandlers());
    fireEvent.click(await screen.findByTestId('set-kubectl-default'));

    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Set prod as the kubectl default?');
    expect(dialog.textContent).toContain(`current-context: prod into ${prodContext.ref.source}`);
    expect(bridge.channels()).not.toContain('kube.setKubectlDefault');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Set as default' }));

    const result = await screen.findByTestId('kubectl-default-result');
    expect(result.textContent).toBe(
      `kubectl now uses prod: ${prodContext.ref.source} was changed from staging.`,
    );
    expect(bridge.calls).toContainEqual({
      channel: 'kube.setKubectlDefault',
      payload: { contextId: prodContext.id },
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('sets no kubectl default when cancelled', async () => {
    const { bridge } = await renderApp(makeHandlers());
    fireEvent.click(await screen.findByTestId('set-kubectl-default'));

    fireEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }),
    );

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bridge.channels()).not.toContain('kube.setKubectlDefault');
  });

  it('keeps the kubectl dialog open on a failure', async () => {
    const handlers = makeHandlers();
    handlers['kube.setKubectlDefault'] = () => {
      throw new AppError('internal', 'codeFromNewerMain', 'The kubeconfig file is read-only.');
    };
    await renderApp(handlers);
    fireEvent.click(await screen.findByTestId('set-kubectl-default'));
    const dialog = await screen.findByRole('dialog');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Set as default' }));

    expect((await screen.findByTestId('kubectl-default-error')).textContent).toBe(
      'The kubeconfig file is read-only.',
    );
    expect(screen.getByRole('dialog')).toBe(dialog);
    expect(screen.queryByTestId('kubectl-default-result')).toBeNull();
  });

  it('warns that kubectl ignores a shadowed entry', async () => {
    await renderApp(makeHandlers());
    await screen.findByTestId('context-table');
    fireEvent.click(rowOf(shadowedProdContext.id));

    fireEvent.click(screen.getByTestId('set-kubectl-default'));

    expect((await screen.findByRole('dialog')).textContent).toContain(
      'An earlier kubeconfig file also defines a context named prod',
    );
  });

  it('follows a switch from the top bar', async () => {
    const { bridge } = await renderApp(makeHandlers());
    await screen.findByTestId('context-table');
    fireEvent.click(rowOf(brokenContext.id));

    act(() => bridge.emit('kube.activeContextChanged', { activeId: stagingContext.id }));

    expect(within(detailPanel()).getByRole('heading', { level: 2 }).textContent).toBe('staging');
  });

  it('checks an unchecked active context', async () => {
    const { bridge } = await renderApp(makeHandlers({ checks: [] }));

    await waitFor(() =>
      expect(bridge.calls).toContainEqual({
        channel: 'kube.check',
        payload: { contextId: prodContext.id },
      }),
    );
    expect((await screen.findByTestId('probe-server-version')).textContent).toBe('v1.34.1');
  });

  it('says when no context is active', async () => {
    await renderApp(makeHandlers({ list: makeContextList({ activeId: null }) }));

    expect(await screen.findByText(/No context is active/)).toBeTruthy();
  });
});

describe('ClustersPage', () => {
  it('says when the kubeconfig files hold no context', async () => {
    await renderApp(makeHandlers({ list: makeContextList({ contexts: [], activeId: null }) }));

    expect(
      await screen.findByText('No contexts were found in the kubeconfig files the app reads.'),
    ).toBeTruthy();
    expect(screen.queryByTestId('context-detail')).toBeNull();
  });

  it('shows why the context list failed to load', async () => {
    const handlers = makeHandlers();
    handlers['kube.listContexts'] = () => {
      throw new AppError('unavailable', 'bridgeUnavailable', 'fetch failed');
    };
    await renderApp(handlers);

    const messages = await screen.findAllByText(
      /The connection to the app's main process was lost/,
    );
    expect(messages.length).toBeGreaterThan(0);
  });
});
