import { describe, expect, it, vi } from 'vitest';

import { FakeBridge } from '../testing/fake-bridge';
import { makeCheck, makeHandlers, prodContext, stagingContext } from '../testing/fixtures';
import { createCheckStore } from './useCheckStore';

function setup() {
  const bridge = new FakeBridge(makeHandlers());
  const reportError = vi.fn();
  const store = createCheckStore(bridge, reportError);
  store.getState().connectEvents();
  return { bridge, reportError, store };
}

describe('createCheckStore', () => {
  it('loads the saved checks by context id', async () => {
    const { store } = setup();

    await store.getState().load();

    expect(Object.keys(store.getState().checks)).toEqual([prodContext.id]);
    expect(store.getState().checks[prodContext.id]?.serverVersion).toBe('v1.34.1');
  });

  it('stores a check from kube.checkChanged', () => {
    const { bridge, store } = setup();

    bridge.emit('kube.checkChanged', makeCheck(stagingContext.id, { status: 'tls' }));

    expect(store.getState().checks[stagingContext.id]?.status).toBe('tls');
  });

  it('keeps a newer check over an older event', async () => {
    const { bridge, store } = setup();
    await store.getState().load();

    bridge.emit(
      'kube.checkChanged',
      makeCheck(prodContext.id, { status: 'timeout', checkedAt: '2026-12-04T09:00:00.000Z' }),
    );

    expect(store.getState().checks[prodContext.id]?.status).toBe('ok');
  });

  it('marks a check as running until it returns', async () => {
    const { bridge, store } = setup();
    let finishCheck: () => void = () => {};
    bridge.handlers['kube.check'] = ({ contextId }) =>
      new Promise((resolve) => {
        finishCheck = () => resolve(makeCheck(contextId, { status: 'unauthorized' }));
      });

    const checking = store.getState().check(stagingContext.id);

    expect(store.getState().running).toEqual({ [stagingContext.id]: true });
    finishCheck();
    await checking;
    expect(store.getState().running).toEqual({});
    expect(store.getState().checks[stagingContext.id]?.status).toBe('unauthorized');
  });

  it('reports a failed check call', async () => {
    const { bridge, reportError, store } = setup();
    bridge.handlers['kube.check'] = () => {
      throw new Error('bridge closed');
    };

    await store.getState().check(stagingContext.id);

    expect(reportError).toHaveBeenCalledOnce();
    expect(store.getState().running).toEqual({});
    expect(store.getState().checks[stagingContext.id]).toBeUndefined();
  });

  it('reports a failed load', async () => {
    const { bridge, reportError, store } = setup();
    bridge.handlers['kube.listChecks'] = () => {
      throw new Error('bridge closed');
    };

    await store.getState().load();

    expect(reportError).toHaveBeenCalledOnce();
    expect(store.getState().checks).toEqual({});
  });
});
