import type { Bridge, PreloadApi } from '../../shared/contract';
import { createElectronBridge } from './electron-bridge';
import { createWebBridge } from './web-bridge';

declare global {
  interface Window {
    /** API set by the Electron preload, absent when a browser loads the app from the web bridge. */
    kubeflowDesktop?: PreloadApi;
  }
}

/** Creates the bridge for the shell the renderer runs in: Electron when the preload API exists, else the web bridge. */
export function createBridge(): Bridge {
  const preload = window.kubeflowDesktop;
  return preload ? createElectronBridge(preload) : createWebBridge();
}
