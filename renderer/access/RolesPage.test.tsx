// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { InstanceSummary } from '../../shared/contract/areas/instances';
import { defaultMatrix } from '../../shared/roles/permissions';
import { makeHandlers } from '../testing/fixtures';
import { renderApp } from '../testing/render-app';
import { VirtualRows } from './VirtualRows';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const key = 'kubeflow/team@ctx';
const instance: InstanceSummary = {
  key,
  contextId: 'ctx',
  contextName: 'sandbox-admin',
  server: 'https://127.0.0.1:6443',
  name: 'team',
  namespace: 'kubeflow',
  release: '1.10.0',
  serviceType: 'essential',
  phase: 'Active',
  reason: null,
  owners: ['owner@example.com'],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  objectCount: 3,
  simulation: true,
  origin: 'cluster',
  asOf: '2026-01-01T00:00:00.000Z',
};

function cell(name: string): HTMLInputElement {
  const input = document.querySelector<HTMLInputElement>(`[data-cell="${name}"]`);
  if (!input) throw new Error(`no cell ${name}`);
  return input;
}

describe('RolesPage', () => {
  it('locks the owner column and implied views, and previews the edited matrix', async () => {
    const { bridge } = await renderApp(
      {
        ...makeHandlers(),
        'instances.list': () => ({ instances: [instance], failures: [] }),
        'access.getMatrix': () => ({ matrix: defaultMatrix, saved: false, release: '1.10.0' }),
        'access.previewMatrix': () => ({
          yaml: 'kind: ClusterRole\n',
          roles: [
            {
              role: 'groupView',
              clusterRole: 'kubeflow-desktop-team-group-view',
              outcome: 'update',
              diff: '- a\n+ b',
              bindings: 3,
            },
          ],
        }),
      },
      { route: `#/roles?instance=${encodeURIComponent(key)}` },
    );
    await waitFor(() => expect(document.querySelector('[data-testid="matrix"]')).not.toBeNull());

    expect(cell('owner.viewNotebooks').disabled).toBe(true);
    expect(cell('groupEdit.viewNotebooks').disabled).toBe(true);
    expect(cell('groupView.viewNotebooks').disabled).toBe(false);

    fireEvent.click(cell('groupView.editModelRegistry'));
    expect(cell('groupView.editModelRegistry').checked).toBe(false);
    expect(cell('groupView.viewModelRegistry').disabled).toBe(false);
    expect(screen.getByTestId('matrix-changes').textContent).toContain(
      '1 change from the default matrix',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Preview changes' }));
    await screen.findByTestId('preview');
    const call = bridge.calls.find((each) => each.channel === 'access.previewMatrix');
    expect((call?.payload as { matrix: typeof defaultMatrix }).matrix.groupView).not.toContain(
      'editModelRegistry',
    );
    expect(screen.getByText('3 bindings refer to it')).toBeTruthy();
  });
});

describe('VirtualRows', () => {
  it('puts only the visible rows into the DOM', () => {
    const rows = Array.from({ length: 10_000 }, (_, index) => `row-${index}`);
    render(
      <VirtualRows
        rows={rows}
        rowHeight={40}
        height={400}
        label="rows"
        rowKey={(row) => row}
        renderRow={(row) => <span>{row}</span>}
      />,
    );
    const drawn = document.querySelectorAll('[role="row"]');
    expect(drawn.length).toBeLessThan(30);
    expect(drawn[0]?.textContent).toBe('row-0');
    expect(document.querySelector('[role="rowgroup"]')?.getAttribute('data-row-count')).toBe(
      '10000',
    );
  });
});
