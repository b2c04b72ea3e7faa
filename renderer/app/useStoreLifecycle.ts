import { useEffect } from 'react';

import { useStores } from './stores-context';

/** Subscribes the stores to main's events, then loads their first state. Unmounting unsubscribes. */
export function useStoreLifecycle(): void {
  const { app, contexts, checks } = useStores();

  useEffect(() => {
    // Subscribing before loading means no event sent during the first load is lost.
    const disconnectApp = app.getState().connectEvents();
    const disconnectContexts = contexts.getState().connectEvents();
    const disconnectChecks = checks.getState().connectEvents();
    void app.getState().load();
    void Promise.all([contexts.getState().load(), checks.getState().load()]).then(() => {
      // Main checks a context when it becomes active, but at startup that check
      // may not have been saved yet when this window loads. An active context
      // with no saved check is checked here. Main joins this request to a check
      // of the same context that is already running.
      const activeId = contexts.getState().activeId;
      if (activeId && !checks.getState().checks[activeId]) void checks.getState().check(activeId);
    });

    return () => {
      disconnectApp();
      disconnectContexts();
      disconnectChecks();
    };
  }, [app, contexts, checks]);
}
