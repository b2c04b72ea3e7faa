import { safeStorage } from 'electron';

import type { CredentialVault } from '../kube/credential-vault';

/**
 * Linux backends whose key is a constant built into Chromium: data they
 * encrypt can be decrypted on any machine, so they count as no vault.
 */
const weakLinuxBackends = new Set(['basic_text', 'unknown']);

/**
 * Creates a vault on Electron's safeStorage, which keeps its key in the
 * macOS Keychain, Windows DPAPI, or the Secret Service or KWallet on Linux.
 * Call it after the app's ready event, because safeStorage is not usable before.
 */
export function createSafeStorageVault(
  platform: NodeJS.Platform = process.platform,
): CredentialVault {
  return {
    available() {
      if (!safeStorage.isEncryptionAvailable()) return false;
      if (platform !== 'linux') return true;
      return !weakLinuxBackends.has(safeStorage.getSelectedStorageBackend());
    },
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  };
}
