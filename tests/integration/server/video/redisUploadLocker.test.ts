import { randomBytes } from 'node:crypto';
import { ERRORS } from '@tus/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisLink } from '../../../../server/shared/redisLink';
import { RedisUploadLocker, type RedisUploadLockerOptions } from '../../../../server/video/redisUploadLocker';
import { startRedisServer, type RedisServer } from '../../../support/redisServer';
import { memoryLogger } from '../../../support/silentLogger';

/**
 * The tus lock two endpoint instances share through one Redis: each instance here is a RedisLink
 * of its own (its command and subscriber connections), as `--redis` gives every process.
 */

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
}, 30_000);
afterAll(async () => {
  await redis?.stop();
});

const secret = randomBytes(32);
const links: RedisLink[] = [];
afterEach(async () => {
  for (const link of links.splice(0)) await link.close();
});

async function instance(options: RedisUploadLockerOptions = {}) {
  const link = await RedisLink.connect(redis.url, secret, memoryLogger().log);
  links.push(link);
  return { link, locker: await RedisUploadLocker.create(link, options) };
}

/** A request's side of the lock: its stop signal, and whether (and how often) it was asked to release. */
function request() {
  let asked!: () => void;
  const state = {
    stop: new AbortController(),
    releaseRequests: 0,
    released: new Promise<void>((resolve) => (asked = resolve)),
    requestRelease: () => {
      state.releaseRequests++;
      asked();
    },
  };
  return state;
}

const uploadId = () => randomBytes(16).toString('hex');

describe('RedisUploadLocker (two instances, one Redis)', () => {
  it('makes the second request wait, asks the holder to release, and hands the lock over on unlock', async () => {
    const [a, b] = await Promise.all([instance(), instance()]);
    const id = uploadId();
    const onA = request();
    const lockA = a.locker.newLock(id);
    await lockA.lock(onA.stop.signal, onA.requestRelease);

    const onB = request();
    let bHolds = false;
    const lockB = b.locker.newLock(id);
    const bLocked = lockB.lock(onB.stop.signal, onB.requestRelease).then(() => (bHolds = true));
    // The holder, on the other instance, hears that B waits (tus cancels its request then) ...
    await onA.released;
    // ... and B still waits for it: the key is A's.
    expect(bHolds).toBe(false);
    const held = await redis.client.get(a.locker.key(id));
    expect(held).not.toBeNull();

    await lockA.unlock();
    await bLocked;
    expect(bHolds).toBe(true);
    const nowHeld = await redis.client.get(a.locker.key(id));
    expect(nowHeld).not.toBeNull();
    expect(nowHeld).not.toBe(held);
    expect(onB.releaseRequests).toBe(0);
    await lockB.unlock();
    expect(await redis.client.exists(a.locker.key(id))).toBe(0);
  });

  it('frees the lock of a holder that died (its connection gone, never unlocked) once it expires', async () => {
    const options = { ttlMs: 600 };
    const [a, b] = await Promise.all([instance(options), instance(options)]);
    const id = uploadId();
    const onA = request();
    await a.locker.newLock(id).lock(onA.stop.signal, onA.requestRelease);
    const held = await redis.client.get(a.locker.key(id));
    expect(held).not.toBeNull();
    // Gone without a word: neither renewal nor unlock reaches Redis any more.
    a.link.client.disconnect();

    const onB = request();
    const lockB = b.locker.newLock(id);
    await lockB.lock(onB.stop.signal, onB.requestRelease);
    const nowHeld = await redis.client.get(b.locker.key(id));
    expect(nowHeld).not.toBe(held);
    expect(nowHeld).not.toBeNull();
    await lockB.unlock();
  });

  it('keeps a lock renewed while it is held, beyond its expiry', async () => {
    const [a, b] = await Promise.all([instance({ ttlMs: 300 }), instance({ acquireLockTimeout: 1500 })]);
    const id = uploadId();
    const onA = request();
    const lockA = a.locker.newLock(id);
    await lockA.lock(onA.stop.signal, onA.requestRelease);
    const held = await redis.client.get(a.locker.key(id));
    // B waits five of A's expiries, A (asked to release, but not releasing) still holding it: B is refused.
    const onB = request();
    await expect(b.locker.newLock(id).lock(onB.stop.signal, onB.requestRelease)).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    expect(onA.releaseRequests).toBeGreaterThan(0);
    expect(await redis.client.get(a.locker.key(id))).toBe(held);
    await lockA.unlock();
  });

  it('does not let a request that does not hold the lock unlock it', async () => {
    const [a, b] = await Promise.all([instance(), instance({ acquireLockTimeout: 300 })]);
    const id = uploadId();
    const onA = request();
    const lockA = a.locker.newLock(id);
    await lockA.lock(onA.stop.signal, onA.requestRelease);
    const held = await redis.client.get(a.locker.key(id));

    // B gave up waiting; its unlock (tus unlocks in a `finally`) leaves A's lock alone.
    const onB = request();
    const lockB = b.locker.newLock(id);
    await expect(lockB.lock(onB.stop.signal, onB.requestRelease)).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    await lockB.unlock();
    // Nor does a lock of the same upload never taken, on A's own instance.
    await a.locker.newLock(id).unlock();
    expect(await redis.client.get(a.locker.key(id))).toBe(held);

    await lockA.unlock();
    expect(await redis.client.exists(a.locker.key(id))).toBe(0);
  });

  it('stops waiting when the waiting request is stopped', async () => {
    const [a, b] = await Promise.all([instance(), instance()]);
    const id = uploadId();
    const onA = request();
    const lockA = a.locker.newLock(id);
    await lockA.lock(onA.stop.signal, onA.requestRelease);
    const onB = request();
    const waiting = b.locker.newLock(id).lock(onB.stop.signal, onB.requestRelease);
    await onA.released;
    onB.stop.abort();
    await expect(waiting).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    await lockA.unlock();
  });
});
