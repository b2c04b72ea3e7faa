import { describe, expect, it, vi } from 'vitest';

import { AppError } from '../../shared/errors';
import { FakeBridge } from '../testing/fake-bridge';
import { makeContextList, makeHandlers, prodContext, stagingContext } from '../testing/fixtures';
import { createContextStore } from './useContextStore';

function setup() {
  const bridge = new FakeBridge(makeHandlers());
  const reportError = vi.fn();
  const store = createContextStore(bridge, reportError);
  store.getState().connectEvents();
  return { bridge, reportError, store };
}

describe('createContextStore', () => {
  it('loads the list and the active context', async () => {
    const { bridge, store } = setup();

    await store.getState().load();

    expect(store.getState().activeId).toBe(prodContext.id);
    expect(store.getState().list?.contexts).toHaveLength(4);
    expect(bridge.channels()).toEqual(['kube.listContexts']);
  });

  it('ignores main echoing its own switch', async () => {
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
    expect(store.getState().activeId).toBe(prodContext.id);
    expect(store.getState().switchingTo).toBe(stagingContext.id);
    finishSwitch();
    await switching;

    expect(store.getState().activeId).toBe(stagingContext.id);
    expect(store.getState().switchingTo).toBeNull();
    expect(bridge.channels()).toEqual(['kube.listContexts', 'kube.setActiveContext']);
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

  it('follows an active context changed elsewhere', async () => {
    const { bridge, store } = setup();
    await store.getState().load();

    bridge.emit('kube.activeContextChanged', { activeId: null });

    expect(store.getState().activeId).toBeNull();
  });

  it('applies the list that addSource returns', async () => {
    const { bridge, reportError, store } = setup();
    await store.getState().load();

    await store.getState().addSource('/home/admin/clusters/edge.yaml');

    expect(bridge.calls.at(-1)).toEqual({
      channel: 'kube.addSource',
      payload: { path: '/home/admin/clusters/edge.yaml' },
    });
    expect(store.getState().list?.sources.map((source) => source.path)).toContain(
      '/home/admin/clusters/edge.yaml',
    );
    expect(reportError).not.toHaveBeenCalled();
  });

  it('throws a failed source action to its caller', async () => {
    const { bridge, reportError, store } = setup();
    await store.getState().load();
    const listBefore = store.getState().list;
    bridge.handlers['kube.removeSource'] = () => {
      throw new Error('disk full');
    };

    const removal = store.getState().removeSource('/home/admin/clusters/edge.yaml');

    await expect(removal).rejects.toBeInstanceOf(AppError);
    await expect(removal).rejects.toMatchObject({ code: 'unexpected' });
    expect(reportError).not.toHaveBeenCalled();
    expect(store.getState().list).toBe(listBefore);
  });

  it('returns the file and previous context of setKubectlDefault', async () => {
    const { store } = setup();
    await store.getState().load();

    const result = await store.getState().setKubectlDefault(prodContext.id);

    expect(result).toEqual({ path: prodContext.ref.source, previous: 'staging' });
  });
});
