// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { InstanceStatusView } from '../../shared/status/schemas';
import { makeHandlers } from '../testing/fixtures';
import { renderApp } from '../testing/render-app';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const running: InstanceStatusView = {
  key: 'kubeflow/team@ctx#prod',
  contextId: '%2Fhome%2Fadmin%2F.kube%2Fconfig#prod',
  namespace: 'kubeflow',
  name: 'team',
  release: '1.10.0',
  serviceType: 'hpt',
  phase: 'Active',
  reason: null,
  since: '2026-12-04T10:00:00.000Z',
  unreachableSince: null,
  recordPhase: 'Creating',
  components: [
    {
      id: 'katib',
      expectedVersion: 'v0.18.0',
      observedVersion: 'v0.18.0',
      drift: [],
      health: 'Healthy',
      reason: null,
      objects: 4,
    },
  ],
  faults: [],
  events: [],
  observedAt: '2026-12-04T10:00:00.000Z',
};

describe('ComponentsPage', () => {
  it('shows the catalog matrix and where each version runs', async () => {
    await renderApp(
      {
        ...makeHandlers(),
        'status.list': () => ({
          instances: [running],
          clusters: [
            {
              contextId: running.contextId,
              mode: 'active',
              reachable: true,
              unreachableSince: null,
              watches: 12,
              error: null,
            },
          ],
          pinned: [],
        }),
      },
      { route: '#/components' },
    );

    const matrix = await screen.findByTestId('components-matrix-1.10.0');
    const headers = within(matrix)
      .getAllByRole('columnheader')
      .map((cell) => cell.textContent);
    expect(headers).toContain('Essential');
    expect(headers).toContain('Essential + Hyperparameter tuning');

    const katib = matrix.querySelector('[data-component="katib"]') as HTMLElement;
    // Katib comes with the HPT and Serving types, not with Essential.
    expect(within(katib).getAllByLabelText(/Hyperparameter tuning/)).toHaveLength(2);
    expect((await within(katib).findByTestId('component-sighting')).textContent).toBe(
      'prod: v0.18.0',
    );
    expect(screen.getByTestId('watched-clusters').textContent).toContain('12 watches');
    expect(screen.getByTestId('components-matrix-1.8.0')).toBeTruthy();
  });
});
