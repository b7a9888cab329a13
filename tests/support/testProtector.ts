import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretProtector } from '../../src-main/core/security/secretProtector';

/**
 * A secret protector that really seals, as the OS keychain does in the desktop app (AES-256-GCM
 * with a key that lives only in this process), for tests that check nothing secret reaches disk.
 */
export function sealingProtector(): SecretProtector {
  const key = randomBytes(32);
  return {
    kind: 'os-keychain',
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
    },
    open(sealed) {
      const bytes = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
