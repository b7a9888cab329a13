import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { DesktopDatabase } from '../db/desktopDatabase';
import type { SecretProtector } from '../security/secretProtector';

/** RS-1: the device's Ed25519 key pair, made once; the cloud endpoint knows only the public half. */
export class DeviceKeys {
  readonly publicKeyPem: string;
  readonly #privateKey: KeyObject;

  constructor(
    private readonly db: DesktopDatabase,
    protector: SecretProtector,
  ) {
    const row = db.prepare('SELECT public_key, private_key FROM device_keys WHERE singleton = 1').get() as
      { public_key: string; private_key: string } | undefined;
    if (row) {
      this.publicKeyPem = row.public_key;
      this.#privateKey = createPrivateKey(protector.open(row.private_key));
      return;
    }
    const pair = generateKeyPairSync('ed25519');
    this.publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.#privateKey = pair.privateKey;
    const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    db.prepare('INSERT INTO device_keys (singleton, public_key, private_key) VALUES (1, ?, ?)').run(
      this.publicKeyPem,
      protector.seal(privatePem),
    );
  }

  /** A base64url Ed25519 signature over `payload`. */
  sign(payload: string): string {
    return sign(null, Buffer.from(payload), this.#privateKey).toString('base64url');
  }

  registeredWith(): string | null {
    const row = this.db.prepare('SELECT registered_with FROM device_keys WHERE singleton = 1').get() as {
      registered_with: string | null;
    };
    return row.registered_with;
  }

  markRegistered(cloudUrl: string): void {
    this.db.prepare('UPDATE device_keys SET registered_with = ? WHERE singleton = 1').run(cloudUrl);
  }
}
