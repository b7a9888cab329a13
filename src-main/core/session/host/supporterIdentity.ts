import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import {
  identityStatementSchema,
  identityStatementSigningInput,
  vouchedIdentitySchema,
  type VouchedIdentity,
} from '../../../../src-shared/identity/statement';

/** Why a statement was not believed; logged with the request, never with the statement. */
export type StatementRefusal = 'malformed' | 'no_key' | 'bad_signature' | 'not_yet_valid' | 'expired' | 'other_device';

export type StatementCheck = { ok: true; identity: VouchedIdentity } | { ok: false; reason: StatementRefusal };

/** Clocks differ a little; a statement from a few seconds ahead is not refused for that. */
const CLOCK_TOLERANCE_MS = 60_000;

/**
 * Checks a supporter's identity statement (AC-1) — only this decides whether the host shows the
 * supporter as verified: signed by this device's own endpoint's key (`key`), within its time,
 * and issued for the very device the hub says sent the request. Anything else is refused.
 */
export function checkIdentityStatement(
  statement: unknown,
  context: { key: KeyObject | null; fromDeviceId: string; now: number },
): StatementCheck {
  const parsed = identityStatementSchema.safeParse(statement);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  if (!context.key) return { ok: false, reason: 'no_key' };
  const { payload, signature } = parsed.data;
  let valid: boolean;
  try {
    valid = verify(
      null,
      Buffer.from(identityStatementSigningInput(payload), 'utf8'),
      context.key,
      Buffer.from(signature, 'base64url'),
    );
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'bad_signature' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const identity = vouchedIdentitySchema.safeParse(json);
  if (!identity.success) return { ok: false, reason: 'malformed' };
  const issuedAt = Date.parse(identity.data.issuedAt);
  const expiresAt = Date.parse(identity.data.expiresAt);
  if (issuedAt > context.now + CLOCK_TOLERANCE_MS) return { ok: false, reason: 'not_yet_valid' };
  if (expiresAt <= context.now || expiresAt <= issuedAt) return { ok: false, reason: 'expired' };
  if (identity.data.supporterDeviceId !== context.fromDeviceId) return { ok: false, reason: 'other_device' };
  return { ok: true, identity: identity.data };
}

/**
 * The host's side: the public key of its own endpoint, asked for once (and again after a failure),
 * and the check. The key comes from the endpoint this device is registered with — the one whose
 * hub tells it which device sent a request — so no other endpoint's statements pass.
 */
export class SupporterIdentity {
  #key: Promise<KeyObject | null> | null = null;

  constructor(
    private readonly fetchKey: () => Promise<string>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Asks for the key ahead of the first request (when the device is registered). */
  async prefetch(): Promise<void> {
    await this.#publicKey();
  }

  async check(statement: unknown, fromDeviceId: string): Promise<StatementCheck> {
    const key = await this.#publicKey();
    return checkIdentityStatement(statement, { key, fromDeviceId, now: this.now() });
  }

  #publicKey(): Promise<KeyObject | null> {
    this.#key ??= this.fetchKey()
      .then((pem) => {
        const key = createPublicKey(pem);
        if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
        return key;
      })
      .catch(() => null);
    return this.#key.then((key) => {
      // A failed fetch is not kept: the next request asks again.
      if (!key) this.#key = null;
      return key;
    });
  }
}
