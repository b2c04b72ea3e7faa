// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { OfflineState, SnapshotList } from '../../shared/contract/areas/snapshots';
import { sampleSnapshot } from '../../shared/snapshots/sample-snapshot';
import { snapshotMeta } from '../../shared/snapshots/schema';
import { makeHandlers } from '../testing/fixtures';
import { renderApp } from '../testing/render-app';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const older = sampleSnapshot({
  id: 'older-snapshot',
  takenAt: '2026-11-01T10:00:00.000Z',
  note: 'before upgrade',
});
const newer = sampleSnapshot({
  id: 'newer-snapshot',
  takenAt: '2026-11-02T10:00:00.000Z',
  note: 'after upgrade',
});

const list: SnapshotList = {
  snapshots: [snapshotMeta(newer, 2048), snapshotMeta(older, 2048)],
  instances: [
    {
      origin: newer.origin,
      phase: 'Active',
      snapshotCount: 2,
      lastKnownAt: '2026-11-02T10:00:00.000Z',
    },
  ],
  retention: 20,
  storeBytes: 6000,
};

const online: OfflineState = { forced: false, forcedAt: null, unreachable: [] };

function handlers(offline: OfflineState = online) {
  return {
    ...makeHandlers(),
    'snapshots.list': () => list,
    'instances.list': () => ({ instances: [], failures: [] }),
    'offline.get': () => offline,
    'offline.set': ({ forced }: { forced: boolean }) => ({
      ...offline,
      forced,
      forcedAt: forced ? '2026-11-03T10:00:00.000Z' : null,
    }),
    'snapshots.get': ({ id }: { id: string }) => (id === older.id ? older : newer),
    'snapshots.compare': () => ({
      before: { label: 'before upgrade', takenAt: older.takenAt },
      after: { label: 'live', takenAt: '2026-11-03T10:00:00.000Z' },
      entries: [
        {
          section: 'users' as const,
          change: 'added' as const,
          key: 'dave@example.com',
          before: null,
          after: 'edit',
        },
      ],
      unavailable: ['matrix' as const],
    }),
  };
}

describe('SnapshotsPage', () => {
  it('lists the snapshots of the instance', async () => {
    await renderApp(handlers(), { route: '#/snapshots' });

    const rows = await screen.findAllByTestId('snapshot-row');

    expect(rows.map((row) => within(row).getAllByRole('cell')[1]?.textContent)).toEqual([
      'after upgrade',
      'before upgrade',
    ]);
    expect(screen.getByTestId('store-size').textContent).toBe('Snapshot store: 5.9 KiB');
    expect(screen.queryByTestId('offline-banner')).toBeNull();
  });

  it('opens a snapshot', async () => {
    const { bridge } = await renderApp(handlers(), { route: '#/snapshots' });
    const [, olderRow] = await screen.findAllByTestId('snapshot-row');

    fireEvent.click(within(olderRow!).getByRole('button', { name: 'Open' }));

    const detail = await screen.findByTestId('snapshot-detail');
    const user = await within(detail).findByRole('cell', { name: 'kubeflow-edit' });
    expect(user.closest('tr')?.textContent).toContain('User bob@example.com');
    expect(within(detail).getAllByRole('cell', { name: 'v0.18.0' })).toHaveLength(2);
    expect(bridge.calls.find((call) => call.channel === 'snapshots.get')?.payload).toEqual({
      id: 'older-snapshot',
    });
  });

  it('compares with the cluster', async () => {
    await renderApp(handlers(), { route: '#/snapshots' });
    const [, olderRow] = await screen.findAllByTestId('snapshot-row');

    fireEvent.click(within(olderRow!).getByRole('button', { name: 'Compare' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Compare' }));

    const row = await screen.findByTestId('diff-row');
    expect(row.textContent).toContain('dave@example.com');
    expect(row.textContent).toContain('Added');
    expect(
      screen.getByText(/Not compared, because one side did not save them: Role matrix/),
    ).toBeTruthy();
  });

  it('disables taking a snapshot offline', async () => {
    const offline: OfflineState = {
      forced: true,
      forcedAt: '2026-11-03T10:00:00.000Z',
      unreachable: [],
    };
    await renderApp(handlers(offline), { route: '#/snapshots' });

    const banner = await screen.findByTestId('offline-banner');

    expect(banner.textContent).toMatch(/Saved data as of .*2026.*read-only/);
    expect(screen.getByRole('button', { name: 'Take snapshot' }).hasAttribute('disabled')).toBe(
      true,
    );
    expect(screen.getAllByTestId('snapshot-row')).toHaveLength(2);
  });

  it('turns offline mode on', async () => {
    const { bridge } = await renderApp(handlers(), { route: '#/snapshots' });
    await screen.findAllByTestId('snapshot-row');

    fireEvent.click(within(screen.getByTestId('offline-toggle')).getByRole('switch'));

    await screen.findByTestId('offline-banner');
    expect(bridge.calls.find((call) => call.channel === 'offline.set')?.payload).toEqual({
      forced: true,
    });
  });

  it('shows an import error with its line', async () => {
    const { bridge } = await renderApp(
      {
        ...handlers(),
        'snapshots.import': () => ({
          status: 'invalid',
          line: 4,
          column: 7,
          reason: 'snapshot.note: Invalid input',
        }),
      },
      { route: '#/snapshots' },
    );
    await screen.findAllByTestId('snapshot-row');

    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    const input = await screen.findByTestId('import-file-input');
    fireEvent.change(input, { target: { files: [new File(['kind: x'], 'snapshot.yaml')] } });

    const alert = await screen.findByTestId('import-invalid');
    expect(alert.textContent).toBe('Line 4, column 7: snapshot.note: Invalid input');
    await waitFor(() => expect(bridge.channels()).toContain('snapshots.import'));
  });
});
