import { createContext, useContext } from 'react';

import type { Bridge } from '../../shared/contract';
import type { CheckStore } from '../kube/useCheckStore';
import type { ContextStore } from '../kube/useContextStore';
import type { AppStore } from './useAppStore';
import type { ErrorStore } from './useErrorStore';

/** The renderer's stores and the bridge they call, created once per window. */
export interface Stores {
  bridge: Bridge;
  app: AppStore;
  contexts: ContextStore;
  checks: CheckStore;
  errors: ErrorStore;
}

export const StoresContext = createContext<Stores | null>(null);

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores must be called inside <StoresContext.Provider>.');
  return stores;
}
