import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import { LIVEVIEW_TICKET_TTL_MS, type HelpSessionEvent } from '../../../../src-shared/liveview/contract';
import { serverMessageSchema, type ServerMessage } from '../../../../src-shared/signaling/protocol';
import { companyParties } from '../../../support/companyParties';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { hubDevice, is } from '../signaling/hubClient';

/**
 * LV-1, live: a supporter's device subscribes on its signaling socket with a ticket and receives
 * its company's help sessions as they open, change and go — pushed, never polled, never another
 * company's. The endpoint's Live View clock is the test's, so silence needs no waiting.
 */

const HELP = '/api/v1/devices/me/help-session';
const SUBSCRIPTION = '/api/v1/liveview/subscription';

const presence = (deviceName: string, status: 'active' | 'idle' = 'active', foregroundApp = 'Excel') => ({
  status,
  foregroundApp,
  deviceName,
  os: { name: 'Windows', version: '11' },
  location: 'Berlin',
  tags: [`${deviceName.toLowerCase()}@example.test`],
});
const askFor = (deviceName: string) => ({
  acknowledgement: { textVersion: 'lv-ack-1', acknowledgedAt: new Date().toISOString() },
  presence: presence(deviceName),
});

type Party = Awaited<ReturnType<ReturnType<typeof companyParties>['device']>>;

describe('Live View pushed over the signaling connection', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  let parties: ReturnType<typeof companyParties>;
  /** How far the endpoint's Live View clock is ahead of the real one. */
  let ahead = 0;
  let acme: { companyId: string; admin: string };
  let globex: { companyId: string; admin: string };

  beforeEach(async () => {
    dir = tempDir();
    ahead = 0;
    server = await startServer({
      dataDir: dir.path,
      logger: false,
      liveview: { now: () => Date.now() + ahead, sweepPeriodMs: 50 },
    });
    parties = companyParties(() => server.url, dir.path);
    acme = await parties.company('Acme', 'ada@acme.test');
    globex = await parties.company('Globex', 'gus@globex.test');
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  /** A ticket for `device` and the user of `token`, as the supporter's core asks for one. */
  const ticketFor = async (device: Party, token: string) => {
    const answer = await device.call('POST', SUBSCRIPTION, undefined, device.deviceId, token);
    expect(answer.status).toBe(200);
    return answer.body!.ticket as string;
  };

  /** A supporter's device on the hub, every frame it receives kept. */
  const onHub = async (device: Party) => {
    const client = await hubDevice(server.url, device.deviceId, device.privateKey);
    const frames: ServerMessage[] = [];
    client.socket.on('message', (data) => frames.push(serverMessageSchema.parse(JSON.parse(String(data)))));
    return { ...client, frames };
  };

  /** A supporter of the company with `liveview.view`, subscribed: its socket and the first snapshot. */
  const subscribed = async (admin: string, email: string) => {
    const token = await parties.user(admin, email, ['liveview.view']);
    const device = await parties.device();
    const hub = await onHub(device);
    hub.send({ type: 'liveview-subscribe', ticket: await ticketFor(device, token) });
    const snapshot = await hub.waitFor(is('liveview-snapshot'));
    expect(snapshot.done).toBe(true);
    return { hub, device, token, snapshot };
  };

  it('a subscription starts with the company’s help sessions, then each open, change, stop and silence arrives; a heartbeat that changes nothing does not', async () => {
    const erika = await parties.device(acme.admin);
    const opened = await erika.call('POST', HELP, askFor('Erika-PC'));
    expect(opened.status).toBe(200);
    const { hub, snapshot } = await subscribed(acme.admin, 'sam@acme.test');
    expect(snapshot.helpSessions).toEqual([
      expect.objectContaining({ id: opened.body!.id, code: opened.body!.code, deviceName: 'Erika-PC' }),
    ]);

    const max = await parties.device(acme.admin);
    const maxOpened = await max.call('POST', HELP, askFor('Max-PC'));
    expect(await hub.next()).toMatchObject({
      type: 'liveview-upsert',
      helpSession: { id: maxOpened.body!.id, code: maxOpened.body!.code, status: 'active', deviceName: 'Max-PC' },
    });

    expect((await erika.call('PUT', `${HELP}/presence`, presence('Erika-PC', 'idle'))).status).toBe(200);
    expect(await hub.next()).toMatchObject({
      type: 'liveview-upsert',
      helpSession: { id: opened.body!.id, status: 'idle' },
    });

    // Erika's heartbeat changes nothing a supporter sees; Max's next report does: only Max's arrives.
    expect((await erika.call('PUT', `${HELP}/presence`, presence('Erika-PC', 'idle'))).status).toBe(200);
    expect((await max.call('PUT', `${HELP}/presence`, presence('Max-PC', 'active', 'Outlook'))).status).toBe(200);
    expect(await hub.next()).toMatchObject({
      type: 'liveview-upsert',
      helpSession: { id: maxOpened.body!.id, foregroundApp: 'Outlook' },
    });

    expect((await erika.call('DELETE', HELP)).status).toBe(204);
    expect(await hub.next()).toEqual({ type: 'liveview-remove', id: opened.body!.id, reason: 'ended' });

    // Max's app dies: nothing more from it, and 35 s later (on the endpoint's clock) the sweep tells.
    ahead = 36_000;
    expect(await hub.next()).toEqual({ type: 'liveview-remove', id: maxOpened.body!.id, reason: 'silent' });

    // After an unsubscribe nothing more arrives: the next frame is the answer to a ping.
    hub.send({ type: 'liveview-unsubscribe' });
    hub.send({ type: 'ping' });
    expect(await hub.next()).toEqual({ type: 'pong' });
    await parties.device(acme.admin).then((late) => late.call('POST', HELP, askFor('Late-PC')));
    hub.send({ type: 'ping' });
    expect(await hub.next()).toEqual({ type: 'pong' });
    hub.socket.close();
  });

  it('refuses a ticket of another device, an altered or expired one, and a user who lost liveview.view', async () => {
    const sam = await parties.user(acme.admin, 'sam@acme.test', ['liveview.view']);
    const own = await parties.device();
    const other = await parties.device();
    const ticket = await ticketFor(own, sam);
    const elsewhere = await onHub(other);
    elsewhere.send({ type: 'liveview-subscribe', ticket });
    expect(await elsewhere.next()).toEqual({ type: 'liveview-refused', code: 'liveview_ticket_invalid' });

    const hub = await onHub(own);
    const [payload, mac] = ticket.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, companyId: globex.companyId })).toString('base64url');
    hub.send({ type: 'liveview-subscribe', ticket: `${forged}.${mac}` });
    expect(await hub.next()).toEqual({ type: 'liveview-refused', code: 'liveview_ticket_invalid' });

    ahead = LIVEVIEW_TICKET_TTL_MS + 1000;
    hub.send({ type: 'liveview-subscribe', ticket });
    expect(await hub.next()).toEqual({ type: 'liveview-refused', code: 'liveview_ticket_expired' });
    ahead = 0;

    // Without the permission there is no ticket; losing it refuses the next subscription.
    const nora = await parties.user(acme.admin, 'nora@acme.test', ['insights.view']);
    expect((await own.call('POST', SUBSCRIPTION, undefined, own.deviceId, nora)).status).toBe(403);
    const fresh = await ticketFor(own, sam);
    const roles = await parties.call('GET', '/api/v1/admin/roles', undefined, acme.admin);
    const role = (roles.body!.roles as { id: string; name: string }[]).find((r) => r.name === 'Role of sam@acme.test')!;
    const changed = await parties.call(
      'PUT',
      `/api/v1/admin/roles/${role.id}`,
      { name: role.name, permissions: ['insights.view'] },
      acme.admin,
    );
    expect(changed.status).toBe(204);
    hub.send({ type: 'liveview-subscribe', ticket: fresh });
    expect(await hub.next()).toEqual({ type: 'liveview-refused', code: 'forbidden' });
    // Refused subscriptions receive nothing of the company's help sessions.
    expect(hub.frames.some((frame) => frame.type.startsWith('liveview-') && frame.type !== 'liveview-refused')).toBe(
      false,
    );
    hub.socket.close();
    elsewhere.socket.close();
  });

  it('a subscription ends when its ticket runs out: refused as expired, and nothing of the company follows', async () => {
    const sam = await parties.user(acme.admin, 'sam@acme.test', ['liveview.view']);
    const device = await parties.device();
    const ticket = await ticketFor(device, sam);
    const hub = await onHub(device);
    // On the endpoint's clock the ticket has a moment left when it is presented.
    ahead = LIVEVIEW_TICKET_TTL_MS - 300;
    hub.send({ type: 'liveview-subscribe', ticket });
    expect(await hub.next()).toEqual({ type: 'liveview-snapshot', helpSessions: [], done: true });
    expect(await hub.next()).toEqual({ type: 'liveview-refused', code: 'liveview_ticket_expired' });
    const erika = await parties.device(acme.admin);
    expect((await erika.call('POST', HELP, askFor('Erika-PC'))).status).toBe(200);
    hub.send({ type: 'ping' });
    expect(await hub.next()).toEqual({ type: 'pong' });
    hub.socket.close();
  });

  it('a device removed from its company, or leaving it, is gone from the Live View at once, and the record says why', async () => {
    // Removed by an administrator (IT enrolled it).
    const erika = await parties.device(acme.admin);
    const erikaOpened = await erika.call('POST', HELP, askFor('Erika-PC'));
    // Added by a user of the company, so it may leave on its own.
    const max = await parties.device();
    expect(
      (await max.call('POST', '/api/v1/devices/me/join-company', undefined, max.deviceId, acme.admin)).status,
    ).toBe(200);
    const maxOpened = await max.call('POST', HELP, askFor('Max-PC'));
    const { hub, snapshot, token: sam } = await subscribed(acme.admin, 'sam@acme.test');
    expect(snapshot.helpSessions.map((shown) => shown.id).sort()).toEqual(
      [erikaOpened.body!.id, maxOpened.body!.id].sort(),
    );

    // The endpoint's clock stands still: no sweep could call either silent.
    const removed = await parties.call('DELETE', `/api/v1/admin/devices/${erika.deviceId}`, undefined, acme.admin);
    expect(removed.status).toBe(204);
    expect(await hub.next()).toEqual({ type: 'liveview-remove', id: erikaOpened.body!.id, reason: 'ended' });
    expect((await max.call('POST', '/api/v1/devices/me/leave-company')).status).toBe(200);
    expect(await hub.next()).toEqual({ type: 'liveview-remove', id: maxOpened.body!.id, reason: 'ended' });

    const record = await parties.call('GET', '/api/v1/admin/liveview/events', undefined, acme.admin);
    const ended = (record.body!.events as HelpSessionEvent[]).filter((event) => event.action === 'ended');
    expect(ended.map((event) => [event.helpSessionId, event.detail])).toEqual([
      [maxOpened.body!.id, { left: 'company', by: 'device' }],
      [erikaOpened.body!.id, { left: 'company', by: 'administrator' }],
    ]);
    const listed = await parties.call('GET', '/api/v1/liveview/help-sessions', undefined, sam);
    expect(listed.body).toMatchObject({ helpSessions: [], total: 0 });
    hub.socket.close();
  });

  it('two companies on one endpoint: no frame to either supporter ever carries the other’s help sessions', async () => {
    const acmeIds = new Set<string>();
    const globexIds = new Set<string>();
    const early = await parties.device(acme.admin);
    acmeIds.add((await early.call('POST', HELP, askFor('Early-PC'))).body!.id as string);
    const sam = await subscribed(acme.admin, 'sam@acme.test');
    const gus = await subscribed(globex.admin, 'gus2@globex.test');
    expect(gus.snapshot.helpSessions).toEqual([]);

    const devices: { party: Party; ids: Set<string>; name: string }[] = [];
    for (const [admin, ids, name] of [
      [acme.admin, acmeIds, 'Acme'],
      [globex.admin, globexIds, 'Globex'],
    ] as const) {
      for (let i = 0; i < 3; i++) devices.push({ party: await parties.device(admin), ids, name: `${name}-${i}` });
    }
    for (const { party, ids, name } of devices)
      ids.add((await party.call('POST', HELP, askFor(name))).body!.id as string);
    for (const { party, name } of devices) await party.call('PUT', `${HELP}/presence`, presence(name, 'idle'));
    for (const { party } of devices) await party.call('DELETE', HELP);

    // Each supporter has seen its own company's last help session go: everything before is in.
    const last = (ids: Set<string>) => [...ids].at(-1)!;
    await sam.hub.waitFor(
      (m): m is Extract<ServerMessage, { type: 'liveview-remove' }> =>
        m.type === 'liveview-remove' && m.id === last(acmeIds),
    );
    await gus.hub.waitFor(
      (m): m is Extract<ServerMessage, { type: 'liveview-remove' }> =>
        m.type === 'liveview-remove' && m.id === last(globexIds),
    );
    const idsIn = (frames: ServerMessage[]) =>
      frames.flatMap((frame) =>
        frame.type === 'liveview-snapshot'
          ? frame.helpSessions.map((h) => h.id)
          : frame.type === 'liveview-upsert'
            ? [frame.helpSession.id]
            : frame.type === 'liveview-remove'
              ? [frame.id]
              : [],
      );
    const seenBySam = idsIn(sam.hub.frames);
    const seenByGus = idsIn(gus.hub.frames);
    expect(new Set(seenBySam)).toEqual(acmeIds);
    expect(new Set(seenByGus)).toEqual(globexIds);
    sam.hub.socket.close();
    gus.hub.socket.close();
  });
});
