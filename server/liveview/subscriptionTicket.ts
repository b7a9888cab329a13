import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { LIVEVIEW_TICKET_TTL_MS } from '../../src-shared/liveview/contract';
import type { LiveViewRefusal } from '../../src-shared/signaling/protocol';

/** Who a ticket lets receive which company's help sessions, on which device's socket, until when. */
export interface TicketHolder {
  readonly deviceId: string;
  readonly userId: string;
  readonly companyId: string;
}

const payloadSchema = z
  .object({
    v: z.literal(1),
    deviceId: z.string().min(1).max(64),
    userId: z.string().min(1).max(64),
    companyId: z.string().min(1).max(64),
    expiresAt: z.number().int(),
  })
  .strict();

export type TicketCheck =
  { ok: true; holder: TicketHolder; expiresAt: number } | { ok: false; code: Exclude<LiveViewRefusal, 'forbidden'> };

/**
 * Live View subscription tickets: the hub's socket proves the device, the ticket adds the user
 * and their company for a few minutes. Signed (HMAC-SHA256) with a key derived from the
 * endpoint's secret, so every instance checks what any instance issued and nothing is stored.
 */
export class SubscriptionTickets {
  constructor(
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
    private readonly ttlMs: number = LIVEVIEW_TICKET_TTL_MS,
  ) {}

  issue(holder: TicketHolder): { ticket: string; expiresAt: string } {
    const expiresAt = this.now() + this.ttlMs;
    const payload = Buffer.from(
      JSON.stringify({
        v: 1,
        deviceId: holder.deviceId,
        userId: holder.userId,
        companyId: holder.companyId,
        expiresAt,
      }),
    ).toString('base64url');
    return { ticket: `${payload}.${this.#mac(payload)}`, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The ticket's holder if this endpoint signed it for `deviceId` and it has not expired. */
  check(ticket: string, deviceId: string): TicketCheck {
    const [payload = '', mac = ''] = ticket.split('.');
    const given = Buffer.from(mac);
    const expected = Buffer.from(this.#mac(payload));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, code: 'liveview_ticket_invalid' };
    }
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      json = undefined;
    }
    const parsed = payloadSchema.safeParse(json);
    // Signed but for another device's socket: a ticket that leaked does not travel.
    if (!parsed.success || parsed.data.deviceId !== deviceId) return { ok: false, code: 'liveview_ticket_invalid' };
    if (parsed.data.expiresAt <= this.now()) return { ok: false, code: 'liveview_ticket_expired' };
    const { userId, companyId, expiresAt } = parsed.data;
    return { ok: true, holder: { deviceId, userId, companyId }, expiresAt };
  }

  #mac(payload: string): string {
    return createHmac('sha256', this.key).update(`liveview-ticket\n${payload}`).digest('base64url');
  }
}
