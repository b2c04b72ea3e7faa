import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';

import type { AppError } from '../../shared/errors';
import { useStores } from './stores-context';
import { toAppError } from './to-app-error';

export interface ReportedError {
  id: number;
  error: AppError;
}

export interface ErrorState {
  /** Errors waiting to be shown, oldest first. The snackbar shows the first one. */
  queue: ReportedError[];
  report(error: unknown): void;
  dismiss(id: number): void;
}

export type ErrorStore = StoreApi<ErrorState>;

/** Creates the queue of call errors that the snackbar shows one at a time. */
export function createErrorStore(): ErrorStore {
  let nextId = 1;

  return createStore<ErrorState>()((set) => ({
    queue: [],

    report(error) {
      const appError = toAppError(error);
      console.warn(`[${appError.kind}] ${appError.code}: ${appError.message}`);
      set((state) => {
        // The same failure reported twice in a row (say by a retry) would only
        // make the user close the same message again.
        const duplicate = state.queue.some(
          (entry) => entry.error.code === appError.code && entry.error.message === appError.message,
        );
        if (duplicate) return state;
        return { queue: [...state.queue, { id: nextId++, error: appError }] };
      });
    },

    dismiss(id) {
      set((state) => ({ queue: state.queue.filter((entry) => entry.id !== id) }));
    },
  }));
}

export function useErrorStore<T>(selector: (state: ErrorState) => T): T {
  return useStore(useStores().errors, selector);
}
