import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import ipaddr from 'ipaddr.js';
import { SecretKeyError } from './secretBox';

/**
 * Where the key that seals secrets at rest comes from, in order: `TANDEM_SECRET_KEY` (base64 of
 * 32 random bytes), or a file named by `--secret-key-file` / `TANDEM_SECRET_KEY_FILE` holding
 * the same, readable by the endpoint's user only. Neither is kept beside the database.
 *
 * With neither, an endpoint that listens on loopback only (the desktop's embedded one, tests, a
 * first try) generates a key into `secret-key` (0600) in its data folder: that keeps the
 * secrets out of a copied or dumped database file, though not from whoever can read the whole
 * folder. An endpoint that listens beyond loopback refuses to start without a key.
 */
export const LOCAL_KEY_FILE = 'secret-key';
export const SECRET_KEY_HINT = 'Generate one with: openssl rand -base64 32';

export function parseSecretKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) {
    throw new SecretKeyError(
      'secret_key_invalid',
      `${source} must be 32 random bytes in base64 (44 characters); it is ${key.length ? `${key.length} bytes` : 'not base64'}. ${SECRET_KEY_HINT}`,
    );
  }
  return key;
}

/** A key file must be the endpoint user's alone: a key anyone may read protects nothing. */
export function readSecretKeyFile(path: string): Buffer {
  let text: string;
  try {
    if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
      throw new SecretKeyError(
        'secret_key_invalid',
        `The secret key file ${path} is readable by other users: chmod 600 it (and keep it off the database's backups).`,
      );
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof SecretKeyError) throw error;
    throw new SecretKeyError(
      'secret_key_invalid',
      `The secret key file ${path} cannot be read: ${(error as Error).message}`,
    );
  }
  return parseSecretKey(text, `The secret key file ${path}`);
}

/** The operator's key from the environment or a file, or undefined when they gave none. */
export function operatorSecretKey(given: {
  value?: string | undefined;
  file?: string | undefined;
}): Buffer | undefined {
  if (given.value && given.file) {
    throw new SecretKeyError(
      'secret_key_invalid',
      'Give the secret key once: TANDEM_SECRET_KEY or --secret-key-file (TANDEM_SECRET_KEY_FILE), not both.',
    );
  }
  if (given.value) return parseSecretKey(given.value, 'TANDEM_SECRET_KEY');
  if (given.file) return readSecretKeyFile(given.file);
  return undefined;
}

/**
 * The generated key of a loopback-only endpoint. A folder whose secrets are sealed already but
 * whose key file is gone gets no new key: that would only hide the loss.
 */
export function localSecretKey(dataDir: string, sealedAlready: boolean): Buffer {
  const path = join(dataDir, LOCAL_KEY_FILE);
  if (existsSync(path)) return readSecretKeyFile(path);
  if (sealedAlready) {
    throw new SecretKeyError(
      'secret_key_required',
      `The secrets in ${dataDir} are sealed, but its ${LOCAL_KEY_FILE} file is gone: restore it, or start with the key in TANDEM_SECRET_KEY or --secret-key-file.`,
    );
  }
  writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return readSecretKeyFile(path);
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  return isIP(bare) !== 0 && ipaddr.process(bare).range() === 'loopback';
}

export function requireKeyBeyondLoopback(host: string, key: Buffer | undefined): void {
  if (key || isLoopbackHost(host)) return;
  throw new SecretKeyError(
    'secret_key_required',
    `An endpoint listening on ${host} seals its stored secrets with a key of the operator's: set TANDEM_SECRET_KEY (base64 of 32 bytes) or --secret-key-file FILE (mode 600, not beside the database). ${SECRET_KEY_HINT}`,
  );
}
