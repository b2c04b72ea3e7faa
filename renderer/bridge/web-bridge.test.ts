import { afterEach, describe, expect, it, vi } from 'vitest';

import { AppError } from '../../shared/errors';
import { makeAppInfo } from '../testing/fixtures';
import { createWebBridge } from './web-bridge';

/** Records listeners like EventSource and lets a test deliver messages, because jsdom and Node 20 have no EventSource. */
class FakeEventSource {
  static created: FakeEventSource[] = [];
  readonly listeners = new Map<string, ((message: MessageEvent) => void)[]>();
  closed = false;

  constructor(readonly url: string) {
    FakeEventSource.created.push(this);
  }

  addEventListener(type: string, listener: (message: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
  }

  deliver(type: string, data: string): void {
    for (const listener of this.listeners.get(type) ?? []) {
      listener(new MessageEvent(type, { data }));
    }
  }
}

function createBridgeWithFakeEvents() {
  FakeEventSource.created = [];
  return createWebBridge({
    createEventSource: (url) => new FakeEventSource(url) as unknown as EventSource,
  });
}

function stubFetch(response: Response | Error) {
  const fetchMock = vi.fn(async () => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

async function callError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('createWebBridge call', () => {
  it('posts the channel and payload as JSON', async () => {
    const fetchMock = stubFetch(
      jsonResponse({ ok: true, value: { language: 'ko', theme: 'dark' } }),
    );
    const bridge = createBridgeWithFakeEvents();

    const settings = await bridge.call('settings.update', { language: 'ko' });

    expect(settings).toEqual({ language: 'ko', theme: 'dark' });
    expect(fetchMock).toHaveBeenCalledWith('/api/call', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel: 'settings.update', payload: { language: 'ko' } }),
    });
  });

  it('maps HTTP 401 to sessionExpired', async () => {
    stubFetch(new Response('', { status: 401 }));
    const bridge = createBridgeWithFakeEvents();

    const error = await callError(bridge.call('app.info', {}));

    expect(error.code).toBe('sessionExpired');
    expect(error.kind).toBe('unauthorized');
  });

  it('maps a network failure to bridgeUnavailable', async () => {
    stubFetch(new TypeError('Failed to fetch'));
    const bridge = createBridgeWithFakeEvents();

    const error = await callError(bridge.call('app.info', {}));

    expect(error.code).toBe('bridgeUnavailable');
    expect(error.kind).toBe('unavailable');
  });

  it('maps another HTTP status to bridgeHttpStatus', async () => {
    stubFetch(new Response('', { status: 403 }));
    const bridge = createBridgeWithFakeEvents();

    const error = await callError(bridge.call('app.info', {}));

    expect(error.code).toBe('bridgeHttpStatus');
    expect(error.params).toEqual({ channel: 'app.info', status: '403' });
  });

  it('throws the AppError of an error result', async () => {
    stubFetch(
      jsonResponse({
        ok: false,
        error: {
          kind: 'forbidden',
          code: 'forbidden',
          message: 'namespaces is forbidden',
          params: { user: 'viewer', server: 'https://127.0.0.1:6443', detail: 'list namespaces' },
        },
      }),
    );
    const bridge = createBridgeWithFakeEvents();

    const error = await callError(bridge.call('kube.check', { contextId: 'a#b' }));

    expect(error.code).toBe('forbidden');
    expect(error.message).toBe('namespaces is forbidden');
    expect(error.params.user).toBe('viewer');
  });

  it('rejects a value that breaks the contract', async () => {
    stubFetch(jsonResponse({ ok: true, value: { language: 'fr', theme: 'dark' } }));
    const bridge = createBridgeWithFakeEvents();

    const error = await callError(bridge.call('settings.get', {}));

    expect(error.code).toBe('bridgeInvalidResponse');
  });

  it('rejects a body that is not JSON', async () => {
    stubFetch(new Response('<html>', { status: 200 }));
    const bridge = createBridgeWithFakeEvents();

    const error = await callError(bridge.call('settings.get', {}));

    expect(error.code).toBe('bridgeInvalidResponse');
  });
});

describe('createWebBridge subscribe', () => {
  it('shares one EventSource between subscribers', () => {
    const bridge = createBridgeWithFakeEvents();

    bridge.subscribe('settings.changed', () => {});
    bridge.subscribe('sandbox.status', () => {});

    expect(FakeEventSource.created).toHaveLength(1);
    expect(FakeEventSource.created[0]?.url).toBe('/api/events');
  });

  it('delivers valid payloads to their channel', () => {
    const bridge = createBridgeWithFakeEvents();
    const settingsListener = vi.fn();
    const sandboxListener = vi.fn();
    bridge.subscribe('settings.changed', settingsListener);
    bridge.subscribe('sandbox.status', sandboxListener);

    FakeEventSource.created[0]?.deliver('settings.changed', '{"language":"ko","theme":"dark"}');

    expect(settingsListener).toHaveBeenCalledWith({ language: 'ko', theme: 'dark' });
    expect(sandboxListener).not.toHaveBeenCalled();
  });

  it('drops and warns about invalid payloads', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bridge = createBridgeWithFakeEvents();
    const listener = vi.fn();
    bridge.subscribe('sandbox.status', listener);
    const source = FakeEventSource.created[0];

    source?.deliver('sandbox.status', JSON.stringify({ state: 'exploded' }));
    source?.deliver('sandbox.status', 'not json');

    expect(listener).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('closes the EventSource after the last unsubscribe', () => {
    const bridge = createBridgeWithFakeEvents();
    const unsubscribeSettings = bridge.subscribe('settings.changed', () => {});
    const unsubscribeSandbox = bridge.subscribe('sandbox.status', () => {});
    const source = FakeEventSource.created[0];

    unsubscribeSettings();
    expect(source?.closed).toBe(false);
    unsubscribeSandbox();

    expect(source?.closed).toBe(true);
  });

  it('opens a new EventSource after closing the last one', () => {
    const bridge = createBridgeWithFakeEvents();
    bridge.subscribe('settings.changed', () => {})();
    const listener = vi.fn();

    bridge.subscribe('sandbox.status', listener);
    FakeEventSource.created[1]?.deliver('sandbox.status', JSON.stringify(makeAppInfo().sandbox));

    expect(FakeEventSource.created).toHaveLength(2);
    expect(listener).toHaveBeenCalledOnce();
  });
});
