import type { Bridge } from '../../shared/contract';
import { createCheckStore } from '../kube/useCheckStore';
import { createContextStore } from '../kube/useContextStore';
import type { Stores } from './stores-context';
import { createAppStore } from './useAppStore';
import { createErrorStore } from './useErrorStore';

/** Creates every store over one bridge. Tests pass a fake bridge here. */
export function createStores(bridge: Bridge): Stores {
  const errors = createErrorStore();
  const report = (error: unknown) => errors.getState().report(error);

  return {
    bridge,
    errors,
    app: createAppStore(bridge, report),
    contexts: createContextStore(bridge, report),
    checks: createCheckStore(bridge, report),
  };
}
