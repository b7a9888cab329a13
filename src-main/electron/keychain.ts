import { safeStorage } from 'electron';
import type { SecretProtector } from '../core/security/secretProtector';

const SEALED = 'kc1:';

/**
 * Secrets at rest (the device key, the OPAQUE server setup) sealed by the OS keychain:
 * DPAPI on Windows, the Keychain on macOS, libsecret/kwallet on Linux. Values stored before a
 * keychain was available stay readable and are sealed the next time they are written.
 */
export function keychainProtector(): SecretProtector | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  return {
    kind: 'os-keychain',
    seal: (plain) => SEALED + safeStorage.encryptString(plain).toString('base64'),
    open: (stored) =>
      stored.startsWith(SEALED)
        ? safeStorage.decryptString(Buffer.from(stored.slice(SEALED.length), 'base64'))
        : stored,
  };
}
