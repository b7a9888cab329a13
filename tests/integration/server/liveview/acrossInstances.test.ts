import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import { startServer } from '../../../support/testServer';
import { LOOKUP_LIMITS } from '../../../../server/liveview/routes';
import { apiCaller } from '../../../support/apiCall';
import { companyParties } from '../../../support/companyParties';
import { startRedisServer, type RedisServer } from '../../../support/redisServer';
import { tempDir } from '../../../support/tempDir';
import { hubDevice, is } from '../signaling/hubClient';

const HELP = '/api/v1/devices/me/help-session';
const LOOKUP = '/api/v1/liveview/connect-by-code';
const SUBSCRIPTION = '/api/v1/liveview/subscription';

const presence = (deviceName: string, status: 'active' | 'idle' = 'active') => ({
  status,
  foregroundApp: null,
  deviceName,
  os: { name: 'macOS', version: '15.1' },
  location: 'Vienna',
  tags: [`${deviceName}@example.test`],
});
const askFor = (deviceName: string) => ({
  acknowledgement: { textVersion: 'lv-ack-1', acknowledgedAt: new Date().toISOString() },
  presence: presence(deviceName),
});

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

  it('a help session opened, changed and stopped through A is pushed to subscribers on B, only to its company’s', async () => {
    dir = tempDir();
    a = await startServer({ dataDir: dir.path, redis: redis.url, logger: false });
    b = await startServer({ dataDir: dir.path, redis: redis.url, logger: false });
    const onA = companyParties(() => a.url, dir.path);
    const acme = await onA.company('Acme', 'ada@acme.test');
    const globex = await onA.company('Globex', 'gus@globex.test');
    // Tickets come from A and are presented on B: every instance checks what any instance signed.
    const subscribe = async (admin: string, email: string) => {
      const token = await onA.user(admin, email, ['liveview.view']);
      const device = await onA.device();
      const ticket = await device.call('POST', SUBSCRIPTION, undefined, device.deviceId, token);
      expect(ticket.status).toBe(200);
      const hub = await hubDevice(b.url, device.deviceId, device.privateKey);
      hub.send({ type: 'liveview-subscribe', ticket: ticket.body!.ticket });
      expect(await hub.waitFor(is('liveview-snapshot'))).toMatchObject({ helpSessions: [], done: true });
      return hub;
    };
    const sam = await subscribe(acme.admin, 'sam@acme.test');
    const gus = await subscribe(globex.admin, 'gus2@globex.test');

    const erika = await onA.device(acme.admin);
    const opened = await erika.call('POST', HELP, askFor('Erika-PC'));
    expect(opened.status).toBe(200);
    const id = opened.body!.id as string;
    expect(await sam.next()).toMatchObject({ type: 'liveview-upsert', helpSession: { id, deviceName: 'Erika-PC' } });
    expect((await erika.call('PUT', `${HELP}/presence`, presence('Erika-PC', 'idle'))).status).toBe(200);
    expect(await sam.next()).toMatchObject({ type: 'liveview-upsert', helpSession: { id, status: 'idle' } });
    expect((await erika.call('DELETE', HELP)).status).toBe(204);
    expect(await sam.next()).toEqual({ type: 'liveview-remove', id, reason: 'ended' });

    // Globex's supporter on B heard none of it: its first frame since the snapshot is its own company's.
    const otto = await onA.device(globex.admin);
    const own = await otto.call('POST', HELP, askFor('Otto-PC'));
    expect(await gus.next()).toMatchObject({ type: 'liveview-upsert', helpSession: { id: own.body!.id } });
    sam.socket.close();
    gus.socket.close();
  });
});
