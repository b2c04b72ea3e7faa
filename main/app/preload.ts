import { contextBridge, ipcRenderer } from 'electron';

import type { CallResult, PreloadApi } from '../../shared/contract';
import { ipcChannels } from '../../shared/contract/ipc-channels';

// The preload runs sandboxed, so it is bundled into one file and may import
// only 'electron' at run time. It imports the channel names from their own
// module, because shared/contract pulls in zod. The renderer gets `call` and
// `subscribe` and nothing else: no ipcRenderer, no Node API. Main checks every
// channel name and payload that passes through.

type Listener = (payload: unknown) => void;

const listeners = new Map<string, Set<Listener>>();
const latestPayloads = new Map<string, unknown>();

function isEventMessage(message: unknown): message is { event: string; payload: unknown } {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { event?: unknown }).event === 'string'
  );
}

function deliver(listener: Listener, event: string, payload: unknown): void {
  try {
    listener(payload);
  } catch (error) {
    // One failing listener must not keep the event from the others.
    console.error(`A listener for the event ${event} threw an error:`, error);
  }
}

ipcRenderer.on(ipcChannels.event, (_event, message: unknown) => {
  if (!isEventMessage(message)) return;
  latestPayloads.set(message.event, message.payload);
  for (const listener of [...(listeners.get(message.event) ?? [])]) {
    deliver(listener, message.event, message.payload);
  }
});

const api: PreloadApi = {
  call(channel: string, payload: unknown): Promise<CallResult> {
    return ipcRenderer.invoke(ipcChannels.call, channel, payload) as Promise<CallResult>;
  },

  /**
   * Adds a listener for one event and returns the function that removes it. A
   * new listener first receives the latest payload of its event, like
   * EventHub.subscribe in main, so a component that mounts after an event
   * still starts from the current state.
   */
  subscribe(event: string, listener: Listener): () => void {
    if (typeof event !== 'string')
      throw new TypeError('subscribe: the event name must be a string.');
    if (typeof listener !== 'function')
      throw new TypeError('subscribe: the listener must be a function.');

    let subscribers = listeners.get(event);
    if (!subscribers) {
      subscribers = new Set();
      listeners.set(event, subscribers);
    }
    subscribers.add(listener);
    if (latestPayloads.has(event)) deliver(listener, event, latestPayloads.get(event));

    return () => {
      subscribers.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('kubeflowDesktop', api);
