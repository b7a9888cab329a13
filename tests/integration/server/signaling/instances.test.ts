import { randomUUID, sign } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer, type ServerOptions } from '../../../../server/app';
import { startServer } from '../../../support/testServer';
import { signalAuthPayload } from '../../../../src-shared/signaling/protocol';
import { startRedisServer, type RedisServer } from '../../../support/redisServer';
import { tempDir } from '../../../support/tempDir';
import { setupTokenOf } from '../../../support/setupToken';
import { hubDevice, is, isError, openSocket, registerDevice } from './hubClient';

const SUPPORTER = { name: 'Ada Support', company: 'Helpdesk Inc' };
const HOST = '200000001';
const SUPPORTER_ID = '200000002';

describe('several endpoint instances sharing one database and one Redis', () => {
  let redis: RedisServer;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => redis?.stop());
  beforeEach(async () => {
    await redis.client.flushall();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A logger whose lines the test reads, through the endpoint's own redaction. */
  function logLines() {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    return { lines, logger: { level: 'debug', destination } };
  }

  /** Instances A and B on one data folder (SQLite in WAL mode) and one Redis. */
  async function twoInstances(options: Partial<ServerOptions> = {}) {
    const dir = tempDir();
    const logs = [logLines(), logLines()] as const;
    const start = (i: 0 | 1) =>
      startServer({ dataDir: dir.path, redis: redis.url, logger: logs[i].logger, ...options });
    const a = await start(0);
    const b = await start(1);
    const running = new Set<RunningServer>([a, b]);
    cleanups.push(async () => {
      for (const server of running) await server.close();
      dir.cleanup();
    });
    const stop = async (server: RunningServer) => {
      running.delete(server);
      await server.close();
    };
    return { a, b, logs, stop };
  }

  const connect = (target: string, requestId = randomUUID()) => ({
    type: 'connect',
    requestId,
    target,
    supporter: SUPPORTER,
    access: 'full',
  });

  it('relays a request, its answer and signals both ways between a supporter on A and a host on B', async () => {
    const { a, b } = await twoInstances();
    const host = await hubDevice(b.url, HOST);
    const supporter = await hubDevice(a.url, SUPPORTER_ID);
    const requestId = randomUUID();
    supporter.send(connect(HOST, requestId));
    const incoming = await host.waitFor(is('incoming'));
    expect(incoming).toMatchObject({ requestId, from: SUPPORTER_ID, supporter: SUPPORTER, method: 'password' });

    host.send({ type: 'relay', requestId, payload: { kind: 'hello-from-host' } });
    expect(await supporter.waitFor(is('relay'))).toEqual({
      type: 'relay',
      requestId,
      payload: { kind: 'hello-from-host' },
    });
    supporter.send({ type: 'relay', requestId, payload: { kind: 'hello-from-supporter' } });
    expect((await host.waitFor(is('relay'))).payload).toEqual({ kind: 'hello-from-supporter' });

    host.send({ type: 'end', requestId, reason: 'ended_by_host' });
    expect(await supporter.waitFor(is('ended'))).toMatchObject({ requestId, reason: 'ended_by_host' });
    // Ended for both instances: neither side can relay on it any more.
    host.send({ type: 'relay', requestId, payload: {} });
    expect(await host.waitFor(isError('unknown_request'))).toMatchObject({ requestId });
  });

  it('a host’s report that its session started, overtaken by the supporter’s end, is dropped without an error', async () => {
    const { a, b } = await twoInstances();
    const host = await hubDevice(b.url, HOST);
    const supporter = await hubDevice(a.url, SUPPORTER_ID);
    const requestId = randomUUID();
    supporter.send(connect(HOST, requestId));
    await host.waitFor(is('incoming'));
    supporter.send({ type: 'end', requestId, reason: 'ended_by_supporter' });
    expect(await host.waitFor(is('ended'))).toMatchObject({ requestId, reason: 'ended_by_supporter' });
    // The report arrives after the end, then a relay on the request and a ping: the hub handles a
    // socket's messages in order, so what answers the report comes before the relay's refusal.
    host.send({ type: 'started', requestId });
    host.send({ type: 'relay', requestId, payload: { kind: 'late' } });
    host.send({ type: 'ping' });
    const answers: string[] = [];
    for (let message = await host.next(); message.type !== 'pong'; message = await host.next()) {
      answers.push(message.type === 'error' ? `error ${message.code}` : message.type);
    }
    // Only the relay is refused, as before; the report got no answer.
    expect(answers).toEqual(['error unknown_request']);
  });

  it('a device whose route Redis lost (restarted empty) is reached again without reconnecting', async () => {
    const { a, b } = await twoInstances({ signalingTtls: { routeRenewMs: 250 } });
    const key = await registerDevice(b.url, HOST);
    const host = await hubDevice(b.url, HOST, key);
    const supporter = await hubDevice(a.url, SUPPORTER_ID);
    // Redis forgets every route (restarted empty); the host's socket on B stays open.
    await redis.client.flushall();
    // Each instance puts its routes back at its next renewal (the host's on B, the supporter's on
    // A), without anyone reconnecting…
    await expect.poll(async () => (await redis.client.keys('tandem:route:*')).length, { timeout: 10_000 }).toBe(2);
    // …and a supporter on A reaches it again.
    const requestId = randomUUID();
    supporter.send(connect(HOST, requestId));
    expect(await host.waitFor(is('incoming'))).toMatchObject({ requestId, from: SUPPORTER_ID });
  });

  it('requests for one host opened at the same moment on both instances count against each other: 5 wait, the rest are told busy', async () => {
    const { a, b } = await twoInstances();
    const key = await registerDevice(b.url, HOST);
    const host = await hubDevice(b.url, HOST, key);
    const supporters = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        hubDevice((i % 2 === 0 ? a : b).url, `2100000${String(i).padStart(2, '0')}`),
      ),
    );
    let busy = 0;
    const incoming: string[] = [];
    // Counted as they come (the sockets close when the test ends, which ends these loops).
    for (const supporter of supporters) {
      void supporter.waitFor(isError('busy')).then(
        () => busy++,
        () => undefined,
      );
    }
    void (async () => {
      for (;;) incoming.push((await host.waitFor(is('incoming'))).requestId);
    })().catch(() => undefined);
    for (const supporter of supporters) supporter.send(connect(HOST));
    // Every request is answered one way or the other: waiting at the host, or refused as busy.
    await expect.poll(() => busy + incoming.length, { timeout: 10_000 }).toBe(12);
    expect({ waiting: incoming.length, busy }).toEqual({ waiting: 5, busy: 7 });
  });

  it('a request to a device no instance holds fails as on one instance: partner_offline', async () => {
    const { a, b } = await twoInstances();
    await registerDevice(b.url, '300000001');
    const supporter = await hubDevice(a.url, SUPPORTER_ID);
    supporter.send(connect('300000001'));
    expect((await supporter.waitFor(isError('partner_offline'))).code).toBe('partner_offline');
  });

  it('a session code made on A is looked up and joined on B, and expires for real', async () => {
    const { a, b } = await twoInstances({ signalingTtls: { codeTtlMs: 1500 } });
    const supporter = await hubDevice(a.url, SUPPORTER_ID);
    const host = await hubDevice(b.url, HOST);
    supporter.send({ type: 'code-create', supporter: SUPPORTER, access: 'view' });
    const { route } = await supporter.waitFor(is('code-created'));
    host.send({ type: 'code-lookup', route });
    expect(await host.waitFor(is('code-info'))).toMatchObject({ route, from: SUPPORTER_ID, access: 'view' });
    const requestId = randomUUID();
    host.send({ type: 'code-join', route, requestId });
    expect(await supporter.waitFor(is('code-joined'))).toMatchObject({ route, requestId, host: HOST });
    // A code is joined once.
    host.send({ type: 'code-join', route, requestId: randomUUID() });
    await host.waitFor(isError('code_unknown'));

    supporter.send({ type: 'code-create', supporter: SUPPORTER, access: 'full' });
    const later = await supporter.waitFor(is('code-created'));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(later.expiresAt) - Date.now() + 50)));
    host.send({ type: 'code-lookup', route: later.route });
    await host.waitFor(isError('code_expired'));
    // Redis drops the code itself a little later; then nobody knows the digits.
    await expect.poll(() => redis.client.keys('tandem:code:*'), { timeout: 10_000 }).toEqual([]);
    host.send({ type: 'code-lookup', route: later.route });
    await host.waitFor(isError('code_unknown'));
  });

  it('an unanswered request times out once, though every instance sweeps', async () => {
    const { a, b } = await twoInstances({ signalingTtls: { pendingTtlMs: 300 } });
    const host = await hubDevice(b.url, HOST);
    const supporter = await hubDevice(a.url, SUPPORTER_ID);
    const requestId = randomUUID();
    const asked = Date.now();
    supporter.send(connect(HOST, requestId));
    await host.waitFor(is('incoming'));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, asked + 400 - Date.now())));
    await Promise.all([a.hub.sweep(), b.hub.sweep()]);
    expect(await supporter.next()).toMatchObject({ type: 'ended', requestId, reason: 'timeout' });
    expect(await host.next()).toMatchObject({ type: 'ended', requestId, reason: 'timeout' });
    // A sends on one ordered channel to B, and B's own sends are done when its sweep is: what comes
    // next is the new request, so no second 'ended' came from either instance.
    const next = randomUUID();
    supporter.send(connect(HOST, next));
    expect(await host.next()).toMatchObject({ type: 'incoming', requestId: next });
  });

  it('a rate limit reached on A holds on B', async () => {
    const { a, b } = await twoInstances();
    const onA = await hubDevice(a.url, '300000002');
    for (let i = 0; i < 30; i++) {
      onA.send({ type: 'code-lookup', route: String(100000 + i) });
      await onA.waitFor(isError('code_unknown'));
    }
    onA.send({ type: 'code-lookup', route: '200000' });
    await onA.waitFor(isError('rate_limited'));
    // Another device from the same network source, on the other instance.
    const onB = await hubDevice(b.url, '300000003');
    onB.send({ type: 'code-lookup', route: '200001' });
    expect((await onB.waitFor(isError('rate_limited'))).retryAfterMs).toBeGreaterThan(0);
  });

  it('an instance that goes away drops its devices; they reconnect to the other and are reached again', async () => {
    const { a, b, stop } = await twoInstances();
    const key = await registerDevice(b.url, '300000004');
    const host = await hubDevice(b.url, '300000004', key);
    const supporter = await hubDevice(a.url, SUPPORTER_ID);
    await stop(b);
    expect(await host.closed).toBe(1001);
    supporter.send(connect('300000004'));
    await supporter.waitFor(isError('partner_offline'));

    const again = await hubDevice(a.url, '300000004', key);
    const requestId = randomUUID();
    supporter.send(connect('300000004', requestId));
    expect(await again.waitFor(is('incoming'))).toMatchObject({ requestId, from: SUPPORTER_ID });
  });

  it("a session's relays reach its host at once when the host moves to another instance, or its instance stops", async () => {
    const { a, b, stop } = await twoInstances();
    const c = await startServer({ dataDir: b.dataDir, redis: redis.url, logger: logLines().logger });
    cleanups.push(() => c.close());
    const key = await registerDevice(b.url, '300000009');
    const host = await hubDevice(b.url, '300000009', key);
    const supporter = await hubDevice(a.url, SUPPORTER_ID);
    const requestId = randomUUID();
    supporter.send(connect('300000009', requestId));
    await host.waitFor(is('incoming'));
    host.send({ type: 'started', requestId });
    const relayTo = async (to: Awaited<ReturnType<typeof hubDevice>>, kind: string) => {
      supporter.send({ type: 'relay', requestId, payload: { kind } });
      expect(
        (
          await to.waitFor(
            (m): m is Extract<typeof m, { type: 'relay' }> =>
              m.type === 'relay' && (m.payload as { kind?: string }).kind === kind,
          )
        ).payload,
      ).toEqual({ kind });
    };
    // A learns the host is on B with the first relay, and trusts that for the next ones.
    await relayTo(host, 'first');

    // The host reconnects on C (its socket on B is replaced): the next relay still reaches it, at once.
    const onC = await hubDevice(c.url, '300000009', key);
    expect(await host.closed).toBe(4409);
    await relayTo(onC, 'after-moving');

    // It moves back to B, and then B stops and the host comes back on C: A's route to B leads nowhere.
    const onB = await hubDevice(b.url, '300000009', key);
    await relayTo(onB, 'back-on-b');
    await stop(b);
    expect(await onB.closed).toBe(1001);
    const again = await hubDevice(c.url, '300000009', key);
    await relayTo(again, 'after-b-stopped');
  });

  it('a device connecting again on another instance replaces its older socket there', async () => {
    const { a, b } = await twoInstances();
    const key = await registerDevice(a.url, '300000005');
    const first = await hubDevice(a.url, '300000005', key);
    const second = await hubDevice(b.url, '300000005', key);
    expect(await first.closed).toBe(4409);
    const supporter = await hubDevice(a.url, SUPPORTER_ID);
    supporter.send(connect('300000005'));
    await second.waitFor(is('incoming'));
  });

  it("a device cannot claim another device's route with its own key", async () => {
    const { a, b } = await twoInstances();
    const host = await hubDevice(b.url, HOST);
    const mallory = await registerDevice(a.url, '300000006');
    // A fresh socket on A offering the host's ID with Mallory's own, valid signature of its nonce.
    const impostor = openSocket(a.url);
    const hello = await impostor.next();
    if (hello.type !== 'hello') throw new Error('no hello');
    const signature = sign(null, Buffer.from(signalAuthPayload(hello.nonce)), mallory).toString('base64url');
    impostor.send({ type: 'auth', deviceId: HOST, signature });
    expect((await impostor.waitFor(isError('unauthenticated'))).code).toBe('unauthenticated');
    expect(await impostor.closed).toBe(4401);

    const supporter = await hubDevice(a.url, SUPPORTER_ID);
    const requestId = randomUUID();
    supporter.send(connect(HOST, requestId));
    expect(await host.waitFor(is('incoming'))).toMatchObject({ requestId });
  });

  it('sign-in back-off counts across instances; Redis and the logs hold no address, e-mail, password or code', async () => {
    const { a, b, logs } = await twoInstances();
    const admin = { email: 'ada@acme.test', password: 'correct horse battery' };
    const post = (server: RunningServer, path: string, body: unknown) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const setup = await post(a, '/api/v1/setup', {
      company: 'Acme',
      name: 'Ada',
      ...admin,
      setupToken: setupTokenOf(a),
    });
    expect(setup.status).toBe(201);
    const guesses = Array.from({ length: 10 }, (_, i) => `guess-number-${i}`);
    for (const guess of guesses) {
      expect((await post(a, '/api/v1/auth/sign-in', { email: admin.email, password: guess })).status).toBe(401);
    }
    // The eleventh try, on the other instance, with the right password: still refused.
    expect((await post(b, '/api/v1/auth/sign-in', admin)).status).toBe(429);

    const supporter = await hubDevice(a.url, SUPPORTER_ID);
    supporter.send({ type: 'code-create', supporter: SUPPORTER, access: 'view' });
    const { route } = await supporter.waitFor(is('code-created'));

    const keys = await redis.client.keys('*');
    expect(keys.some((key) => key.startsWith('tandem:rl:sign-in-source-email'))).toBe(true);
    expect(keys.some((key) => key.startsWith('tandem:code:'))).toBe(true);
    const values = await Promise.all(
      keys.map(async (key) => ((await redis.client.type(key)) === 'string' ? await redis.client.get(key) : '')),
    );
    const stored = [...keys, ...values].join('\n');
    const logged = [...logs[0].lines, ...logs[1].lines].join('\n');
    for (const secret of [admin.password, ...guesses]) {
      expect(stored).not.toContain(secret);
      expect(logged).not.toContain(secret);
    }
    for (const revealing of [admin.email, '127.0.0.1', route]) expect(keys.join('\n')).not.toContain(revealing);
  });

  it('a genuine bus message played back by someone who can publish to Redis is dropped, not delivered twice', async () => {
    const { a, b, logs } = await twoInstances();
    const host = await hubDevice(b.url, HOST);
    const supporter = await hubDevice(a.url, SUPPORTER_ID);
    const requestId = randomUUID();
    supporter.send(connect(HOST, requestId));
    await host.waitFor(is('incoming'));
    // An eavesdropper on Redis records what instance A puts on instance B's bus.
    const eavesdropper = new Redis(redis.url);
    cleanups.push(async () => void eavesdropper.disconnect());
    const recorded: { channel: string; message: string }[] = [];
    eavesdropper.on('pmessage', (_pattern: string, channel: string, message: string) =>
      recorded.push({ channel, message }),
    );
    await eavesdropper.psubscribe('tandem:bus:*');
    supporter.send({ type: 'relay', requestId, payload: { n: 1 } });
    expect(await host.waitFor(is('relay'))).toMatchObject({ payload: { n: 1 } });
    await expect.poll(() => recorded.length).toBeGreaterThan(0);
    // ... and publishes it again while it is still recent.
    for (const { channel, message } of recorded) await redis.client.publish(channel, message);
    // The next genuine message is the next the host sees: the copy never arrived.
    supporter.send({ type: 'relay', requestId, payload: { n: 2 } });
    expect(await host.waitFor(is('relay'))).toMatchObject({ payload: { n: 2 } });
    expect(logs[1].lines.some((line) => line.includes('dropped a replayed (or unnumbered) bus message'))).toBe(true);
  });

  it('while Redis is down, sign-in still answers and its back-off still holds, counted per instance', async () => {
    const own = await startRedisServer();
    const dir = tempDir();
    const server = await startServer({ dataDir: dir.path, redis: own.url, logger: false });
    cleanups.push(async () => {
      await server.close();
      await own.stop();
      dir.cleanup();
    });
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const admin = { email: 'ada@acme.test', password: 'correct horse battery' };
    expect(
      (await post('/api/v1/setup', { company: 'Acme', name: 'Ada', ...admin, setupToken: setupTokenOf(server) }))
        .status,
    ).toBe(201);
    await own.stop();
    expect((await post('/api/v1/auth/sign-in', admin)).status).toBe(200);
    for (let i = 0; i < 10; i++) {
      expect((await post('/api/v1/auth/sign-in', { ...admin, password: `guess-number-${i}` })).status).toBe(401);
    }
    expect((await post('/api/v1/auth/sign-in', admin)).status).toBe(429);
  });

  it('a request planted in Redis that this endpoint did not write is ignored and logged, and nothing else changes', async () => {
    const { a, b, logs } = await twoInstances();
    const host = await hubDevice(b.url, HOST);
    const supporter = await hubDevice(a.url, SUPPORTER_ID);
    const planted = randomUUID();
    await redis.client.set(`tandem:request:${planted}`, '{"requestId":"not a request"');
    await redis.client.sadd(`tandem:device-requests:${HOST}`, planted);
    const requestId = randomUUID();
    supporter.send(connect(HOST, requestId));
    expect(await host.waitFor(is('incoming'))).toMatchObject({ requestId });
    const lines = [...logs[0].lines, ...logs[1].lines];
    expect(
      lines.some((line) => line.includes('ignored a signaling request in Redis that is not one this endpoint wrote')),
    ).toBe(true);
  });

  it('a forged message on an instance bus is dropped and logged, never delivered', async () => {
    const { a, b, logs } = await twoInstances();
    const host = await hubDevice(b.url, HOST);
    const channels = await redis.client.pubsub('CHANNELS', 'tandem:bus:*');
    expect(channels).toHaveLength(2);
    const forged = {
      kind: 'deliver',
      to: HOST,
      message: { type: 'relay', requestId: randomUUID(), payload: 'forged' },
    };
    const body = JSON.stringify({ at: Date.now(), body: forged });
    for (const channel of channels as string[]) {
      await redis.client.publish(channel, `${'A'.repeat(43)}.${body}`);
      await redis.client.publish(channel, JSON.stringify(forged));
    }
    // The next genuine message reaches the host first: the forged ones (published before it) never did.
    const supporter = await hubDevice(a.url, SUPPORTER_ID);
    const requestId = randomUUID();
    supporter.send(connect(HOST, requestId));
    const next = await host.next();
    expect(next).toMatchObject({ type: 'incoming', requestId });
    const dropped = logs[1].lines.filter((line) => line.includes('dropped a bus message not signed by this endpoint'));
    expect(dropped).toHaveLength(2);
    expect(dropped.join('\n')).not.toContain('forged');
  });
});
