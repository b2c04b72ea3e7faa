// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { InstanceDetail, InstanceSummary, Job } from '../../shared/contract/areas/instances';
import { makeHandlers, prodContext } from '../testing/fixtures';
import { renderApp } from '../testing/render-app';
import { instanceHref } from './instance-route';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

function instance(name: string, patch: Partial<InstanceSummary> = {}): InstanceSummary {
  return {
    key: `kubeflow/${name}@${prodContext.id}`,
    contextId: prodContext.id,
    contextName: prodContext.ref.name,
    server: prodContext.server,
    name,
    namespace: 'kubeflow',
    release: '1.10.0',
    serviceType: 'serving',
    phase: 'Active',
    reason: null,
    owners: ['alice@example.com'],
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    objectCount: 273,
    simulation: false,
    origin: 'cluster',
    asOf: '2026-12-04T10:00:00.000Z',
    ...patch,
  };
}

function job(patch: Partial<Job> = {}): Job {
  return {
    jobId: 'job-1',
    key: instance('prod').key,
    kind: 'create',
    state: 'running',
    phase: 'crds',
    component: 'katib',
    done: 10,
    total: 273,
    phases: [
      { name: 'namespaces', total: 6, done: 6 },
      { name: 'crds', total: 71, done: 4 },
    ],
    startedAt: '2026-12-04T10:00:00.000Z',
    finishedAt: null,
    error: null,
    conflict: null,
    stuck: [],
    log: [
      {
        at: '2026-12-04T10:00:00.000Z',
        level: 'info',
        code: 'phaseStarted',
        params: { phase: 'crds' },
      },
    ],
    ...patch,
  };
}

function handlers(instances: InstanceSummary[], extra: Record<string, unknown> = {}) {
  return {
    ...makeHandlers(),
    'instances.list': () => ({
      instances,
      failures: [
        {
          contextId: 'x',
          contextName: 'edge',
          error: {
            kind: 'unreachable' as const,
            code: 'unknownCode',
            message: 'edge did not answer',
            params: {},
          },
        },
      ],
    }),
    'instances.jobs': () => ({ jobs: [] }),
    'status.list': () => ({ instances: [], clusters: [], pinned: [] }),
    'status.history': ({ key }: { key: string }) => ({ key, transitions: [] }),
    ...extra,
  };
}

describe('Instances list', () => {
  it('shows every instance with status, and filters by status', async () => {
    await renderApp(
      handlers([instance('prod'), instance('lab', { phase: 'Failed', origin: 'local-copy' })]),
      { route: '#/instances' },
    );

    const rows = await screen.findAllByTestId('instance-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByTestId('status-chip').dataset.phase).toBe('Active');
    expect(screen.getByTestId('list-failures').textContent).toContain('edge: edge did not answer');
    expect(screen.getByText(/Saved copy as of/)).toBeTruthy();

    fireEvent.mouseDown(screen.getByLabelText('Status'));
    fireEvent.click(await screen.findByRole('option', { name: 'Failed' }));
    await waitFor(() => expect(screen.getAllByTestId('instance-row')).toHaveLength(1));
    expect(screen.getByText('lab')).toBeTruthy();
  });

  it('updates a row when main announces a change', async () => {
    const app = await renderApp(handlers([instance('prod', { phase: 'Creating' })]), {
      route: '#/instances',
    });
    await screen.findByTestId('instance-row');

    app.bridge.emit('instances.changed', { instances: [instance('prod')], failures: [] });

    await waitFor(() => expect(screen.getByTestId('status-chip').dataset.phase).toBe('Active'));
  });
});

describe('Instance detail', () => {
  const detail: InstanceDetail = {
    summary: instance('prod'),
    source: { kind: 'bundle', path: '/srv/kf.yaml', tag: null },
    options: {},
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
        appliedAt: '2026-12-01T10:00:00.000Z',
      },
    ],
    job: null,
  };

  it('asks for the conflict decision and sends it', async () => {
    const app = await renderApp(
      handlers([instance('prod')], {
        'instances.get': () => detail,
        'instances.resolveConflict': () => job({ state: 'running' }),
      }),
      { route: instanceHref({ view: 'detail', key: instance('prod').key }) },
    );
    await screen.findByTestId('inventory');

    app.bridge.emit(
      'instances.job',
      job({
        state: 'conflict',
        conflict: {
          resource: 'ConfigMap kubeflow/profiles-config',
          fields: [{ field: '.data.admin', manager: 'kubectl' }],
        },
      }),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Force' }));

    await waitFor(() =>
      expect(
        app.bridge.calls.find((call) => call.channel === 'instances.resolveConflict')?.payload,
      ).toEqual({
        jobId: 'job-1',
        decision: 'force',
      }),
    );
  });

  it('deletes only after the exact name is typed', async () => {
    const app = await renderApp(
      handlers([instance('prod')], {
        'instances.get': () => detail,
        'instances.delete': () => job({ kind: 'delete' }),
      }),
      { route: instanceHref({ view: 'detail', key: instance('prod').key }) },
    );
    fireEvent.click(await screen.findByTestId('delete'));
    const submit = screen.getByTestId('delete-submit') as HTMLButtonElement;

    fireEvent.change(screen.getByTestId('delete-confirm'), { target: { value: 'Prod' } });
    expect(submit.disabled).toBe(true);
    expect(screen.getByText('The text does not match the instance name.')).toBeTruthy();

    fireEvent.change(screen.getByTestId('delete-confirm'), { target: { value: 'prod' } });
    fireEvent.click(submit);
    await waitFor(() =>
      expect(app.bridge.calls.find((call) => call.channel === 'instances.delete')?.payload).toEqual(
        {
          key: instance('prod').key,
          confirmName: 'prod',
        },
      ),
    );
  });
});
