import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { ServerDatabase } from '../db/serverDatabase';

export interface DeviceRecord {
  deviceId: string;
  publicKey: string;
  platform: string;
  name: string;
  appVersion?: string | undefined;
}

export type RegistrationOutcome = 'created' | 'unchanged' | 'id_taken';

/** Devices and the Ed25519 keys they prove themselves with (RS-1). */
export class DeviceStore {
  readonly #keys = new Map<string, KeyObject>();
  #sweptAt = 0;

  /** `instanceId`: the endpoint identity device requests are signed for (their audience), one per database. */
  constructor(
    private readonly db: ServerDatabase,
    readonly instanceId: string,
  ) {}

  register(device: DeviceRecord, now = new Date()): RegistrationOutcome {
    const existing = this.db.prepare('SELECT public_key FROM devices WHERE device_id = ?').get(device.deviceId) as
      { public_key: string } | undefined;
    if (existing) {
      if (existing.public_key !== device.publicKey) return 'id_taken';
      this.db
        .prepare('UPDATE devices SET platform = ?, name = ?, app_version = ? WHERE device_id = ?')
        .run(device.platform, device.name, device.appVersion ?? null, device.deviceId);
      return 'unchanged';
    }
    this.db
      .prepare(
        'INSERT INTO devices (device_id, public_key, platform, name, app_version, registered_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        device.deviceId,
        device.publicKey,
        device.platform,
        device.name,
        device.appVersion ?? null,
        now.toISOString(),
      );
    return 'created';
  }

  /** The company an administrator added this device to, or null. */
  companyOf(deviceId: string): string | null {
    const row = this.db.prepare('SELECT company_id FROM devices WHERE device_id = ?').get(deviceId) as
      { company_id: string | null } | undefined;
    return row?.company_id ?? null;
  }

  exists(deviceId: string): boolean {
    return this.db.prepare('SELECT 1 FROM devices WHERE device_id = ?').get(deviceId) !== undefined;
  }

  touch(deviceId: string, now = new Date()): void {
    this.db.prepare('UPDATE devices SET last_seen_at = ? WHERE device_id = ?').run(now.toISOString(), deviceId);
  }

  /**
   * Records the nonce of an accepted signed request: true the first time, false for a replay.
   * Kept in the database (not in memory) so a restart, or another process on the same database,
   * still refuses it; a nonce is forgotten once its timestamp can no longer be accepted.
   */
  claimRequestNonce(nonce: string, deviceId: string, now: number, windowMs: number): boolean {
    if (now - this.#sweptAt > windowMs) {
      this.db.prepare('DELETE FROM device_request_nonces WHERE expires_at < ?').run(now);
      this.#sweptAt = now;
    }
    return (
      this.db
        .prepare('INSERT OR IGNORE INTO device_request_nonces (nonce, device_id, expires_at) VALUES (?, ?, ?)')
        .run(nonce, deviceId, now + 2 * windowMs).changes === 1
    );
  }

  /** True when `signature` (base64url) is the device's Ed25519 signature over `payload`. */
  verify(deviceId: string, payload: string, signature: string): boolean {
    const key = this.#publicKey(deviceId);
    if (!key) return false;
    try {
      return verify(null, Buffer.from(payload), key, Buffer.from(signature, 'base64url'));
    } catch {
      return false;
    }
  }

  #publicKey(deviceId: string): KeyObject | null {
    const cached = this.#keys.get(deviceId);
    if (cached) return cached;
    const row = this.db.prepare('SELECT public_key FROM devices WHERE device_id = ?').get(deviceId) as
      { public_key: string } | undefined;
    if (!row) return null;
    const key = createPublicKey(row.public_key);
    this.#keys.set(deviceId, key);
    return key;
  }
}

/** Refuses anything but an Ed25519 public key in SPKI PEM. */
export function isEd25519PublicKey(pem: string): boolean {
  try {
    return createPublicKey(pem).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}
