import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { deviceIdSchema } from '../../src-shared/domain/device';
import { accessSchema, supporterInfoSchema } from '../../src-shared/signaling/protocol';
import { KEY_PREFIX, readStored, type RedisLink } from '../shared/redisLink';
import type { HubCodes, LiveCode } from './hubState';
import { MAX_DRAWS, ROUTE_SPACE, type CodeState, type SessionCodeLimits } from './sessionCodes';

/** An expired code is kept this long (at most its own lifetime) to be named expired rather than unknown. */
const EXPIRED_KEPT_MS = 15_000;

const codeStateSchema = z.object({
  supporter: deviceIdSchema,
  info: supporterInfoSchema,
  access: accessSchema,
  createdAt: z.number().int().nonnegative(),
  expiresAt: z.number().int().nonnegative(),
});

/** Every live code by the time its key goes (for the endpoint's total). */
const ALL = `${KEY_PREFIX}codes`;
const codeKey = (hidden: string) => `${KEY_PREFIX}code:${hidden}`;
/** A device's codes by creation, oldest first. */
const deviceKey = (deviceId: string) => `${KEY_PREFIX}device-codes:${deviceId}`;

/**
 * Session codes in Redis, for every instance, with the same limits as SessionCodes. A code's key
 * expires with the code (Redis drops it; a short while later, so a late look-up hears "expired").
 * The six digits never show in Redis: keys name a code by its keyed hash (RedisLink.hide). A
 * route is claimed with SET NX, so two instances cannot hand out the same digits, and joining
 * takes the code with GETDEL, so only one host joins it.
 */
export class RedisCodes implements HubCodes {
  constructor(
    private readonly link: RedisLink,
    private readonly limits: SessionCodeLimits,
    private readonly log: { warn(object: object, message: string): void },
    private readonly draw: () => number = () => randomInt(0, ROUTE_SPACE),
  ) {}

  async create(state: CodeState): Promise<{ ok: true; route: string } | { ok: false }> {
    const { client } = this.link;
    const now = state.createdAt;
    await client.zremrangebyscore(ALL, '-inf', String(now));
    const own = await client.zrange(deviceKey(state.supporter), 0, '-1');
    const live = own.length > 0 ? await client.mget(own.map(codeKey)) : [];
    const gone = own.filter((_, i) => live[i] === null);
    if (gone.length > 0) await client.zrem(deviceKey(state.supporter), ...gone);
    const ownLive = own.filter((_, i) => live[i] !== null);
    const replacing = ownLive.length >= this.limits.perDevice ? ownLive[0]! : null;
    if (replacing === null && (await client.zcard(ALL)) >= this.limits.total) return { ok: false };
    const keptUntil = state.expiresAt + Math.min(EXPIRED_KEPT_MS, state.expiresAt - state.createdAt);
    const ttl = Math.max(1, keptUntil - now);
    for (let attempt = 0; attempt < MAX_DRAWS; attempt++) {
      const route = String(this.draw()).padStart(6, '0');
      const hidden = this.link.hide('code', route);
      if ((await client.set(codeKey(hidden), JSON.stringify(state), 'PX', ttl, 'NX')) !== 'OK') continue;
      if (replacing !== null) await this.#remove(replacing, state.supporter);
      await client
        .multi()
        .zadd(ALL, keptUntil, hidden)
        .zadd(deviceKey(state.supporter), now, hidden)
        .pexpire(deviceKey(state.supporter), ttl)
        .exec();
      return { ok: true, route };
    }
    return { ok: false };
  }

  async live(route: string, now: number): Promise<LiveCode> {
    const code = this.#parse(await this.link.client.get(codeKey(this.link.hide('code', route))));
    if (!code) return { ok: false, reason: 'code_unknown' };
    if (code.expiresAt <= now) return { ok: false, reason: 'code_expired' };
    return { ok: true, code };
  }

  async take(route: string): Promise<boolean> {
    const hidden = this.link.hide('code', route);
    const code = this.#parse(await this.link.client.getdel(codeKey(hidden)));
    if (!code) return false;
    await this.#remove(hidden, code.supporter);
    return true;
  }

  async sweep(now: number): Promise<void> {
    // The codes' own keys expire in Redis; the count of live ones follows.
    await this.link.client.zremrangebyscore(ALL, '-inf', String(now));
  }

  async #remove(hidden: string, supporter: string): Promise<void> {
    await this.link.client.multi().del(codeKey(hidden)).zrem(ALL, hidden).zrem(deviceKey(supporter), hidden).exec();
  }

  #parse(value: string | null): CodeState | undefined {
    return readStored(codeStateSchema, value, () =>
      this.log.warn({}, 'ignored a session code in Redis that is not one this endpoint wrote'),
    );
  }
}
