import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RunningServer, ServerOptions } from '../../../../server/app';
import { NODE_LINK_PATH } from '../../../../server/shared/nodeLinks';
import { startRedisServer, type RedisServer } from '../../../support/redisServer';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { hubDevice, is, registerDevice } from '../signaling/hubClient';

const METRICS_TOKEN = 'node-links-metrics-token';
const SUPPORTER = { name: 'Ada Support', company: 'Helpdesk Inc' };

/** How many messages an instance sent to other instances, by path, as Prometheus reads it. */
async function nodeMessages(server: RunningServer): Promise<{ direct: number; redis: number }> {
  const text = await (
    await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const count = (path: string) =>
    Number(new RegExp(`^tandem_node_messages_total\\{path="${path}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return { direct: count('direct'), redis: count('redis') };
}

describe('direct links between instances (--node-url): signaling skips Redis’s pub/sub, which stays the way when there is no link', () => {
  let redis: RedisServer;
  const running: RunningServer[] = [];
  let dir: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => redis?.stop());
  afterEach(async () => {
    for (const server of running.splice(0)) await server.close();
    dir?.cleanup();
    await redis.client.flushall();
  });

  const start = async (options: Partial<ServerOptions> = {}) => {
    const server = await startServer({
      dataDir: dir.path,
      redis: redis.url,
      metricsToken: METRICS_TOKEN,
      logger: false,
      ...options,
    });
    running.push(server);
    return server;
  };

  /** A supporter on `from` asks the host on `to`, then they relay `rounds` messages each way. */
  async function session(from: RunningServer, to: RunningServer, hostId: string, supporterId: string, rounds: number) {
    const host = await hubDevice(to.url, hostId, await registerDevice(to.url, hostId));
    const supporter = await hubDevice(from.url, supporterId);
    const requestId = randomUUID();
    supporter.send({ type: 'connect', requestId, target: hostId, supporter: SUPPORTER, access: 'full' });
    await host.waitFor(is('incoming'));
    for (let round = 0; round < rounds; round++) {
      supporter.send({ type: 'relay', requestId, payload: { round } });
      expect((await host.waitFor(is('relay'))).payload).toEqual({ round });
      host.send({ type: 'relay', requestId, payload: { round, back: true } });
      expect((await supporter.waitFor(is('relay'))).payload).toEqual({ round, back: true });
    }
    return { host, supporter, requestId };
  }

  it('relays between a supporter on A and a host on B go over the direct link once it is open; every message arrives, in order', async () => {
    dir = tempDir();
    const a = await start({ nodeUrl: 'listen' });
    const b = await start({ nodeUrl: 'listen' });
    // Both announced where they listen.
    expect((await redis.client.keys('tandem:node-address:*')).sort()).toHaveLength(2);

    const { host, supporter, requestId } = await session(a, b, '300000001', '300000002', 3);
    // The link opens beside the first messages (they went through Redis); the next ones take it.
    await expect
      .poll(
        async () => {
          supporter.send({ type: 'relay', requestId, payload: { probe: true } });
          await host.waitFor(is('relay'));
          return (await nodeMessages(a)).direct;
        },
        { timeout: 10_000, interval: 100 },
      )
      .toBeGreaterThan(0);
    for (let i = 0; i < 50; i++) supporter.send({ type: 'relay', requestId, payload: { i } });
    const heard: unknown[] = [];
    while (heard.length < 50) heard.push((await host.waitFor(is('relay'))).payload);
    expect(heard).toEqual(Array.from({ length: 50 }, (_, i) => ({ i })));
    const sent = await nodeMessages(a);
    expect(sent.direct).toBeGreaterThanOrEqual(50);
    // A relay near the signaling frame limit goes through Redis (its envelope would not fit a link's frame)…
    const large = 'x'.repeat(90_000);
    supporter.send({ type: 'relay', requestId, payload: { large } });
    expect((await host.waitFor(is('relay'))).payload).toEqual({ large });
    expect((await nodeMessages(a)).redis).toBeGreaterThan(sent.redis);
    // …and the link stays open for the next.
    supporter.send({ type: 'relay', requestId, payload: { after: true } });
    expect((await host.waitFor(is('relay'))).payload).toEqual({ after: true });
    expect((await nodeMessages(a)).direct).toBeGreaterThan(sent.direct);
  });

  it('without an announced address (B has no --node-url), relays go through Redis and arrive the same', async () => {
    dir = tempDir();
    const a = await start({ nodeUrl: 'listen' });
    const b = await start();
    await session(a, b, '300000003', '300000004', 5);
    const sent = await nodeMessages(a);
    expect(sent.direct).toBe(0);
    expect(sent.redis).toBeGreaterThanOrEqual(5);
  });

  it('an instance that stops is dropped from the links: its devices, back on a new instance, are reached through Redis, then directly', async () => {
    dir = tempDir();
    const a = await start({ nodeUrl: 'listen' });
    const b = await start({ nodeUrl: 'listen' });
    await session(a, b, '300000005', '300000006', 2);
    await b.close();
    running.splice(running.indexOf(b), 1);
    const c = await start({ nodeUrl: 'listen' });
    const before = await nodeMessages(a);
    const { host, supporter, requestId } = await session(a, c, '300000007', '300000008', 2);
    expect((await nodeMessages(a)).redis).toBeGreaterThan(before.redis);
    await expect
      .poll(
        async () => {
          supporter.send({ type: 'relay', requestId, payload: { probe: true } });
          await host.waitFor(is('relay'));
          return (await nodeMessages(a)).direct;
        },
        { timeout: 10_000, interval: 100 },
      )
      .toBeGreaterThan(before.direct);
  });

  it('a socket that is not another instance of this endpoint is closed: no hello, a forged hello', async () => {
    dir = tempDir();
    const a = await start({ nodeUrl: 'listen' });
    const closedWith = async (first: string) => {
      const socket = new WebSocket(`${a.url.replace(/^http/, 'ws')}${NODE_LINK_PATH}`);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
      socket.send(first);
      return closed;
    };
    expect(await closedWith('hello')).toBe(1008);
    const text = JSON.stringify({ id: 'x', at: Date.now(), body: { from: 'me' } });
    expect(await closedWith(`${'A'.repeat(43)}.${text}`)).toBe(1008);
  });
});
