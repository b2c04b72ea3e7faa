import { useEffect } from 'react';

import { useStores } from './stores-context';

/** Subscribes the stores to main's events, then loads their first state. Unmounting unsubscribes. */
export function useStoreLifecycle(): void {
  const { app, contexts } = useStores();

  useEffect(() => {
    // Subscribing before loading means no event sent during the first load is lost.
    const disconnectApp = app.getState().connectEvents();
    const disconnectContexts = contexts.getState().connectEvents();
    void app.getState().load();
    void contexts.getState().load();

    return () => {
      disconnectApp();
      disconnectContexts();
    };
  }, [app, contexts]);
}
