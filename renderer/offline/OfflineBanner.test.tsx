// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { OfflineState } from '../../shared/contract/areas/snapshots';
import { createStores } from '../app/create-stores';
import { createI18n } from '../app/i18n';
import { StoresContext } from '../app/stores-context';
import { FakeBridge } from '../testing/fake-bridge';
import { I18nextProvider } from 'react-i18next';
import { OfflineBanner } from './OfflineBanner';
import { useLastKnown } from './useLastKnown';
import { useOffline } from './useOffline';
import { sampleSnapshot } from '../../shared/snapshots/sample-snapshot';

afterEach(cleanup);

const asOf = '2026-11-02T10:00:00.000Z';

function Probe({ contextId, instanceKey }: { contextId: string; instanceKey: string }) {
  const status = useOffline(contextId);
  const known = useLastKnown(instanceKey);
  return (
    <>
      <OfflineBanner contextId={contextId} asOf={asOf} />
      <p data-testid="reason">{status.disabledReason ?? 'online'}</p>
      <p data-testid="known">
        {known === undefined ? 'loading' : (known?.sections.status?.phase ?? 'never')}
      </p>
    </>
  );
}

function renderProbe(state: OfflineState, contextId: string) {
  const snapshot = sampleSnapshot();
  const bridge = new FakeBridge({
    'offline.get': () => state,
    'snapshots.lastKnown': () => ({
      origin: snapshot.origin,
      savedAt: asOf,
      sections: snapshot.sections,
    }),
  });
  const stores = createStores(bridge);
  render(
    <StoresContext.Provider value={stores}>
      <I18nextProvider i18n={createI18n('en')}>
        <Probe contextId={contextId} instanceKey={snapshot.origin.instanceKey} />
      </I18nextProvider>
    </StoresContext.Provider>,
  );
  return bridge;
}

describe('offline pieces', () => {
  it('show nothing while online', async () => {
    renderProbe({ forced: false, forcedAt: null, unreachable: [] }, 'ctx');

    await screen.findByText('Active');
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    expect(screen.getByTestId('reason').textContent).toBe('online');
  });

  it('explain an unreachable context', async () => {
    renderProbe(
      {
        forced: false,
        forcedAt: null,
        unreachable: [{ contextId: 'ctx', reason: 'unreachable', since: asOf, detail: null }],
      },
      'ctx',
    );

    const banner = await screen.findByTestId('offline-banner');

    expect(banner.textContent).toMatch(/^Saved data as of .*2026.*, read-only/);
    expect(banner.textContent).toContain('The cluster cannot be reached');
    expect(screen.getByTestId('reason').textContent).toBe(
      'The cluster cannot be reached. Check the connection on the Clusters screen.',
    );
  });

  it('leave other contexts online', async () => {
    const bridge = renderProbe(
      {
        forced: false,
        forcedAt: null,
        unreachable: [{ contextId: 'other', reason: 'unreachable', since: asOf, detail: null }],
      },
      'ctx',
    );

    await screen.findByText('Active');

    expect(bridge.channels()).toContain('offline.get');
    expect(screen.queryByTestId('offline-banner')).toBeNull();
  });

  it('apply offline mode to every context', async () => {
    renderProbe({ forced: true, forcedAt: asOf, unreachable: [] }, 'ctx');

    const banner = await screen.findByTestId('offline-banner');

    expect(banner.textContent).toContain('Offline mode is on');
    expect(screen.getByTestId('reason').textContent).toBe(
      'Offline mode is on. Turn it off to use the cluster.',
    );
  });
});
