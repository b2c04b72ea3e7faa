import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';

import type { AppInfo, Bridge, SandboxStatus, Settings } from '../../shared/contract';
import { useStores } from './stores-context';

export interface AppState {
  info: AppInfo | null;
  settings: Settings | null;
  /** Starts as app.info's sandbox status and follows the 'sandbox.status' event. */
  sandbox: SandboxStatus | null;
  status: 'loading' | 'ready' | 'failed';
  load(): Promise<void>;
  /** Applies the change at once and reverts it when main rejects it. */
  updateSettings(change: Partial<Settings>): Promise<void>;
  /** Asks main to start the sandbox cluster again after it failed. */
  retrySandbox(): Promise<void>;
  /** Subscribes to main's events and returns the function that unsubscribes. */
  connectEvents(): () => void;
}

export type AppStore = StoreApi<AppState>;

export function createAppStore(bridge: Bridge, reportError: (error: unknown) => void): AppStore {
  return createStore<AppState>()((set, get) => ({
    info: null,
    settings: null,
    sandbox: null,
    status: 'loading',

    async load() {
      set({ status: 'loading' });
      try {
        const [info, settings] = await Promise.all([
          bridge.call('app.info', {}),
          bridge.call('settings.get', {}),
        ]);
        set({ info, settings, sandbox: get().sandbox ?? info.sandbox, status: 'ready' });
      } catch (error) {
        set({ status: 'failed' });
        reportError(error);
      }
    },

    async updateSettings(change) {
      const previous = get().settings;
      if (previous) set({ settings: { ...previous, ...change } });

      try {
        set({ settings: await bridge.call('settings.update', change) });
      } catch (error) {
        set({ settings: previous });
        reportError(error);
      }
    },

    async retrySandbox() {
      try {
        set({ sandbox: await bridge.call('sandbox.start', {}) });
      } catch (error) {
        reportError(error);
      }
    },

    connectEvents() {
      const unsubscribers = [
        bridge.subscribe('settings.changed', (settings) => set({ settings })),
        bridge.subscribe('sandbox.status', (sandbox) => set({ sandbox })),
      ];
      return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
    },
  }));
}

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useStores().app, selector);
}
