// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { AppError } from '../../shared/errors';
import {
  brokenContext,
  makeContextList,
  makeHandlers,
  makeProbe,
  prodContext,
} from '../testing/fixtures';
import { renderApp } from '../testing/render-app';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('ClustersPage', () => {
  it('lists contexts in a table', async () => {
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
      'Validity',
    ]);
    expect(within(table).getAllByRole('row')).toHaveLength(5);

    const prodRow = table.querySelector(`[data-context-id="${prodContext.id}"]`) as HTMLElement;
    const cells = within(prodRow)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells).toEqual([
      'prodActive',
      prodContext.ref.source,
      'prod-cluster',
      'https://prod.example.test:6443',
      'prod-admin',
      'kubeflow',
      'Exec plugin',
      'Valid',
    ]);
  });

  it('shows why a context is invalid', async () => {
    await renderApp(makeHandlers());

    const table = await screen.findByTestId('context-table');
    const row = table.querySelector(`[data-context-id="${brokenContext.id}"]`) as HTMLElement;
    expect(row.textContent).toContain('Invalid');
    expect(row.textContent).toContain('cluster "gone" is not defined');
    expect(row.textContent).toContain('Not set');
  });

  it('shows the probe of the active context', async () => {
    await renderApp(makeHandlers());

    expect((await screen.findByTestId('probe-server-version')).textContent).toBe('v1.34.1');
    expect(screen.getByTestId('probe-cluster-uid').textContent).toBe(
      '6f1c2a9e-0000-4000-8000-000000000001',
    );
    expect(screen.getByTestId('probe-latency').textContent).toBe('12 ms');
  });

  it('probes again on Check again', async () => {
    let checks = 0;
    const handlers = makeHandlers();
    handlers['kube.probe'] = ({ contextId }) => {
      checks += 1;
      return makeProbe(contextId, { serverVersion: `v1.34.${checks}` });
    };
    await renderApp(handlers);
    await waitFor(() =>
      expect(screen.getByTestId('probe-server-version').textContent).toBe('v1.34.1'),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));

    await waitFor(() =>
      expect(screen.getByTestId('probe-server-version').textContent).toBe('v1.34.2'),
    );
  });

  it('explains a failed probe in the user language', async () => {
    const handlers = makeHandlers({ settings: { language: 'ko' } });
    handlers['kube.probe'] = () => {
      throw new AppError('unreachable', 'unreachable', 'connect ECONNREFUSED', {
        server: 'https://prod.example.test:6443',
        detail: 'ECONNREFUSED',
      });
    };
    await renderApp(handlers);

    const error = await screen.findByTestId('probe-error');
    expect(error.textContent).toContain('연결 확인에 실패했습니다');
    expect(error.textContent).toContain(
      'https://prod.example.test:6443의 클러스터가 응답하지 않습니다(ECONNREFUSED).',
    );
    expect(screen.queryByTestId('probe-server-version')).toBeNull();
  });

  it('says when no context is active', async () => {
    await renderApp(makeHandlers({ list: makeContextList({ activeId: null }) }));

    expect(await screen.findByText(/No context is active/)).toBeTruthy();
  });

  it('says when the kubeconfig files hold no context', async () => {
    await renderApp(makeHandlers({ list: makeContextList({ contexts: [], activeId: null }) }));

    expect(
      await screen.findByText('No contexts were found in the kubeconfig files the app reads.'),
    ).toBeTruthy();
  });

  it('shows a kubeconfig file that could not be read', async () => {
    const list = makeContextList({
      sources: [
        {
          path: '/home/admin/broken.yaml',
          origin: 'added',
          error: 'YAML parse error on line 3',
          contextCount: 0,
        },
      ],
    });
    await renderApp(makeHandlers({ list }));

    const row = await screen.findByRole('row', { name: /broken\.yaml/ });
    expect(row.textContent).toContain('Added');
    expect(row.textContent).toContain('YAML parse error on line 3');
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
