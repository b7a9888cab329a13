import { randomInt } from 'node:crypto';
import type { DeviceIdentity } from '../../../src-shared/domain/device';
import type { DesktopDatabase } from '../db/desktopDatabase';

/** No 0/O, 1/l/I: a password read out over the phone must not be ambiguous. */
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const DEFAULT_PASSWORD_LENGTH = 8;

export function generateDeviceId(): string {
  return String(randomInt(100_000_000, 1_000_000_000));
}

/** Whether a typed password can be a one-time password at all: only its alphabet makes one. */
export function couldBeOneTimePassword(password: string): boolean {
  return [...password].every((char) => PASSWORD_ALPHABET.includes(char));
}

export function generateOneTimePassword(length = DEFAULT_PASSWORD_LENGTH): string {
  let password = '';
  for (let i = 0; i < length; i++) password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return password;
}

/**
 * RS-1: the device ID is made once and kept in the database; the one-time password lives only
 * in memory and is replaced at every start, after every session and on demand.
 */
export class DeviceIdentityService {
  #deviceId: string;
  #oneTimePassword: string;
  #rotatedAt = new Date();

  constructor(
    private readonly db: DesktopDatabase,
    now: () => Date = () => new Date(),
    private readonly passwordLength: () => number = () => DEFAULT_PASSWORD_LENGTH,
  ) {
    this.#oneTimePassword = generateOneTimePassword(passwordLength());
    const row = db.prepare('SELECT device_id FROM device WHERE singleton = 1').get() as
      { device_id: string } | undefined;
    if (row) {
      this.#deviceId = row.device_id;
    } else {
      this.#deviceId = generateDeviceId();
      db.prepare('INSERT INTO device (singleton, device_id, created_at) VALUES (1, ?, ?)').run(
        this.#deviceId,
        now().toISOString(),
      );
    }
    this.#rotatedAt = now();
  }

  get deviceId(): string {
    return this.#deviceId;
  }

  /** Only before the first registration: the cloud endpoint said another device holds this ID. */
  chooseAnotherId(): string {
    this.#deviceId = generateDeviceId();
    this.db.prepare('UPDATE device SET device_id = ? WHERE singleton = 1').run(this.#deviceId);
    return this.#deviceId;
  }

  current(): DeviceIdentity {
    return {
      deviceId: this.#deviceId,
      oneTimePassword: this.#oneTimePassword,
      passwordRotatedAt: this.#rotatedAt.toISOString(),
    };
  }

  rotatePassword(now = new Date()): DeviceIdentity {
    this.#oneTimePassword = generateOneTimePassword(this.passwordLength());
    this.#rotatedAt = now;
    return this.current();
  }
}
