// Electron is stubbed: no Electron binary can be downloaded on these machines,
// so tests that would launch it cannot run. The stub ipcMain records the
// handler, and each test calls it with a sender built like Electron's
// IpcMainInvokeEvent. The router and the event hub are the real ones.
import { EventEmitter } from 'node:events';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { requestChannels, type CallResult } from '../../shared/contract';
import { ipcChannels } from '../../shared/contract/ipc-channels';
import { EventHub } from '../ipc/event-hub';
import { createRouter, type Handlers } from '../ipc/router';
import { silentLogger, type Logger } from '../log';

const ipcMainStub = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  handle: vi.fn(),
  removeHandler: vi.fn(),
}));

vi.mock('electron', () => ({ ipcMain: ipcMainStub }));

const { installIpcBridge } = await import('./ipc-bridge');
const { toFileUrl } = await import('./window');

const rendererUrl = toFileUrl(path.resolve('/opt/kubeflow-desktop/dist/renderer/index.html'));
const settings = { language: 'en', theme: 'dark' } as const;

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  processId: number;
  routingId: number;
}

class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame: FakeFrame = {
    url: rendererUrl,
    parent: null,
    processId: 7,
    routingId: this.id,
  };
  readonly send = vi.fn();
  url = rendererUrl;
  destroyed = false;
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

class FakeWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  close(): void {
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

function createHandlers(): Handlers {
  const unused = () => {
    throw new Error('not used in these tests');
  };
  const all = Object.fromEntries(requestChannels.map((channel) => [channel, unused]));
  return { ...all, 'settings.get': vi.fn(() => settings) } as unknown as Handlers;
}

function createLog() {
  const warn = vi.fn<Logger['warn']>();
  const log: Logger = { ...silentLogger, warn, child: () => silentLogger };
  return Object.assign(log, { warn });
}

let hub: EventHub;
let handlers: Handlers;
let router: ReturnType<typeof createRouter>;
let log: ReturnType<typeof createLog>;
let bridge: ReturnType<typeof installIpcBridge>;

beforeEach(() => {
  ipcMainStub.handlers.clear();
  ipcMainStub.handle.mockImplementation((channel: string, handler) => {
    ipcMainStub.handlers.set(channel, handler);
  });
  ipcMainStub.removeHandler.mockImplementation((channel: string) => {
    ipcMainStub.handlers.delete(channel);
  });

  hub = new EventHub();
  handlers = createHandlers();
  router = createRouter(handlers, silentLogger);
  vi.spyOn(router, 'dispatch');
  log = createLog();
  bridge = installIpcBridge({ router, hub, rendererUrl, log });
});

afterEach(() => {
  bridge.dispose();
  vi.clearAllMocks();
});

function attachedWindow(): FakeWindow {
  const window = new FakeWindow();
  bridge.attachWindow(window as never);
  return window;
}

/** Calls the registered handler the way Electron does for ipcRenderer.invoke from `frame` of `sender`. */
async function invoke(
  sender: FakeWebContents,
  frame: FakeFrame | null,
  channel: unknown,
  payload: unknown,
): Promise<CallResult> {
  const handler = ipcMainStub.handlers.get(ipcChannels.call);
  if (!handler) throw new Error(`no handler registered for ${ipcChannels.call}`);
  return (await handler({ sender, senderFrame: frame }, channel, payload)) as CallResult;
}

describe('installIpcBridge calls', () => {
  it('registers a handler on the call channel', () => {
    expect(ipcMainStub.handle).toHaveBeenCalledWith(ipcChannels.call, expect.any(Function));
  });

  it("routes a call from the window's main frame", async () => {
    const { webContents } = attachedWindow();

    const result = await invoke(webContents, webContents.mainFrame, 'settings.get', {});

    expect(result).toEqual({ ok: true, value: settings });
    expect(router.dispatch).toHaveBeenCalledWith('settings.get', {});
  });

  it('keeps the hash route of the renderer trusted', async () => {
    const { webContents } = attachedWindow();
    const frame = { ...webContents.mainFrame, url: `${rendererUrl}#/clusters` };

    const result = await invoke(webContents, frame, 'settings.get', {});

    expect(result.ok).toBe(true);
  });

  it('rejects a sender showing another URL', async () => {
    const { webContents } = attachedWindow();
    const frame = { ...webContents.mainFrame, url: 'https://example.com/' };

    const result = await invoke(webContents, frame, 'settings.get', {});

    expect(result.ok).toBe(false);
    expect(router.dispatch).not.toHaveBeenCalled();
    expect(handlers['settings.get']).not.toHaveBeenCalled();
  });

  it('returns a forbidden error to a rejected sender', async () => {
    const { webContents } = attachedWindow();
    const frame = { ...webContents.mainFrame, url: 'https://example.com/' };

    const result = await invoke(webContents, frame, 'settings.get', {});

    if (result.ok) throw new Error('expected the call to be rejected');
    expect(result.error.kind).toBe('forbidden');
    expect(result.error.code).toBe('internal');
    expect(result.error.params).toEqual({ channel: 'settings.get' });
  });

  it('logs a rejected call', async () => {
    const { webContents } = attachedWindow();
    const frame = {
      ...webContents.mainFrame,
      url: 'https://example.com/?code=secret#token=secret',
    };

    await invoke(webContents, frame, 'settings.get', {});

    expect(log.warn).toHaveBeenCalledWith(
      'rejected a call from an untrusted sender',
      expect.objectContaining({ channel: 'settings.get', senderUrl: 'https://example.com/' }),
    );
  });

  it('rejects a call whose frame is gone', async () => {
    const { webContents } = attachedWindow();

    const result = await invoke(webContents, null, 'settings.get', {});

    expect(result.ok).toBe(false);
    expect(router.dispatch).not.toHaveBeenCalled();
  });

  it('rejects a window the bridge was not given', async () => {
    const stranger = new FakeWebContents();

    const result = await invoke(stranger, stranger.mainFrame, 'settings.get', {});

    expect(result.ok).toBe(false);
    expect(router.dispatch).not.toHaveBeenCalled();
  });

  it('rejects a subframe showing the renderer file', async () => {
    const { webContents } = attachedWindow();
    const subframe = {
      url: rendererUrl,
      parent: webContents.mainFrame,
      processId: 7,
      routingId: 99,
    };

    const result = await invoke(webContents, subframe, 'settings.get', {});

    expect(result.ok).toBe(false);
    expect(router.dispatch).not.toHaveBeenCalled();
  });

  it('rejects a frame that has a parent frame', async () => {
    const { webContents } = attachedWindow();
    const nested = { ...webContents.mainFrame, parent: { ...webContents.mainFrame } };

    const result = await invoke(webContents, nested, 'settings.get', {});

    expect(result.ok).toBe(false);
    expect(router.dispatch).not.toHaveBeenCalled();
  });

  it("rejects a frame that is not the window's main frame", async () => {
    const { webContents } = attachedWindow();
    const detached = {
      ...webContents.mainFrame,
      routingId: webContents.mainFrame.routingId + 1000,
    };

    const result = await invoke(webContents, detached, 'settings.get', {});

    expect(result.ok).toBe(false);
    expect(router.dispatch).not.toHaveBeenCalled();
  });

  it('rejects calls from a window after it closed', async () => {
    const window = attachedWindow();
    const { webContents } = window;
    window.close();

    const result = await invoke(webContents, webContents.mainFrame, 'settings.get', {});

    expect(result.ok).toBe(false);
    expect(router.dispatch).not.toHaveBeenCalled();
  });

  it('removes the handler on dispose', () => {
    bridge.dispose();
    expect(ipcMainStub.removeHandler).toHaveBeenCalledWith(ipcChannels.call);
    expect(ipcMainStub.handlers.has(ipcChannels.call)).toBe(false);
  });
});

describe('installIpcBridge events', () => {
  it('forwards hub events after the page loads', () => {
    const window = attachedWindow();
    window.webContents.emit('dom-ready');

    hub.emit('settings.changed', settings);

    expect(window.webContents.send).toHaveBeenCalledWith(ipcChannels.event, {
      event: 'settings.changed',
      payload: settings,
    });
  });

  it('forwards to every attached window', () => {
    const first = attachedWindow();
    const second = attachedWindow();
    first.webContents.emit('dom-ready');
    second.webContents.emit('dom-ready');

    hub.emit('settings.changed', settings);

    expect(first.webContents.send).toHaveBeenCalledTimes(1);
    expect(second.webContents.send).toHaveBeenCalledTimes(1);
  });

  it('replays the latest events to a reloaded page', () => {
    const window = attachedWindow();
    window.webContents.emit('dom-ready');
    hub.emit('settings.changed', settings);
    window.webContents.send.mockClear();

    window.webContents.emit('dom-ready');

    expect(window.webContents.send).toHaveBeenCalledTimes(1);
    expect(window.webContents.send).toHaveBeenCalledWith(ipcChannels.event, {
      event: 'settings.changed',
      payload: settings,
    });
  });

  it('sends each event once after several reloads', () => {
    const window = attachedWindow();
    window.webContents.emit('dom-ready');
    window.webContents.emit('dom-ready');
    window.webContents.emit('dom-ready');

    hub.emit('settings.changed', settings);

    expect(window.webContents.send).toHaveBeenCalledTimes(1);
  });

  it('stops forwarding after the window closes', () => {
    const window = attachedWindow();
    window.webContents.emit('dom-ready');
    window.close();

    hub.emit('settings.changed', settings);

    expect(window.webContents.send).not.toHaveBeenCalled();
  });

  it('unsubscribes from the hub when the window closes', () => {
    const unsubscribes: ReturnType<typeof vi.fn>[] = [];
    const subscribe = hub.subscribe.bind(hub);
    vi.spyOn(hub, 'subscribe').mockImplementation((listener) => {
      const unsubscribe = vi.fn(subscribe(listener));
      unsubscribes.push(unsubscribe);
      return unsubscribe;
    });
    const window = attachedWindow();
    window.webContents.emit('dom-ready');

    window.close();

    expect(unsubscribes).toHaveLength(1);
    expect(unsubscribes[0]).toHaveBeenCalledTimes(1);
  });

  it('sends nothing to a page that is not the renderer', () => {
    const window = attachedWindow();
    window.webContents.emit('dom-ready');
    window.webContents.url = 'https://example.com/';

    hub.emit('settings.changed', settings);

    expect(window.webContents.send).not.toHaveBeenCalled();
  });

  it('stops forwarding on dispose', () => {
    const window = attachedWindow();
    window.webContents.emit('dom-ready');
    bridge.dispose();

    hub.emit('settings.changed', settings);

    expect(window.webContents.send).not.toHaveBeenCalled();
  });
});
