import { useEffect, useState } from 'react';

import type { LastKnown } from '../../shared/contract/areas/snapshots';
import { useStores } from '../app/stores-context';

/**
 * Returns what the app last read about an instance from its cluster (spec,
 * status, access lists, matrix, each null when never read) with its time, for
 * a screen to show while the instance's context is offline. Undefined while
 * loading, null when the app never read the instance. Reloads after
 * 'snapshots.changed' for the instance, because taking a snapshot saves it.
 */
export function useLastKnown(instanceKey: string | null): LastKnown | null | undefined {
  const { bridge, errors } = useStores();
  const [loaded, setLoaded] = useState<{ key: string; value: LastKnown | null } | null>(null);

  useEffect(() => {
    if (!instanceKey) return;
    let current = true;
    const load = () =>
      bridge.call('snapshots.lastKnown', { instanceKey }).then(
        (value) => current && setLoaded({ key: instanceKey, value }),
        (error: unknown) => errors.getState().report(error),
      );
    void load();
    const unsubscribe = bridge.subscribe('snapshots.changed', (changed) => {
      if (changed.instanceKey === null || changed.instanceKey === instanceKey) void load();
    });
    return () => {
      current = false;
      unsubscribe();
    };
  }, [bridge, errors, instanceKey]);

  if (!instanceKey) return null;
  return loaded?.key === instanceKey ? loaded.value : undefined;
}
