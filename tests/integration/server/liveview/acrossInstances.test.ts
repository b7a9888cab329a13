import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import { startServer } from '../../../support/testServer';
import { LOOKUP_LIMITS } from '../../../../server/liveview/routes';
import { apiCaller } from '../../../support/apiCall';
import { companyParties } from '../../../support/companyParties';
import { startRedisServer, type RedisServer } from '../../../support/redisServer';
import { tempDir } from '../../../support/tempDir';

const HELP = '/api/v1/devices/me/help-session';
const LOOKUP = '/api/v1/liveview/connect-by-code';

describe('Live View on two endpoint instances sharing one database and one Redis', () => {
  let redis: RedisServer;
  let dir: ReturnType<typeof tempDir>;
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => redis?.stop());
  afterEach(async () => {
    await a?.close();
    await b?.close();
    dir?.cleanup();
  });

  it('a help session opened on one instance is found on the other, and failed lookups count on both together', async () => {
    dir = tempDir();
    a = await startServer({ dataDir: dir.path, redis: redis.url, logger: false });
    b = await startServer({ dataDir: dir.path, redis: redis.url, logger: false });
    const onA = companyParties(() => a.url, dir.path);
    const onB = apiCaller(() => b.url);
    const acme = await onA.company('Acme', 'ada@acme.test');
    const sam = await onA.user(acme.admin, 'sam@acme.test', ['liveview.view']);
    const erika = await onA.device(acme.admin);
    const opened = await erika.call('POST', HELP, {
      acknowledgement: { textVersion: 'lv-ack-1', acknowledgedAt: new Date().toISOString() },
      presence: {
        status: 'active',
        foregroundApp: null,
        deviceName: 'Erika-PC',
        os: { name: 'macOS', version: '15.1' },
        location: 'Vienna',
        tags: ['erika@acme.test'],
      },
    });
    expect(opened.status).toBe(200);
    const code = opened.body!.code as string;
    expect((await onB('GET', '/api/v1/liveview/help-sessions', undefined, sam)).body).toMatchObject({
      helpSessions: [{ code, location: 'Vienna' }],
      total: 1,
    });
    expect((await onB('POST', LOOKUP, { code }, sam)).body).toMatchObject({ code, deviceId: erika.deviceId });

    const wrong = code === '100000000' ? '100000001' : '100000000';
    for (let attempt = 0; attempt < LOOKUP_LIMITS.perSupporter; attempt++) {
      const instance = attempt % 2 === 0 ? onA.call : onB;
      expect((await instance('POST', LOOKUP, { code: wrong }, sam)).status).toBe(404);
    }
    for (const instance of [onA.call, onB]) {
      expect((await instance('POST', LOOKUP, { code }, sam)).status).toBe(429);
    }
  });
});
