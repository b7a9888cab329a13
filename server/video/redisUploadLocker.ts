import { randomBytes } from 'node:crypto';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/server';
import { z } from 'zod';
import { KEY_PREFIX, type RedisLink } from '../shared/redisLink';

/** Takes the lock (`SET NX PX`: 1) or answers the holder's token, in one round trip. */
const TAKE_OR_HOLDER = `if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end return redis.call('get', KEYS[1]) or ''`;
/** Extends the lock only while it is still ours: an expired one another took is not taken back. */
const RENEW_IF_VALUE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
/** The topic every instance hears release requests on (signed like the bus, so only our instances can cancel). */
const RELEASE_TOPIC = 'tus-lock-release';
const releaseRequestSchema = z.object({ id: z.string().min(1).max(200), token: z.string().min(1).max(64) });

export interface RedisUploadLockerOptions {
  /** How long a request waits for the lock before it is refused (tus's `acquireLockTimeout`, 30 s by default). */
  acquireLockTimeout?: number;
  /** How long a lock outlives its holder (a process that died holding it); renewed at a third of it while held. */
  ttlMs?: number;
  /** How often a waiter tries again. */
  pollMs?: number;
}

/**
 * tus's lock on an upload, shared by every instance on one Redis. tus's default `MemoryLocker`
 * holds locks in one process: with several instances, a PATCH still being written on instance A
 * (one the client cut and resumed elsewhere) and a PATCH on instance B could write the same upload
 * at once. Semantics as `MemoryLocker`: one holder per upload; a second request asks the holder to
 * release (tus then ends the holder's request, which unlocks once it has stored what it received),
 * and waits up to `acquireLockTimeout`, then fails with tus's lock timeout.
 *
 * The lock is a key holding a random token (`SET NX PX`), renewed while held, deleted only by
 * whoever still holds that token (a Lua compare-and-delete), so a late unlock cannot free another's
 * lock. It expires if its holder dies. Release requests travel as signed broadcasts on the link's
 * subscriber connection, naming the holder's token: a request meant for an earlier holder cannot
 * cancel a later one.
 */
export class RedisUploadLocker implements Locker {
  /** The locks this process holds, by upload ID: whom to ask to release when another instance waits. */
  readonly #held = new Map<string, { token: string; requestRelease: RequestRelease }>();
  readonly acquireLockTimeout: number;
  readonly ttlMs: number;
  readonly pollMs: number;

  private constructor(
    readonly link: RedisLink,
    options: RedisUploadLockerOptions,
  ) {
    this.acquireLockTimeout = options.acquireLockTimeout ?? 30_000;
    this.ttlMs = options.ttlMs ?? 15_000;
    this.pollMs = options.pollMs ?? 50;
  }

  static async create(link: RedisLink, options: RedisUploadLockerOptions = {}): Promise<RedisUploadLocker> {
    const locker = new RedisUploadLocker(link, options);
    await link.subscribeTopic(RELEASE_TOPIC, (body) => {
      const request = releaseRequestSchema.safeParse(body);
      if (!request.success) return;
      const held = locker.#held.get(request.data.id);
      if (held?.token === request.data.token) void held.requestRelease();
    });
    return locker;
  }

  newLock(id: string): Lock {
    return new RedisUploadLock(id, this, this.#held);
  }

  key(id: string): string {
    return `${KEY_PREFIX}tus-lock:${id}`;
  }

  async requestRelease(id: string, token: string): Promise<void> {
    await this.link.broadcast(RELEASE_TOPIC, { id, token });
  }
}

class RedisUploadLock implements Lock {
  readonly #token = randomBytes(16).toString('base64url');
  #renewal: NodeJS.Timeout | undefined;

  constructor(
    private readonly id: string,
    private readonly locker: RedisUploadLocker,
    private readonly held: Map<string, { token: string; requestRelease: RequestRelease }>,
  ) {}

  async lock(stopSignal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const { link, acquireLockTimeout, ttlMs, pollMs } = this.locker;
    const key = this.locker.key(this.id);
    const deadline = Date.now() + acquireLockTimeout;
    /** The holder last asked to release, and when: asked again each second, not each poll. */
    let asked: { token: string; at: number } | undefined;
    for (;;) {
      // Stopped (the request went away) or waited long enough: refused as tus's MemoryLocker refuses.
      if (stopSignal.aborted || Date.now() >= deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
      const holder = (await link.client.eval(TAKE_OR_HOLDER, 1, key, this.#token, ttlMs)) as number | string;
      if (holder === 1) break;
      // '' : the holder's key expired just now; the next try takes it.
      if (typeof holder === 'string' && holder !== '' && (asked?.token !== holder || Date.now() - asked.at >= 1000)) {
        asked = { token: holder, at: Date.now() };
        await this.locker.requestRelease(this.id, holder);
      }
      await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())), stopSignal);
    }
    this.held.set(this.id, { token: this.#token, requestRelease });
    this.#renew(key, requestRelease);
  }

  /**
   * Keeps the key alive while the request runs. If it was lost (expired while Redis could not be
   * reached, and perhaps taken by another), the request is told to stop, as a waiter would ask.
   */
  #renew(key: string, requestRelease: RequestRelease): void {
    const { link, ttlMs } = this.locker;
    let renewed = Date.now();
    this.#renewal = setInterval(() => {
      link.client.eval(RENEW_IF_VALUE, 1, key, this.#token, ttlMs).then(
        (result) => {
          if (result === 1) renewed = Date.now();
          else void requestRelease();
        },
        () => {
          if (Date.now() - renewed >= ttlMs) void requestRelease();
        },
      );
    }, ttlMs / 3);
    this.#renewal.unref();
  }

  /**
   * Frees the lock if this request still holds it. Unlike MemoryLocker it does not throw when the
   * lock is gone (expired, another holds it): tus unlocks in a `finally`, and what was written is
   * written; throwing would only turn the response into a 500.
   */
  async unlock(): Promise<void> {
    clearInterval(this.#renewal);
    this.#renewal = undefined;
    if (this.held.get(this.id)?.token === this.#token) this.held.delete(this.id);
    await this.locker.link.deleteIfValue(this.locker.key(this.id), this.#token);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
