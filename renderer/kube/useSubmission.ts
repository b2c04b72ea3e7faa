import { useState } from 'react';

import type { AppError } from '../../shared/errors';

/**
 * Runs a dialog's action: `busy` while it runs, and the AppError it threw in
 * `error`, so the dialog can show main's message beside the user's input.
 */
export function useSubmission() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  async function run(action: () => Promise<void>): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught as AppError);
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, setError, run };
}
