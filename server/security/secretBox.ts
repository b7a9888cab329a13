import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EndpointDb } from '../db/endpointDb';

/** Sealed values start with this, so a start can tell them from plaintext left by an older version. */
const SEALED = 'tsb1:';
const KEY_CHECK = 'tandem secret box key check';

export type SecretKeyProblem = 'secret_key_invalid' | 'secret_key_required' | 'secret_key_wrong' | 'secret_unreadable';

/** A problem with the key secrets are sealed with: a stable code and what the operator does about it. */
export class SecretKeyError extends Error {
  override readonly name = 'SecretKeyError';
  constructor(
    readonly code: SecretKeyProblem,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Secrets at rest (TOTP secrets, webhook signing secrets, connector passwords and tokens) are
 * sealed with AES-256-GCM under a key kept outside the database. Each value is bound to where
 * it belongs (`context`, e.g. `webhook:<id>`) as associated data, so a sealed value copied into
 * another row does not open there.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new SecretKeyError('secret_key_invalid', 'The secret key must be 32 bytes.');
    this.#key = Buffer.from(key);
  }

  static isSealed(value: string): boolean {
    return value.startsWith(SEALED);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv).setAAD(Buffer.from(context, 'utf8'));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${SEALED}${iv.toString('base64url')}.${sealed.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
  }

  open(value: string, context: string): string {
    const [iv, sealed, tag] = value.startsWith(SEALED) ? value.slice(SEALED.length).split('.') : [];
    if (iv === undefined || sealed === undefined || tag === undefined) {
      throw new SecretKeyError('secret_unreadable', `The stored secret of ${context} is not sealed.`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'))
        .setAAD(Buffer.from(context, 'utf8'))
        .setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretKeyError(
        'secret_unreadable',
        `The stored secret of ${context} does not open with this endpoint's secret key (a different key, or the value was altered).`,
      );
    }
  }
}

/**
 * Opens the database's secret box with `key`. The first start seals a known value with it; every
 * later start must open that value, so a wrong key stops the start with a clear error instead of
 * failing later on the first secret, or sealing new secrets under a second key. Instances starting
 * together on one database agree on the first key check: only one insert wins, all read it back.
 */
export async function openSecretBox(data: EndpointDb, key: Buffer, now = new Date()): Promise<SecretBox> {
  const box = new SecretBox(key);
  await data.query
    .insertInto('secret_box')
    .values({ singleton: 1, key_check: box.seal(KEY_CHECK, 'secret_box'), created_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('singleton').doNothing())
    .execute();
  const row = await data.query
    .selectFrom('secret_box')
    .select('key_check')
    .where('singleton', '=', 1)
    .executeTakeFirstOrThrow();
  let opened: string | null = null;
  try {
    opened = box.open(row.key_check, 'secret_box');
  } catch {
    // Reported below with what to do about it.
  }
  if (opened !== KEY_CHECK) {
    throw new SecretKeyError(
      'secret_key_wrong',
      'This secret key does not open the secrets in this database: they were sealed with another one. Start the endpoint with the key it used before (TANDEM_SECRET_KEY or --secret-key-file), the same on every instance sharing the database; without the key those secrets cannot be read.',
    );
  }
  return box;
}

/** Whether this database has sealed secrets already (and so needs the key it was sealed with). */
export async function hasSecretBox(data: EndpointDb): Promise<boolean> {
  return (
    (await data.query.selectFrom('secret_box').select('singleton').where('singleton', '=', 1).executeTakeFirst()) !==
    undefined
  );
}
