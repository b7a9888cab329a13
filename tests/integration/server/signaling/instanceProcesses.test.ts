import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnUntil, type ReadyProcess } from '../../../support/processes';
import { startRedisServer, type RedisServer } from '../../../support/redisServer';
import { tempDir } from '../../../support/tempDir';
import { hubDevice, is, isError, registerDevice } from './hubClient';

const SUPPORTER = { name: 'Ada Support', company: '' };

/** The built endpoint (`out/server/main.cjs`) as an operator runs it, twice, on one data folder and one Redis. */
describe('endpoint processes sharing one Redis', () => {
  let redis: RedisServer;
  const cleanups: (() => unknown)[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => redis?.stop());
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function instance(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<ReadyProcess<{ url: string }>> {
    const server = await spawnUntil<{ url: string }>(
      process.execPath,
      ['out/server/main.cjs', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'],
      'listening',
      { env: { TANDEM_REDIS_URL: redis.url, ...env } },
    );
    cleanups.push(() => server.stop());
    return server;
  }

  it('a device whose instance is killed is offline at once, then reached through the other', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.cleanup());
    const a = await instance(dir.path);
    const b = await instance(dir.path);
    const key = await registerDevice(a.ready.url, '400000001');
    const host = await hubDevice(b.ready.url, '400000001', key);
    const supporter = await hubDevice(a.ready.url, '400000002');
    const before = randomUUID();
    supporter.send({ type: 'connect', requestId: before, target: '400000001', supporter: SUPPORTER, access: 'view' });
    expect(await host.waitFor(is('incoming'))).toMatchObject({ requestId: before });

    b.child.kill('SIGKILL');
    await host.closed;
    // Redis has seen B's connections go (its bus channel has no listener left).
    await expect.poll(async () => (await redis.client.pubsub('CHANNELS', 'tandem:bus:*')).length).toBe(1);
    // B never gave up its route: nobody listens on its channel any more, so A counts the host offline.
    supporter.send({
      type: 'connect',
      requestId: randomUUID(),
      target: '400000001',
      supporter: SUPPORTER,
      access: 'view',
    });
    await supporter.waitFor(isError('partner_offline'));

    const again = await hubDevice(a.ready.url, '400000001', key);
    const after = randomUUID();
    supporter.send({ type: 'connect', requestId: after, target: '400000001', supporter: SUPPORTER, access: 'view' });
    expect(await again.waitFor(is('incoming'))).toMatchObject({ requestId: after });
  });

  it('refuses to start when Redis does not answer, naming it without its password', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.cleanup());
    const failed = await instance(dir.path, {
      TANDEM_REDIS_URL: 'redis://:hunter2-redis-password@127.0.0.1:1',
    }).catch((error: Error) => error);
    expect(failed).toBeInstanceOf(Error);
    const message = (failed as Error).message;
    expect(message).toContain('exited (2)');
    expect(message).toMatch(/Redis at redis:\/\/127\.0\.0\.1:1\/? is not reachable/);
    expect(message).not.toContain('hunter2');
  });
});
