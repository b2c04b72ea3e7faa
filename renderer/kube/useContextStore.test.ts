import { describe, expect, it, vi } from 'vitest';

import { FakeBridge } from '../testing/fake-bridge';
import {
  makeContextList,
  makeHandlers,
  makeProbe,
  prodContext,
  stagingContext,
} from '../testing/fixtures';
import { createContextStore } from './useContextStore';

function setup() {
  const bridge = new FakeBridge(makeHandlers());
  const reportError = vi.fn();
  const store = createContextStore(bridge, reportError);
  store.getState().connectEvents();
  return { bridge, reportError, store };
}

describe('createContextStore', () => {
  it('loads the list and probes the active context', async () => {
    const { bridge, store } = setup();

    await store.getState().load();
    await vi.waitFor(() => expect(store.getState().probe?.contextId).toBe(prodContext.id));

    expect(store.getState().activeId).toBe(prodContext.id);
    expect(bridge.channels()).toEqual(['kube.listContexts', 'kube.probe']);
  });

  it('probes once when main echoes its own switch', async () => {
    const { bridge, store } = setup();
    await store.getState().load();
    let finishSwitch: () => void = () => {};
    bridge.handlers['kube.setActiveContext'] = () =>
      new Promise((resolve) => {
        finishSwitch = () => resolve(stagingContext);
      });

    const switching = store.getState().setActive(stagingContext.id);
    // Main sends the event before the call returns.
    bridge.emit('kube.activeContextChanged', { activeId: stagingContext.id });
    finishSwitch();
    await switching;

    const probes = bridge.calls.filter((call) => call.channel === 'kube.probe');
    expect(probes.map((call) => call.payload)).toEqual([
      { contextId: prodContext.id },
      { contextId: stagingContext.id },
    ]);
    expect(store.getState().switchingTo).toBeNull();
  });

  it('drops a probe that returns after a switch', async () => {
    const { bridge, store } = setup();
    let finishProbe: () => void = () => {};
    bridge.handlers['kube.probe'] = ({ contextId }) =>
      contextId === prodContext.id
        ? new Promise((resolve) => {
            finishProbe = () => resolve(makeProbe(contextId));
          })
        : makeProbe(contextId);
    await store.getState().load();

    await store.getState().setActive(stagingContext.id);
    finishProbe();
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect(store.getState().probe?.contextId).toBe(stagingContext.id);
  });

  it('reports a failed switch and keeps the active context', async () => {
    const { bridge, reportError, store } = setup();
    await store.getState().load();
    bridge.handlers['kube.setActiveContext'] = () => {
      throw new Error('boom');
    };

    await store.getState().setActive(stagingContext.id);

    expect(reportError).toHaveBeenCalledOnce();
    expect(store.getState().activeId).toBe(prodContext.id);
    expect(store.getState().switchingTo).toBeNull();
  });

  it('replaces the list on kube.contextsChanged', async () => {
    const { bridge, store } = setup();
    await store.getState().load();

    bridge.emit('kube.contextsChanged', makeContextList({ contexts: [prodContext] }));

    expect(store.getState().list?.contexts).toEqual([prodContext]);
    expect(store.getState().activeId).toBe(prodContext.id);
  });

  it('clears the probe when no context is active any more', async () => {
    const { bridge, store } = setup();
    await store.getState().load();
    await vi.waitFor(() => expect(store.getState().probe).not.toBeNull());

    bridge.emit('kube.activeContextChanged', { activeId: null });

    expect(store.getState().activeId).toBeNull();
    expect(store.getState().probe).toBeNull();
  });
});
