import ElectronStore from 'electron-store';

import type { AppStoreData } from '../store/app-store-schema';
import type { StoreFileFactory } from '../store/app-store';

/**
 * Opens the app store with electron-store in the Electron shell. It takes
 * conf's options and adds Electron's defaults; `cwd` stays the data folder
 * services.ts was given, so Node and Electron read the same file.
 */
export const openWithElectronStore: StoreFileFactory = (options) => {
  const { configName, ...rest } = options;
  return new ElectronStore<AppStoreData>({
    ...(rest as unknown as ConstructorParameters<typeof ElectronStore<AppStoreData>>[0]),
    name: configName,
  });
};
