import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { HELP_GRANT_TTL_MS } from '../../src-shared/liveview/contract';

/** Who may ask which help session's device to connect, from which device's socket (LV-2, LV-3). */
export interface HelpGrantHolder {
  /** The supporter's device: the grant is good only on its signaling socket. */
  readonly deviceId: string;
  readonly userId: string;
  readonly companyId: string;
  /** The supporter's name and company as their account says: what the end user reads. */
  readonly name: string;
  readonly companyName: string;
  /** `Name <e-mail>`, for the help session's record. */
  readonly actor: string;
  readonly helpSessionId: string;
  /** `code`: typed the help session's ID (LV-2); `request`: picked it in the Live View (LV-3). */
  readonly kind: 'code' | 'request';
  readonly reason: string | null;
}

const payloadSchema = z
  .object({
    v: z.literal(1),
    deviceId: z.string().min(1).max(64),
    userId: z.string().min(1).max(64),
    companyId: z.string().min(1).max(64),
    name: z.string().max(200),
    companyName: z.string().max(200),
    actor: z.string().max(400),
    helpSessionId: z.string().min(1).max(64),
    kind: z.enum(['code', 'request']),
    reason: z.string().max(200).nullable(),
    expiresAt: z.number().int(),
  })
  .strict();

export type HelpGrantCheck =
  | { ok: true; holder: HelpGrantHolder; secret: string }
  | { ok: false; code: 'help_grant_invalid' | 'help_grant_expired' };

/**
 * Help connection grants: the supporter's core asks the endpoint (user and device), the hub checks
 * what it presents. Signed (HMAC-SHA256) with a key derived from the endpoint's secret, as Live
 * View's tickets are, so any instance checks what any issued and nothing is stored. The
 * handshake's secret is derived from the grant with a second key: the supporter gets it with the
 * grant, the hub hands it only to the help session's device, and it is never in the grant itself.
 */
export class HelpGrants {
  constructor(
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  issue(holder: HelpGrantHolder): { grant: string; secret: string; expiresAt: string } {
    const expiresAt = this.now() + HELP_GRANT_TTL_MS;
    const payload = Buffer.from(JSON.stringify({ v: 1, ...holder, expiresAt })).toString('base64url');
    return {
      grant: `${payload}.${this.#mac('grant', payload)}`,
      secret: this.#mac('secret', payload),
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  /** The grant's holder and secret if this endpoint signed it for `deviceId` and it has not expired. */
  check(grant: string, deviceId: string): HelpGrantCheck {
    const [payload = '', mac = ''] = grant.split('.');
    const given = Buffer.from(mac);
    const expected = Buffer.from(this.#mac('grant', payload));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, code: 'help_grant_invalid' };
    }
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      json = undefined;
    }
    const parsed = payloadSchema.safeParse(json);
    // Signed, but for another device's socket: a grant that leaked does not travel.
    if (!parsed.success || parsed.data.deviceId !== deviceId) return { ok: false, code: 'help_grant_invalid' };
    if (parsed.data.expiresAt <= this.now()) return { ok: false, code: 'help_grant_expired' };
    const { v: _v, expiresAt: _expiresAt, ...holder } = parsed.data;
    return { ok: true, holder, secret: this.#mac('secret', payload) };
  }

  #mac(purpose: 'grant' | 'secret', payload: string): string {
    return createHmac('sha256', this.key).update(`help-${purpose}\n${payload}`).digest('base64url');
  }
}
