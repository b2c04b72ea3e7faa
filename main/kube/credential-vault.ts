/**
 * Encrypts credentials at rest with a key the operating system keeps (the
 * keychain, DPAPI or the Secret Service), so a file copied off the machine
 * reveals nothing. Only main/app/ can offer one, because it needs Electron;
 * the web bridge and the command line run without.
 */
export interface CredentialVault {
  /** Whether encrypt and decrypt work now; false when no OS key store is reachable. */
  available(): boolean;
  encrypt(plain: string): Buffer;
  /** Raises when the data was encrypted with another key or was changed. */
  decrypt(data: Buffer): string;
}
