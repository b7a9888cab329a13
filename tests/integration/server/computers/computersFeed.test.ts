import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import { COMPUTERS_CONSOLE_FEED_PATH, CONSOLE_FEED_SIGNED_OUT } from '../../../../src-shared/signaling/consoleFeed';
import { serverMessageSchema, type ServerMessage } from '../../../../src-shared/signaling/protocol';
import { companyParties } from '../../../support/companyParties';
import { startRedisServer, type RedisServer } from '../../../support/redisServer';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { consoleSocket } from '../signaling/consoleSocket';
import { hubDevice, is } from '../signaling/hubClient';

/**
 * Computers, live: a supporter's device subscribes on its signaling socket with a ticket and hears
 * its company's computers come online and go offline — pushed, never polled, never another
 * company's computer, and not at all without `computers.view`.
 */

const SUBSCRIPTION = '/api/v1/computers/subscription';

type Party = Awaited<ReturnType<ReturnType<typeof companyParties>['device']>>;

describe('Computers’ presence pushed over the signaling connection', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  let parties: ReturnType<typeof companyParties>;
  let acme: { companyId: string; admin: string };
  let globex: { companyId: string; admin: string };

  beforeEach(async () => {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    parties = companyParties(() => server.url, dir.path);
    acme = await parties.company('Acme', 'ada@acme.test');
    globex = await parties.company('Globex', 'gus@globex.test');
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  const ticketFor = async (device: Party, token: string) => {
    const answer = await device.call('POST', SUBSCRIPTION, undefined, device.deviceId, token);
    expect(answer.status).toBe(200);
    return answer.body!.ticket as string;
  };

  /** A device on the hub, every frame it receives kept. */
  const onHub = async (device: Party) => {
    const client = await hubDevice(server.url, device.deviceId, device.privateKey);
    const frames: ServerMessage[] = [];
    client.socket.on('message', (data) => frames.push(serverMessageSchema.parse(JSON.parse(String(data)))));
    return { ...client, frames };
  };

  /** A supporter of the company with `computers.view`, subscribed on their device's socket. */
  const subscribed = async (admin: string, email: string) => {
    const token = await parties.user(admin, email, ['computers.view']);
    const device = await parties.device();
    const hub = await onHub(device);
    hub.send({ type: 'computers-subscribe', ticket: await ticketFor(device, token) });
    await hub.waitFor(is('computers-subscribed'));
    return { hub, device, token };
  };

  it('a company’s computer coming online and going offline reaches its supporters, and no other company’s', async () => {
    // The computers are the companies' before anyone watches: only their presence is told here.
    const acmePc = await parties.device(acme.admin);
    const globexPc = await parties.device(globex.admin);
    const sam = await subscribed(acme.admin, 'sam@acme.test');
    const gus = await subscribed(globex.admin, 'gail@globex.test');

    const pc = await hubDevice(server.url, acmePc.deviceId, acmePc.privateKey);
    expect(await sam.hub.waitFor(is('computers-changed'))).toEqual({
      type: 'computers-changed',
      deviceId: acmePc.deviceId,
      online: true,
    });
    pc.socket.close();
    await pc.closed;
    expect(await sam.hub.waitFor(is('computers-changed'))).toEqual({
      type: 'computers-changed',
      deviceId: acmePc.deviceId,
      online: false,
    });

    // Globex's computer: Gus hears it both ways; Sam hears nothing of it (his pong comes after).
    const other = await hubDevice(server.url, globexPc.deviceId, globexPc.privateKey);
    expect(await gus.hub.waitFor(is('computers-changed'))).toMatchObject({ deviceId: globexPc.deviceId, online: true });
    other.socket.close();
    await other.closed;
    expect(await gus.hub.waitFor(is('computers-changed'))).toMatchObject({
      deviceId: globexPc.deviceId,
      online: false,
    });
    sam.hub.send({ type: 'ping' });
    await sam.hub.waitFor(is('pong'));
    const heard = sam.hub.frames.filter((frame) => frame.type === 'computers-changed');
    expect(heard.map((frame) => frame.type === 'computers-changed' && frame.deviceId)).toEqual([
      acmePc.deviceId,
      acmePc.deviceId,
    ]);
    expect(
      gus.hub.frames.some((frame) => frame.type === 'computers-changed' && frame.deviceId === acmePc.deviceId),
    ).toBe(false);
  });

  it('is refused without computers.view, with another device’s ticket, and after the permission is gone', async () => {
    const nora = await parties.user(acme.admin, 'nora@acme.test', ['liveview.view']);
    const own = await parties.device();
    expect((await own.call('POST', SUBSCRIPTION, undefined, own.deviceId, nora)).status).toBe(403);

    const sam = await parties.user(acme.admin, 'sam@acme.test', ['computers.view']);
    const hub = await onHub(own);
    const elsewhere = await parties.device();
    const elsewhereHub = await onHub(elsewhere);
    elsewhereHub.send({ type: 'computers-subscribe', ticket: await ticketFor(own, sam) });
    expect(await elsewhereHub.next()).toEqual({ type: 'computers-refused', code: 'liveview_ticket_invalid' });

    const fresh = await ticketFor(own, sam);
    const roles = await parties.call('GET', '/api/v1/admin/roles', undefined, acme.admin);
    const role = (roles.body!.roles as { id: string; name: string }[]).find((r) => r.name === 'Role of sam@acme.test')!;
    const changed = await parties.call(
      'PUT',
      `/api/v1/admin/roles/${role.id}`,
      { name: role.name, permissions: ['liveview.view'] },
      acme.admin,
    );
    expect(changed.status).toBe(204);
    hub.send({ type: 'computers-subscribe', ticket: fresh });
    expect(await hub.next()).toEqual({ type: 'computers-refused', code: 'forbidden' });

    // Refused: a company computer coming online is not told to it; a permitted colleague hears it (the proof it was told).
    const acmePc = await parties.device(acme.admin);
    const { hub: colleague } = await subscribed(acme.admin, 'cleo@acme.test');
    const pc = await hubDevice(server.url, acmePc.deviceId, acmePc.privateKey);
    expect(await colleague.waitFor(is('computers-changed'))).toMatchObject({ deviceId: acmePc.deviceId, online: true });
    hub.send({ type: 'ping' });
    await hub.waitFor(is('pong'));
    expect(hub.frames.some((frame) => frame.type === 'computers-changed')).toBe(false);
    for (const socket of [pc.socket, hub.socket, elsewhereHub.socket, colleague.socket]) socket.close();
  });

  it('a computer joining the company and being removed from it changes the company’s list at once, and no other’s', async () => {
    const sam = await subscribed(acme.admin, 'sam@acme.test');
    const gus = await subscribed(globex.admin, 'gail@globex.test');
    const joined = await parties.device(acme.admin);
    expect(await sam.hub.waitFor(is('computers-changed'))).toEqual({
      type: 'computers-changed',
      deviceId: joined.deviceId,
      online: false,
    });
    const removed = await parties.call('DELETE', `/api/v1/admin/devices/${joined.deviceId}`, undefined, acme.admin);
    expect(removed.status).toBe(204);
    expect(await sam.hub.waitFor(is('computers-changed'))).toMatchObject({ deviceId: joined.deviceId });
    // Globex's own new computer is told to Gus: by then Acme's two changes would have reached him too.
    const theirs = await parties.device(globex.admin);
    expect(await gus.hub.waitFor(is('computers-changed'))).toMatchObject({ deviceId: theirs.deviceId });
    expect(
      gus.hub.frames.some((frame) => frame.type === 'computers-changed' && frame.deviceId === joined.deviceId),
    ).toBe(false);
    sam.hub.socket.close();
    gus.hub.socket.close();
  });

  it('the web console’s list hears the same changes over its own socket, authenticated by the tab’s session', async () => {
    const acmePc = await parties.device(acme.admin);
    const sam = await parties.user(acme.admin, 'sam@acme.test', ['computers.view']);
    const tab = await consoleSocket(server.url, COMPUTERS_CONSOLE_FEED_PATH, sam);
    expect(await tab.next()).toEqual({ type: 'computers-subscribed' });
    const pc = await hubDevice(server.url, acmePc.deviceId, acmePc.privateKey);
    expect(await tab.next()).toEqual({ type: 'computers-changed', deviceId: acmePc.deviceId, online: true });
    pc.socket.close();

    // Without computers.view the socket is refused and closed; a stranger's token is signed out.
    const nora = await parties.user(acme.admin, 'nora@acme.test', ['liveview.view']);
    const refused = await consoleSocket(server.url, COMPUTERS_CONSOLE_FEED_PATH, nora);
    expect(await refused.next()).toEqual({ type: 'computers-refused', code: 'forbidden' });
    expect(await refused.closed).toBe(1000);
    const stranger = await consoleSocket(server.url, COMPUTERS_CONSOLE_FEED_PATH, 'not-a-session-token');
    expect(await stranger.closed).toBe(CONSOLE_FEED_SIGNED_OUT);
    tab.socket.close();
  });
});

describe('Computers’ presence across two endpoint instances sharing one database and one Redis', () => {
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

  it('a computer on one instance coming and going reaches its company’s supporter on the other, and no one else', async () => {
    dir = tempDir();
    a = await startServer({ dataDir: dir.path, redis: redis.url, logger: false });
    b = await startServer({ dataDir: dir.path, redis: redis.url, logger: false });
    const parties = companyParties(() => a.url, dir.path);
    const acme = await parties.company('Acme', 'ada@acme.test');
    const globex = await parties.company('Globex', 'gus@globex.test');
    const sam = await parties.user(acme.admin, 'sam@acme.test', ['computers.view']);
    const globexPc = await parties.device(globex.admin);
    const acmePc = await parties.device(acme.admin);
    const samsPc = await parties.device();
    const ticket = await samsPc.call('POST', SUBSCRIPTION, undefined, samsPc.deviceId, sam);
    const hub = await hubDevice(a.url, samsPc.deviceId, samsPc.privateKey);
    const frames: ServerMessage[] = [];
    hub.socket.on('message', (data) => frames.push(serverMessageSchema.parse(JSON.parse(String(data)))));
    hub.send({ type: 'computers-subscribe', ticket: ticket.body!.ticket });
    await hub.waitFor(is('computers-subscribed'));

    // Globex's computer first: if it reached Sam, it would come before Acme's.
    const other = await hubDevice(b.url, globexPc.deviceId, globexPc.privateKey);
    const pc = await hubDevice(b.url, acmePc.deviceId, acmePc.privateKey);
    expect(await hub.waitFor(is('computers-changed'))).toEqual({
      type: 'computers-changed',
      deviceId: acmePc.deviceId,
      online: true,
    });
    pc.socket.close();
    await pc.closed;
    expect(await hub.waitFor(is('computers-changed'))).toEqual({
      type: 'computers-changed',
      deviceId: acmePc.deviceId,
      online: false,
    });
    expect(frames.some((frame) => frame.type === 'computers-changed' && frame.deviceId === globexPc.deviceId)).toBe(
      false,
    );
    other.socket.close();
    hub.socket.close();
  });
});
