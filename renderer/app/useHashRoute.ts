import { useEffect, useSyncExternalStore } from 'react';

import { defaultRoute, parseRouteHash, routeHref, type RouteId } from './routes';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function readHash(): string {
  return window.location.hash;
}

/** Returns the route in the location hash and replaces an empty or unknown hash with the default route. */
export function useHashRoute(): RouteId {
  const hash = useSyncExternalStore(subscribe, readHash);
  const route = parseRouteHash(hash);

  useEffect(() => {
    // replaceState keeps the unknown address out of the back-button history.
    if (route === null) window.history.replaceState(null, '', routeHref(defaultRoute));
  }, [route]);

  return route ?? defaultRoute;
}
