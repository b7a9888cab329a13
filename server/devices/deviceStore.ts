import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { EndpointDb } from '../db/endpointDb';

export interface DeviceRecord {
  deviceId: string;
  publicKey: string;
  platform: string;
  name: string;
  appVersion?: string | undefined;
}

export type RegistrationOutcome = 'created' | 'unchanged' | 'id_taken';

/** How often a device's "last seen" is written at most: the hub sees it on every socket. */
const TOUCH_EVERY_MS = 60_000;

/** Devices and the Ed25519 keys they prove themselves with (RS-1). */
export class DeviceStore {
  /** A device's key never changes (another key for its ID is refused), so it is read once per process. */
  readonly #keys = new Map<string, KeyObject>();
  readonly #touchedAt = new Map<string, number>();
  #sweptAt = 0;

  /** `instanceId`: the endpoint identity device requests are signed for (their audience), one per database. */
  constructor(
    private readonly db: EndpointDb,
    readonly instanceId: string,
  ) {}

  /**
   * A new device is inserted, one registering again updates what it says about itself; another
   * key for a taken ID is refused. Two instances registering the same new ID at once: one inserts,
   * the other finds its row and compares keys.
   */
  async register(device: DeviceRecord, now = new Date()): Promise<RegistrationOutcome> {
    const details = { platform: device.platform, name: device.name, app_version: device.appVersion ?? null };
    const inserted = await this.db.query
      .insertInto('devices')
      .values({
        device_id: device.deviceId,
        public_key: device.publicKey,
        registered_at: now.toISOString(),
        ...details,
      })
      .onConflict((conflict) => conflict.column('device_id').doNothing())
      .returning('device_id')
      .executeTakeFirst();
    if (inserted) return 'created';
    const updated = await this.db.query
      .updateTable('devices')
      .set(details)
      .where('device_id', '=', device.deviceId)
      .where('public_key', '=', device.publicKey)
      .executeTakeFirst();
    return updated.numUpdatedRows === 1n ? 'unchanged' : 'id_taken';
  }

  /** What the device says about unattended access (a permanent password set or not). */
  async setUnattended(deviceId: string, unattended: boolean): Promise<void> {
    await this.db.query
      .updateTable('devices')
      .set({ unattended: unattended ? 1 : 0 })
      .where('device_id', '=', deviceId)
      .execute();
  }

  /** The company an administrator added this device to, or null. */
  async companyOf(deviceId: string): Promise<string | null> {
    const row = await this.db.query
      .selectFrom('devices')
      .select('company_id')
      .where('device_id', '=', deviceId)
      .executeTakeFirst();
    return row?.company_id ?? null;
  }

  /** Records that the device was online; at most once a minute per device and instance. */
  async touch(deviceId: string, now = new Date()): Promise<void> {
    const last = this.#touchedAt.get(deviceId);
    if (last !== undefined && now.getTime() - last < TOUCH_EVERY_MS) return;
    this.#touchedAt.set(deviceId, now.getTime());
    await this.db.query
      .updateTable('devices')
      .set({ last_seen_at: now.toISOString() })
      .where('device_id', '=', deviceId)
      .execute();
  }

  /**
   * Records the nonce of an accepted signed request: true the first time, false for a replay.
   * Kept in the database (not in memory) so a restart, or another instance on the same database,
   * still refuses it: one insert, which only one of several racing for the nonce makes. A nonce is
   * forgotten once its timestamp can no longer be accepted.
   */
  async claimRequestNonce(nonce: string, deviceId: string, now: number, windowMs: number): Promise<boolean> {
    if (now - this.#sweptAt > windowMs) {
      this.#sweptAt = now;
      await this.db.query.deleteFrom('device_request_nonces').where('expires_at', '<', now).execute();
    }
    const claimed = await this.db.query
      .insertInto('device_request_nonces')
      .values({ nonce, device_id: deviceId, expires_at: now + 2 * windowMs })
      .onConflict((conflict) => conflict.column('nonce').doNothing())
      .returning('nonce')
      .executeTakeFirst();
    return claimed !== undefined;
  }

  /** True when `signature` (base64url) is the device's Ed25519 signature over `payload`. */
  async verify(deviceId: string, payload: string, signature: string): Promise<boolean> {
    const key = await this.#publicKey(deviceId);
    if (!key) return false;
    try {
      return verify(null, Buffer.from(payload), key, Buffer.from(signature, 'base64url'));
    } catch {
      return false;
    }
  }

  async #publicKey(deviceId: string): Promise<KeyObject | null> {
    const cached = this.#keys.get(deviceId);
    if (cached) return cached;
    const row = await this.db.query
      .selectFrom('devices')
      .select('public_key')
      .where('device_id', '=', deviceId)
      .executeTakeFirst();
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
