// Electron is stubbed: no Electron binary can be downloaded on these
// machines, so safeStorage cannot run here. The stub records what the vault
// passes to safeStorage and returns what each test sets.
import { randomBytes } from 'node:crypto';

import { beforeEach, describe, expect, it, vi } from 'vitest';

const safeStorage = vi.hoisted(() => ({
  isEncryptionAvailable: vi.fn(() => true),
  getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
  encryptString: vi.fn((plain: string) => Buffer.from(`sealed:${plain}`)),
  decryptString: vi.fn((data: Buffer) => data.toString('utf8').replace(/^sealed:/, '')),
}));

vi.mock('electron', () => ({ safeStorage }));

import { createSafeStorageVault } from './safe-storage-vault';

beforeEach(() => {
  safeStorage.isEncryptionAvailable.mockReturnValue(true);
  safeStorage.getSelectedStorageBackend.mockReturnValue('gnome_libsecret');
});

describe('createSafeStorageVault', () => {
  it('is available with a keychain', () => {
    expect(createSafeStorageVault('linux').available()).toBe(true);
  });

  it('is unavailable without encryption', () => {
    safeStorage.isEncryptionAvailable.mockReturnValue(false);

    expect(createSafeStorageVault('darwin').available()).toBe(false);
  });

  it.each(['basic_text', 'unknown'])('rejects the %s backend on Linux', (backend) => {
    safeStorage.getSelectedStorageBackend.mockReturnValue(backend);

    expect(createSafeStorageVault('linux').available()).toBe(false);
  });

  it('ignores the backend elsewhere', () => {
    safeStorage.getSelectedStorageBackend.mockReturnValue('unknown');

    expect(createSafeStorageVault('win32').available()).toBe(true);
  });

  it('encrypts through safeStorage', () => {
    const secret = randomBytes(16).toString('hex');

    const sealed = createSafeStorageVault('linux').encrypt(secret);

    expect(safeStorage.encryptString).toHaveBeenLastCalledWith(secret);
    expect(sealed).toEqual(Buffer.from(`sealed:${secret}`));
  });

  it('decrypts through safeStorage', () => {
    const secret = randomBytes(16).toString('hex');
    const sealed = Buffer.from(`sealed:${secret}`);

    const plain = createSafeStorageVault('linux').decrypt(sealed);

    expect(safeStorage.decryptString).toHaveBeenLastCalledWith(sealed);
    expect(plain).toBe(secret);
  });
});
