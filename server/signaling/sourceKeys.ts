import { createHmac, randomBytes } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import type { EndpointDb } from '../db/endpointDb';

const SECRET_BYTES = 32;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The hub's private secret for source keys, made once per endpoint and kept in its database
 * (migration 0011). It is never sent, logged or derived from anything the endpoint publishes:
 * keyed with a public value, a source key would let a host test all 2^32 IPv4 addresses offline.
 */
export async function loadSourceSecret(data: EndpointDb): Promise<Buffer> {
  await data.query
    .insertInto('signaling_secret')
    .values({ singleton: 1, secret: randomBytes(SECRET_BYTES), created_at: new Date().toISOString() })
    .onConflict((conflict) => conflict.column('singleton').doNothing())
    .execute();
  return (await data.query.selectFrom('signaling_secret').select('secret').executeTakeFirstOrThrow()).secret;
}

/**
 * The network origin a limit or a back-off should follow: an IPv4 address (IPv4-mapped IPv6
 * unwrapped), or an IPv6 /64 — one subscriber usually holds a whole /64, so counting single IPv6
 * addresses would let anyone step around a per-source limit.
 */
export function networkSource(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(':')}::/64`;
}

/**
 * Opaque per-source keys for hosts (`incoming.sourceKey`): the host backs off per network origin
 * without learning the origin. A key is HMAC(dayKey, host ‖ source) with dayKey derived from the
 * secret and the UTC date, so
 * - a key says nothing about an address to anyone without the secret,
 * - two hosts get different keys for the same supporter and cannot link their notes, and
 * - keys change at 00:00 UTC, so a host's record never tracks a source for more than a day.
 * The cost of the daily rotation: a host's per-source back-off starts afresh at midnight UTC (its
 * per-device and per-supporter back-off, and its one-time password rotation, are unaffected).
 */
export class SourceKeys {
  #day = -1;
  #dayKey = Buffer.alloc(0);

  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  keyFor(hostDeviceId: string, sourceAddress: string): string {
    return createHmac('sha256', this.#currentDayKey())
      .update(`${hostDeviceId}\n${networkSource(sourceAddress)}`)
      .digest('base64url')
      .slice(0, 22);
  }

  #currentDayKey(): Buffer {
    const day = Math.floor(this.now() / DAY_MS);
    if (day !== this.#day) {
      const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
      this.#dayKey = createHmac('sha256', this.secret).update(`tandem-source-key:v1:${date}`).digest();
      this.#day = day;
    }
    return this.#dayKey;
  }
}
