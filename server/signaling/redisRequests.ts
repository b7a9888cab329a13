import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { deviceIdSchema } from '../../src-shared/domain/device';
import { requestIdSchema } from '../../src-shared/signaling/protocol';
import { KEY_PREFIX, readStored, type RedisLink } from '../shared/redisLink';
import type { HubRequests } from './hubState';
import { RequestTable, type OpenVerdict, type RequestLimits, type RequestState } from './requestTable';

const requestStateSchema = z.object({
  requestId: requestIdSchema,
  supporter: deviceIdSchema,
  host: deviceIdSchema,
  method: z.enum(['password', 'code', 'help']),
  help: z
    .object({
      kind: z.enum(['code', 'request']),
      companyId: z.string(),
      helpSessionId: z.string(),
      code: z.string(),
      hostName: z.string(),
      supporterUserId: z.string(),
      supporterActor: z.string(),
    })
    .optional(),
  createdAt: z.number().int().nonnegative(),
  started: z.boolean(),
  orphanedSince: z.number().int().nonnegative().nullable(),
});

const ALL = `${KEY_PREFIX}requests`;
const requestKey = (requestId: string) => `${KEY_PREFIX}request:${requestId}`;
const deviceKey = (deviceId: string) => `${KEY_PREFIX}device-requests:${deviceId}`;
const lockKey = (deviceId: string) => `${KEY_PREFIX}device-requests-lock:${deviceId}`;
/** A device's request lock is held for one check-and-add: milliseconds; it expires on its own if its holder dies. */
const LOCK_TTL_MS = 5_000;
const LOCK_WAIT_MS = 2_000;

/**
 * The open requests in Redis, for every instance: one key per request (its state as JSON), the
 * set of all of them (for the sweep) and each device's set (for its limits). Opening claims the
 * request's ID (SET NX) and ending deletes its key: each happens for one instance only. Opening
 * holds both devices' locks while it checks their limits and adds, so requests for one device
 * opened at the same moment on several instances count against each other.
 */
export class RedisRequests implements HubRequests {
  constructor(
    private readonly link: RedisLink,
    private readonly limits: RequestLimits,
    private readonly log: { warn(object: object, message: string): void },
  ) {}

  async get(requestId: string): Promise<RequestState | undefined> {
    return this.#parse(await this.link.client.get(requestKey(requestId)));
  }

  async has(requestId: string): Promise<boolean> {
    return (await this.link.client.exists(requestKey(requestId))) === 1;
  }

  async mayOpen(supporter: string, host: string, now: number, pendingTtlMs: number): Promise<OpenVerdict> {
    const [ofSupporter, ofHost] = await Promise.all([
      this.link.client.smembers(deviceKey(supporter)),
      this.link.client.smembers(deviceKey(host)),
    ]);
    const table = new RequestTable(this.limits);
    const ids = [...new Set([...ofSupporter, ...ofHost])];
    for (const request of await this.#many(ids, [deviceKey(supporter), deviceKey(host)])) table.add(request);
    return table.mayOpen(supporter, host, now, pendingTtlMs);
  }

  async open(request: RequestState, pendingTtlMs: number): Promise<OpenVerdict | { ok: false; reason: 'id_taken' }> {
    const locks = await this.#lock([request.supporter, request.host]);
    // Not had within the wait: many requests for this device at once; the caller may try again.
    if (!locks) return { ok: false, reason: 'host_busy' };
    try {
      const verdict = await this.mayOpen(request.supporter, request.host, request.createdAt, pendingTtlMs);
      if (!verdict.ok) return verdict;
      return (await this.#add(request)) ? verdict : { ok: false, reason: 'id_taken' };
    } finally {
      await locks.release();
    }
  }

  /**
   * Both devices' request locks (in one order, so two openers never wait on each other), or null
   * after LOCK_WAIT_MS. A lock expires by itself should its holder die holding it.
   */
  async #lock(deviceIds: string[]): Promise<{ release(): Promise<void> } | null> {
    const token = randomUUID();
    const keys = [...new Set(deviceIds)].sort().map(lockKey);
    const held: string[] = [];
    const release = async () => {
      for (const key of held) await this.link.deleteIfValue(key, token);
    };
    const until = Date.now() + LOCK_WAIT_MS;
    for (const key of keys) {
      while ((await this.link.client.set(key, token, 'PX', LOCK_TTL_MS, 'NX')) !== 'OK') {
        if (Date.now() >= until) {
          await release();
          return null;
        }
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 15));
      }
      held.push(key);
    }
    return { release };
  }

  async #add(request: RequestState): Promise<boolean> {
    const set = await this.link.client.set(requestKey(request.requestId), JSON.stringify(request), 'NX');
    if (set !== 'OK') return false;
    await this.link.client
      .multi()
      .sadd(ALL, request.requestId)
      .sadd(deviceKey(request.supporter), request.requestId)
      .sadd(deviceKey(request.host), request.requestId)
      .exec();
    return true;
  }

  async update(request: RequestState): Promise<void> {
    // XX: a request another instance ended meanwhile stays ended.
    await this.link.client.set(requestKey(request.requestId), JSON.stringify(request), 'XX');
  }

  async delete(request: RequestState): Promise<boolean> {
    const removed = await this.link.client.del(requestKey(request.requestId));
    await this.#forget(request);
    return removed === 1;
  }

  async all(): Promise<RequestState[]> {
    return this.#many(await this.link.client.smembers(ALL), [ALL]);
  }

  /** The requests still there; IDs whose request is gone leave `sets` (ended by an instance that stopped before it tidied up). */
  async #many(requestIds: string[], sets: string[]): Promise<RequestState[]> {
    if (requestIds.length === 0) return [];
    const values = await this.link.client.mget(requestIds.map(requestKey));
    const found: RequestState[] = [];
    const gone: string[] = [];
    requestIds.forEach((requestId, i) => {
      const request = this.#parse(values[i] ?? null);
      if (request) found.push(request);
      else gone.push(requestId);
    });
    if (gone.length > 0) await Promise.all(sets.map((set) => this.link.client.srem(set, ...gone)));
    return found;
  }

  async #forget(request: RequestState): Promise<void> {
    await this.link.client
      .multi()
      .srem(ALL, request.requestId)
      .srem(deviceKey(request.supporter), request.requestId)
      .srem(deviceKey(request.host), request.requestId)
      .exec();
  }

  #parse(value: string | null): RequestState | undefined {
    return readStored(requestStateSchema, value, () =>
      this.log.warn({}, 'ignored a signaling request in Redis that is not one this endpoint wrote'),
    );
  }
}
