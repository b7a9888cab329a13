import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import {
  IDENTITY_STATEMENT_TTL_MS,
  identityStatementSigningInput,
  type IdentityStatement,
  type VouchedIdentity,
} from '../../src-shared/identity/statement';
import type { EndpointDb } from '../db/endpointDb';
import type { SecretBox } from '../security/secretBox';

/** The context the private key is sealed under (the secret box binds a sealed value to it). */
export const IDENTITY_KEY_CONTEXT = 'identity_key';

/** The endpoint's identity-statement key: the private half stays here, the public half is published. */
export interface IdentityKey {
  readonly privateKey: KeyObject;
  /** SPKI PEM, as `GET /api/v1/identity/key` publishes it. */
  readonly publicKeyPem: string;
}

/**
 * The endpoint's own Ed25519 key for identity statements, made on first use and kept in its
 * database (migration 0017) with the private key sealed at rest like every other endpoint secret.
 * It never leaves the endpoint and is never logged; a key that does not open stops the start.
 */
export async function loadIdentityKey(data: EndpointDb, box: SecretBox, now = new Date()): Promise<IdentityKey> {
  const existing = await data.query
    .selectFrom('identity_key')
    .select('singleton')
    .where('singleton', '=', 1)
    .executeTakeFirst();
  if (!existing) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    // Instances starting together on one database: one key wins, every instance reads that one back.
    await data.query
      .insertInto('identity_key')
      .values({
        singleton: 1,
        public_key: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        private_key: box.seal(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), IDENTITY_KEY_CONTEXT),
        created_at: now.toISOString(),
      })
      .onConflict((conflict) => conflict.column('singleton').doNothing())
      .execute();
  }
  const row = await data.query
    .selectFrom('identity_key')
    .select('private_key')
    .where('singleton', '=', 1)
    .executeTakeFirstOrThrow();
  const privateKey = createPrivateKey(box.open(row.private_key, IDENTITY_KEY_CONTEXT));
  // The published half is the one that belongs to the private key, whatever the row says.
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicKeyPem };
}

/** Signs what the endpoint vouches for: the exact JSON goes along, so the host checks the very bytes signed. */
export function signIdentityStatement(key: KeyObject, identity: VouchedIdentity): IdentityStatement {
  const payload = Buffer.from(JSON.stringify(identity), 'utf8').toString('base64url');
  const signature = sign(null, Buffer.from(identityStatementSigningInput(payload), 'utf8'), key);
  return { payload, signature: signature.toString('base64url') };
}

/** The statement's times: issued now, good for ten minutes. */
export function statementWindow(now: number): Pick<VouchedIdentity, 'issuedAt' | 'expiresAt'> {
  return {
    issuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + IDENTITY_STATEMENT_TTL_MS).toISOString(),
  };
}
