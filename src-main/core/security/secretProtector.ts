/**
 * Seals secrets at rest. The Electron shell provides one backed by the OS keychain
 * (`safeStorage`); browser mode, for development, keeps them as they are in a data folder only
 * its user can read.
 */
export interface SecretProtector {
  readonly kind: 'os-keychain' | 'none';
  seal(plain: string): string;
  open(sealed: string): string;
}

export const noProtection: SecretProtector = {
  kind: 'none',
  seal: (plain) => plain,
  open: (sealed) => sealed,
};
