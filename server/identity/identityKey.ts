import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import {
  IDENTITY_STATEMENT_TTL_MS,
  identityStatementSigningInput,
  type IdentityStatement,
  type VouchedIdentity,
} from '../../src-shared/identity/statement';
import type { ServerDatabase } from '../db/serverDatabase';
import { secretBoxOf } from '../security/secretBox';

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
export function loadIdentityKey(db: ServerDatabase, now = new Date()): IdentityKey {
  const box = secretBoxOf(db);
  if (!db.prepare('SELECT 1 FROM identity_key WHERE singleton = 1').get()) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    db.prepare(
      'INSERT OR IGNORE INTO identity_key (singleton, public_key, private_key, created_at) VALUES (1, ?, ?, ?)',
    ).run(
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      box.seal(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), IDENTITY_KEY_CONTEXT),
      now.toISOString(),
    );
  }
  const row = db.prepare('SELECT public_key, private_key FROM identity_key WHERE singleton = 1').get() as {
    public_key: string;
    private_key: string;
  };
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
