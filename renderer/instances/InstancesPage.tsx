import { useEffect, useSyncExternalStore } from 'react';

import { CreateWizard } from './wizard/CreateWizard';
import { InstanceDetailPage } from './detail/InstanceDetailPage';
import { InstanceListView } from './InstanceListView';
import { parseInstanceRoute } from './instance-route';
import { useInstanceStoreApi } from './useInstanceStore';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The Instances screen: the list, the creation wizard, or one instance, by location hash. */
export function InstancesPage() {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const route = parseInstanceRoute(hash);
  const store = useInstanceStoreApi();

  useEffect(() => {
    const disconnect = store.getState().connectEvents();
    void store.getState().load();
    return disconnect;
  }, [store]);

  switch (route.view) {
    case 'list':
      return <InstanceListView />;
    case 'create':
      return <CreateWizard />;
    case 'detail':
      return <InstanceDetailPage key={route.key} instanceKey={route.key} />;
  }
}
