import { z } from 'zod';
import { deviceIdSchema } from '../domain/device';

/**
 * AC-1: an identity statement. The cloud endpoint signs, with its own Ed25519 key, who the
 * signed-in supporter is — for exactly one supporter device and for a few minutes. The supporter
 * sends it with a connection request; the host checks it against its own endpoint's public key and
 * only then shows the name and company as verified (docs/security.md, "Identity statements").
 */

/** How long a statement is good for: long enough for one connection request, short enough not to linger. */
export const IDENTITY_STATEMENT_TTL_MS = 10 * 60 * 1000;

/** The signed bytes are this prefix and the payload, so the key signs nothing that could be read as something else. */
export const IDENTITY_STATEMENT_CONTEXT = 'tandem-identity-statement:v1\n';

const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/);

/** What the endpoint vouches for. */
export const vouchedIdentitySchema = z
  .object({
    v: z.literal(1),
    /** The endpoint's instance ID. */
    issuer: z.string().min(1).max(100),
    userId: z.string().min(1).max(100),
    name: z.string().trim().min(1).max(120),
    email: z.string().max(320).optional(),
    companyId: z.string().min(1).max(100),
    companyName: z.string().trim().min(1).max(120),
    /** The device that asked for the statement, signing its request: the only one it is good for. */
    supporterDeviceId: deviceIdSchema,
    issuedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
  })
  .strict();
export type VouchedIdentity = z.infer<typeof vouchedIdentitySchema>;

/** The statement as it travels: the exact JSON that was signed (base64url) and the signature over it. */
export const identityStatementSchema = z
  .object({ payload: base64url.min(1).max(2048), signature: base64url.min(1).max(128) })
  .strict();
export type IdentityStatement = z.infer<typeof identityStatementSchema>;

/** The text (UTF-8) the endpoint signs and the host checks. */
export function identityStatementSigningInput(payload: string): string {
  return `${IDENTITY_STATEMENT_CONTEXT}${payload}`;
}
