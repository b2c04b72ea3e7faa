// Electron is stubbed: no Electron binary can be downloaded on these machines,
// so tests that would launch it cannot run. The stub contextBridge records
// what the preload exposes, and the stub ipcRenderer records invoke calls and
// lets each test deliver messages on the event channel.
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { PreloadApi } from '../../shared/contract';
import { ipcChannels } from '../../shared/contract/ipc-channels';

type IpcListener = (event: unknown, message: unknown) => void;

const electronStub = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  ipcListeners: new Map<string, IpcListener[]>(),
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn() },
}));

vi.mock('electron', () => ({
  contextBridge: electronStub.contextBridge,
  ipcRenderer: electronStub.ipcRenderer,
}));

beforeEach(() => {
  vi.resetModules();
  vi.clearAllMocks();
  electronStub.exposed.clear();
  electronStub.ipcListeners.clear();
  electronStub.contextBridge.exposeInMainWorld.mockImplementation((key: string, api: unknown) => {
    electronStub.exposed.set(key, api);
  });
  electronStub.ipcRenderer.on.mockImplementation((channel: string, listener: IpcListener) => {
    electronStub.ipcListeners.set(channel, [
      ...(electronStub.ipcListeners.get(channel) ?? []),
      listener,
    ]);
  });
});

/** Runs the preload script once, as Electron does for each page load, and returns what it exposed. */
async function loadPreload(): Promise<PreloadApi> {
  await import('./preload');
  const api = electronStub.exposed.get('kubeflowDesktop');
  if (!api) throw new Error('the preload exposed nothing under kubeflowDesktop');
  return api as PreloadApi;
}

/** Delivers a message from main on the event channel, like webContents.send. */
function sendFromMain(message: unknown): void {
  for (const listener of electronStub.ipcListeners.get(ipcChannels.event) ?? []) {
    listener({ sender: null }, message);
  }
}

describe('preload exposure', () => {
  it('exposes one object on window.kubeflowDesktop', async () => {
    await loadPreload();
    expect(electronStub.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...electronStub.exposed.keys()]).toEqual(['kubeflowDesktop']);
  });

  it('exposes exactly call and subscribe', async () => {
    const api = await loadPreload();
    expect(Object.keys(api).sort()).toEqual(['call', 'subscribe']);
  });

  it('exposes functions only', async () => {
    const api = await loadPreload();
    expect(typeof api.call).toBe('function');
    expect(typeof api.subscribe).toBe('function');
  });

  it('listens on the event channel once', async () => {
    await loadPreload();
    expect(electronStub.ipcRenderer.on).toHaveBeenCalledTimes(1);
    expect(electronStub.ipcRenderer.on).toHaveBeenCalledWith(
      ipcChannels.event,
      expect.any(Function),
    );
  });
});

describe('preload call', () => {
  it('invokes the call channel with the channel and payload', async () => {
    const api = await loadPreload();
    electronStub.ipcRenderer.invoke.mockResolvedValue({ ok: true, value: { theme: 'dark' } });

    const result = await api.call('settings.get', {});

    expect(electronStub.ipcRenderer.invoke).toHaveBeenCalledWith(
      ipcChannels.call,
      'settings.get',
      {},
    );
    expect(result).toEqual({ ok: true, value: { theme: 'dark' } });
  });

  it('passes a rejection from main through', async () => {
    const api = await loadPreload();
    electronStub.ipcRenderer.invoke.mockRejectedValue(new Error('No handler registered'));

    await expect(api.call('settings.get', {})).rejects.toThrow('No handler registered');
  });
});

describe('preload subscribe', () => {
  it('delivers an event to its subscribers only', async () => {
    const api = await loadPreload();
    const settingsListener = vi.fn();
    const sandboxListener = vi.fn();
    api.subscribe('settings.changed', settingsListener);
    api.subscribe('sandbox.status', sandboxListener);

    sendFromMain({ event: 'settings.changed', payload: { language: 'ko', theme: 'light' } });

    expect(settingsListener).toHaveBeenCalledWith({ language: 'ko', theme: 'light' });
    expect(sandboxListener).not.toHaveBeenCalled();
  });

  it('delivers to every subscriber of an event', async () => {
    const api = await loadPreload();
    const first = vi.fn();
    const second = vi.fn();
    api.subscribe('settings.changed', first);
    api.subscribe('settings.changed', second);

    sendFromMain({ event: 'settings.changed', payload: 1 });

    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('stops delivering after unsubscribe', async () => {
    const api = await loadPreload();
    const listener = vi.fn();
    const unsubscribe = api.subscribe('settings.changed', listener);

    unsubscribe();
    sendFromMain({ event: 'settings.changed', payload: 1 });

    expect(listener).not.toHaveBeenCalled();
  });

  it('gives a late subscriber the latest payload', async () => {
    const api = await loadPreload();
    sendFromMain({ event: 'sandbox.status', payload: 'first' });
    sendFromMain({ event: 'sandbox.status', payload: 'second' });
    const listener = vi.fn();

    api.subscribe('sandbox.status', listener);

    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith('second');
  });

  it('ignores malformed messages', async () => {
    const api = await loadPreload();
    const listener = vi.fn();
    api.subscribe('settings.changed', listener);

    sendFromMain(null);
    sendFromMain('settings.changed');
    sendFromMain({ event: 42, payload: 1 });

    expect(listener).not.toHaveBeenCalled();
  });

  it('keeps delivering when a listener throws', async () => {
    const api = await loadPreload();
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const after = vi.fn();
    api.subscribe('settings.changed', () => {
      throw new Error('listener failed');
    });
    api.subscribe('settings.changed', after);

    sendFromMain({ event: 'settings.changed', payload: 1 });

    expect(after).toHaveBeenCalledWith(1);
    expect(consoleError).toHaveBeenCalled();
    consoleError.mockRestore();
  });

  it('rejects a listener that is not a function', async () => {
    const api = await loadPreload();
    expect(() => api.subscribe('settings.changed', 'nope' as never)).toThrow(TypeError);
  });
});
