import type { Bridge, EventChannel, EventOf, RequestChannel } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { parseEventPayload, unwrapCallResult } from './validate';

export const callPath = '/api/call';
export const eventsPath = '/api/events';

export interface WebBridgeOptions {
  /** Creates the event stream. Tests pass a fake because jsdom has no EventSource. */
  createEventSource?: (url: string) => EventSource;
}

/**
 * Creates the bridge client for the web bridge that main serves on 127.0.0.1.
 * Calls are POSTs that return a CallResult with HTTP 200 for both outcomes.
 * Events arrive on one server-sent event stream, whose `event:` field is the
 * contract's event channel. EventSource reconnects on its own.
 */
export function createWebBridge(options: WebBridgeOptions = {}): Bridge {
  const createEventSource = options.createEventSource ?? ((url) => new EventSource(url));
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;

  function dispatchEvent(event: EventChannel, message: MessageEvent): void {
    let payload: unknown;
    try {
      payload = JSON.parse(String(message.data));
    } catch {
      console.warn(`Dropped a ${event} event whose data is not JSON.`);
      return;
    }

    const parsed = parseEventPayload(event, payload);
    if (parsed === undefined) return;
    for (const listener of listeners.get(event) ?? []) listener(parsed);
  }

  function addChannel(event: EventChannel): Set<(payload: unknown) => void> {
    source ??= createEventSource(eventsPath);
    const channelListeners = new Set<(payload: unknown) => void>();
    listeners.set(event, channelListeners);
    source.addEventListener(event, (message) => dispatchEvent(event, message as MessageEvent));
    return channelListeners;
  }

  return {
    async call<C extends RequestChannel>(channel: C, payload: unknown) {
      const response = await post(channel, payload);
      return unwrapCallResult(channel, await readJson(channel, response));
    },

    subscribe<E extends EventChannel>(event: E, listener: (payload: EventOf<E>) => void) {
      const channelListeners = listeners.get(event) ?? addChannel(event);
      const untyped = listener as (payload: unknown) => void;
      channelListeners.add(untyped);

      return () => {
        channelListeners.delete(untyped);
        const remaining = [...listeners.values()].some((set) => set.size > 0);
        if (!remaining && source) {
          // Closing the stream when no listener remains keeps a finished view
          // from holding a connection to main open.
          source.close();
          source = null;
          listeners.clear();
        }
      };
    },
  };
}

async function post(channel: RequestChannel, payload: unknown): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(callPath, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel, payload }),
    });
  } catch (error) {
    throw new AppError(
      'unavailable',
      'bridgeUnavailable',
      `The web bridge could not be reached for ${channel}: ${String(error)}`,
    );
  }

  if (response.status === 401) {
    throw new AppError(
      'unauthorized',
      'sessionExpired',
      `The web bridge rejected ${channel} with HTTP 401 because this browser has no session cookie.`,
    );
  }
  if (!response.ok) {
    const status = String(response.status);
    throw new AppError(
      'unavailable',
      'bridgeHttpStatus',
      `The web bridge returned HTTP ${status} for ${channel}.`,
      { channel, status },
    );
  }
  return response;
}

async function readJson(channel: RequestChannel, response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch (error) {
    throw new AppError(
      'internal',
      'bridgeInvalidResponse',
      `The web bridge response to ${channel} is not JSON: ${String(error)}`,
      { channel },
    );
  }
}
