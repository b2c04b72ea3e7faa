// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';

import type { InstanceStatusView, Transition } from '../../shared/status/schemas';
import { createStores } from '../app/create-stores';
import { createI18n } from '../app/i18n';
import { StoresContext } from '../app/stores-context';
import { FakeBridge } from '../testing/fake-bridge';
import { InstanceHealthPanel } from './InstanceHealthPanel';
import { StatusNotifications } from './StatusNotifications';

afterEach(() => cleanup());

const key = 'kubeflow/team@%2Fhome%2Fadmin%2F.kube%2Fconfig#prod';

const failing: InstanceStatusView = {
  key,
  contextId: '%2Fhome%2Fadmin%2F.kube%2Fconfig#prod',
  namespace: 'kubeflow',
  name: 'team',
  release: '1.10.0',
  serviceType: 'essential',
  phase: 'Creating',
  reason:
    'Pod kubeflow/trainer-1: Unschedulable: 0/4 nodes are available: 4 Insufficient nvidia.com/gpu.',
  since: '2026-12-04T10:00:00.000Z',
  unreachableSince: null,
  recordPhase: 'Creating',
  components: [
    {
      id: 'jupyter',
      expectedVersion: 'v1.10.0',
      observedVersion: 'v1.9.0',
      drift: [
        'ghcr.io/kubeflow/kubeflow/jupyter-web-app:v1.9.0 (catalog: ghcr.io/kubeflow/kubeflow/jupyter-web-app:v1.10.0)',
      ],
      health: 'Healthy',
      reason: null,
      objects: 2,
    },
    {
      id: 'trainer',
      expectedVersion: 'v1.9.0',
      observedVersion: null,
      drift: [],
      health: 'Progressing',
      reason: 'Pod trainer-1: Unschedulable',
      objects: 1,
    },
    {
      id: 'istio',
      expectedVersion: '1.24.3',
      observedVersion: null,
      drift: [],
      health: 'Missing',
      reason: null,
      objects: 0,
    },
  ],
  faults: [
    {
      ref: { apiVersion: 'v1', kind: 'Pod', namespace: 'kubeflow', name: 'trainer-1' },
      component: 'trainer',
      health: 'Progressing',
      reason: 'Unschedulable: 0/4 nodes are available: 4 Insufficient nvidia.com/gpu.',
    },
  ],
  events: [
    {
      ref: { apiVersion: 'v1', kind: 'Pod', namespace: 'kubeflow', name: 'trainer-1' },
      reason: 'FailedScheduling',
      message: '0/4 nodes are available: 4 Insufficient nvidia.com/gpu.',
      count: 3,
      lastSeen: '2026-12-04T10:01:00.000Z',
    },
  ],
  observedAt: '2026-12-04T10:01:00.000Z',
};

const transitions: Transition[] = [
  { name: 'observed', from: null, to: 'Creating', reason: null, at: '2026-12-04T10:00:00.000Z' },
];

function renderPanel(status: InstanceStatusView | null, language: 'en' | 'ko' = 'en') {
  const bridge = new FakeBridge({
    'status.list': () => ({ instances: status ? [status] : [], clusters: [], pinned: [] }),
    'status.history': () => ({ key, transitions }),
    'status.refresh': () => ({ instances: [] }),
  });
  const stores = createStores(bridge);
  render(
    <StoresContext.Provider value={stores}>
      <I18nextProvider i18n={createI18n(language)}>
        <InstanceHealthPanel instanceKey={key} />
        <StatusNotifications />
      </I18nextProvider>
    </StoresContext.Provider>,
  );
  return bridge;
}

describe('InstanceHealthPanel', () => {
  it('shows components with versions, drift, faults and events', async () => {
    renderPanel(failing);

    const chip = await screen.findByTestId('status-chip');
    expect(chip.dataset.phase).toBe('Creating');
    expect(screen.getByTestId('status-reason').textContent).toContain(
      'Insufficient nvidia.com/gpu',
    );

    const rows = within(screen.getByTestId('status-components')).getAllByRole('row');
    // The header and the two components with objects; istio has none in the inventory.
    expect(rows).toHaveLength(3);
    expect(rows[1]!.textContent).toContain('JupyterLab');
    expect(rows[1]!.textContent).toContain('v1.9.0');
    expect(screen.getByTestId('status-drift').textContent).toContain('jupyter-web-app:v1.9.0');

    expect(screen.getByTestId('status-faults').textContent).toContain('Pod kubeflow/trainer-1');
    expect(screen.getByTestId('status-events').textContent).toContain('FailedScheduling');
    expect(await screen.findByTestId('status-timeline')).toBeTruthy();
  });

  it('offers a refresh for an instance not observed yet', async () => {
    const bridge = renderPanel(null);
    const refresh = await screen.findByTestId('status-refresh');
    await screen.findByText(/has not observed this instance/);
    await act(async () => refresh.click());
    expect(bridge.channels()).toContain('status.refresh');
  });

  it('follows status.changed and shows an in-app notice on Failed', async () => {
    const bridge = renderPanel(failing);
    await screen.findByTestId('status-chip');

    act(() =>
      bridge.emit('status.changed', {
        ...failing,
        phase: 'Failed',
        reason: 'not ready within 30 minutes',
      }),
    );
    expect((await screen.findByTestId('status-chip')).dataset.phase).toBe('Failed');
    const notice = await screen.findByTestId('status-notice');
    expect(notice.textContent).toContain('team failed');
    expect(notice.textContent).toContain('not ready within 30 minutes');
  });

  it('writes Korean labels', async () => {
    renderPanel(failing, 'ko');
    expect((await screen.findByTestId('status-chip')).textContent).toBe('생성 중');
    expect(screen.getByText('최근 경고 이벤트')).toBeTruthy();
  });
});
