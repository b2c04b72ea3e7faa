import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';

import type { CallResult } from '../../shared/contract';
import { ipcChannels } from '../../shared/contract/ipc-channels';
import { AppError } from '../../shared/errors';
import type { EventHub, EventListener } from '../ipc/event-hub';
import type { Router } from '../ipc/router';
import type { Logger } from '../log';
import { isRendererUrl, urlForLog } from './window';

export interface IpcBridgeOptions {
  router: Router;
  hub: EventHub;
  /** file:// URL of the renderer's index.html. Calls from any other page are rejected. */
  rendererUrl: string;
  log: Logger;
}

export interface IpcBridge {
  /** Trusts calls from the window's main frame and forwards hub events to it until it closes. */
  attachWindow(window: BrowserWindow): void;
  /** Removes the IPC handler and stops forwarding events to every window. */
  dispose(): void;
}

interface AttachedWindow {
  /** Stops forwarding hub events, or null before the first page load. */
  unsubscribe: (() => void) | null;
}

// The first rejected calls are all logged, then only every hundredth, so a
// hostile page that keeps calling cannot flood the log.
const rejectionLogBurst = 10;
const rejectionLogInterval = 100;
const maxLoggedChannelLength = 100;

/**
 * Connects the preload's `call` to the router and the event hub to the
 * preload's `subscribe`. Only the main frame of a window passed to
 * `attachWindow`, showing the renderer file, may call: Electron delivers IPC
 * from every frame of a page, including subframes, so each call's sender is
 * checked before it reaches the router.
 */
export function installIpcBridge(options: IpcBridgeOptions): IpcBridge {
  const { router, hub, rendererUrl, log } = options;
  const windows = new Map<number, AttachedWindow>();
  let rejectedCalls = 0;

  function findUntrustedReason(event: IpcMainInvokeEvent): string | null {
    const frame = event.senderFrame;
    if (!frame) return 'the sending frame was destroyed or navigated away';
    if (!windows.has(event.sender.id)) return 'the sender is not a window this app created';
    if (frame.parent !== null) return 'the sender is a subframe, not the main frame';
    const mainFrame = event.sender.mainFrame;
    if (frame.processId !== mainFrame.processId || frame.routingId !== mainFrame.routingId) {
      return 'the sender is not the main frame of its window';
    }
    if (!isRendererUrl(frame.url, rendererUrl)) return 'the sender is not showing the app renderer';
    return null;
  }

  function reject(event: IpcMainInvokeEvent, channel: unknown, reason: string): CallResult {
    rejectedCalls += 1;
    const name =
      typeof channel === 'string' ? channel.slice(0, maxLoggedChannelLength) : typeof channel;
    if (rejectedCalls <= rejectionLogBurst || rejectedCalls % rejectionLogInterval === 0) {
      log.warn('rejected a call from an untrusted sender', {
        channel: name,
        reason,
        senderUrl: event.senderFrame ? urlForLog(event.senderFrame.url) : null,
        rejectedCalls,
      });
    }
    const error = new AppError(
      'forbidden',
      'internal',
      `Rejected the call to ${name}: ${reason}.`,
      { channel: name },
    );
    return { ok: false, error: error.toShape() };
  }

  ipcMain.handle(
    ipcChannels.call,
    async (event, channel: unknown, payload: unknown): Promise<CallResult> => {
      const reason = findUntrustedReason(event);
      if (reason !== null) return reject(event, channel, reason);
      return router.dispatch(channel, payload);
    },
  );

  function attachWindow(window: BrowserWindow): void {
    const contents = window.webContents;
    // Keep the id, because the WebContents is destroyed by the time 'closed' fires.
    const id = contents.id;
    const attached: AttachedWindow = { unsubscribe: null };
    windows.set(id, attached);

    const forward: EventListener = (event, payload) => {
      if (contents.isDestroyed()) return;
      // Navigation away from the renderer is blocked, and this check keeps
      // events from any other page even if that block ever fails.
      if (!isRendererUrl(contents.getURL(), rendererUrl)) return;
      contents.send(ipcChannels.event, { event, payload });
    };

    // Every page load starts a fresh preload with no listeners, so the
    // subscription is renewed on each load. EventHub replays the latest
    // payload of every event, which brings the new page up to date.
    contents.on('dom-ready', () => {
      attached.unsubscribe?.();
      attached.unsubscribe = hub.subscribe(forward);
    });

    window.once('closed', () => {
      attached.unsubscribe?.();
      attached.unsubscribe = null;
      windows.delete(id);
    });
  }

  function dispose(): void {
    ipcMain.removeHandler(ipcChannels.call);
    for (const attached of windows.values()) attached.unsubscribe?.();
    windows.clear();
  }

  return { attachWindow, dispose };
}
