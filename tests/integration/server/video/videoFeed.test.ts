import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RunningServer } from '../../../../server/app';
import { verifyWebhookSignature } from '../../../../server/integrations/deliveryWorker';
import { webhookPayloadSchema } from '../../../../src-shared/domain/integrations';
import { VIDEO_FEED_PATH, VIDEO_SOCKET_SIGNED_OUT, type VideoFeedFrame } from '../../../../src-shared/video/live';
import { recordingServer } from '../../../support/recordingServer';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { frame, videoFeed } from '../../../support/videoFeedClient';
import { videoParties } from '../../../support/videoParties';

const SESSIONS = '/api/v1/video/sessions';
const MY_SESSIONS = '/api/v1/video/me/sessions';

/** The session IDs a socket heard of, in any frame, so far. */
const heard = (frames: VideoFeedFrame[]) =>
  frames.flatMap((f) => ('session' in f ? [`${f.type}:${f.session.id}`] : []));

describe('the video feed: what reaches people at once (VS-2 notification, live lists, tickets)', () => {
  let server: RunningServer | undefined;
  let dir: ReturnType<typeof tempDir>;
  const sockets: { close(): void }[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await server?.close();
    server = undefined;
    dir?.cleanup();
  });

  async function start(options: { deliveryPeriodMs?: number; allowPrivateIntegrations?: boolean } = {}) {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false, ...options });
    const parties = videoParties(() => server!.url, dir.path);
    const { call } = parties;
    const acme = await parties.company('Acme Service', 'acme.test');
    const agent = await parties.employee(acme.admin, 'agent@acme.test', ['video.conduct']);
    const viewer = await parties.employee(acme.admin, 'viewer@acme.test', ['video.view', 'video.conduct']);
    const press = await parties.device(acme.manager, 'Press 4');
    await call(
      'PUT',
      `/api/v1/video/devices/${press.id}`,
      { name: 'Press 4', disabled: false, assigneeIds: [agent.id] },
      acme.manager,
    );
    const pump = await parties.device(acme.manager, 'Pump 2');
    const atPress = await parties.codeUser(press.code);
    const atPump = await parties.codeUser(pump.code);
    const globex = await parties.company('Globex', 'globex.test');
    const globexAgent = await parties.employee(globex.admin, 'agent@globex.test', ['video.view', 'video.conduct']);
    const globexDevice = await parties.device(globex.manager, 'Globex Lathe');
    const atGlobex = await parties.codeUser(globexDevice.code);
    return { parties, call, acme, agent, viewer, press, pump, atPress, atPump, globex, globexAgent, atGlobex };
  }

  const open = async (token: string | null) => {
    const feed = await videoFeed(server!.url, token);
    sockets.push(feed);
    if (token) await feed.ready;
    return feed;
  };

  it('a request notifies its responsible employees at once, lists change live, and nobody hears what is not theirs', async () => {
    const { call, agent, viewer, atPress, atPump, globexAgent, atGlobex } = await start();
    const agentFeed = await open(agent.token);
    const viewerFeed = await open(viewer.token);
    const globexFeed = await open(globexAgent.token);
    const pressFeed = await open(atPress);
    const pumpFeed = await open(atPump);
    expect(agentFeed.frames[0]).toEqual({ type: 'ready', who: 'employee' });
    expect(pressFeed.frames[0]).toEqual({ type: 'ready', who: 'code-user' });

    // The press's request goes to its assignee; the viewer sees it in the list but is not notified.
    const pressRequest = (await call('POST', MY_SESSIONS, { reason: 'The gauge reads red' }, atPress)).body!;
    const notified = await agentFeed.until(frame.requested);
    expect(notified.session).toMatchObject({
      id: pressRequest.id,
      deviceName: 'Press 4',
      reason: 'The gauge reads red',
    });
    await viewerFeed.until(frame.session(pressRequest.id as string, 'REQUESTED'));
    await pressFeed.until(frame.codeUserSession(pressRequest.id as string, 'REQUESTED'));

    // The pump has no assignee: everyone who conducts is told, the viewer too.
    const pumpRequest = (await call('POST', MY_SESSIONS, { reason: 'Noise' }, atPump)).body!;
    const viewerNotified = await viewerFeed.until(frame.requested);
    expect(viewerNotified.session.id).toBe(pumpRequest.id);
    // So the viewer was never notified of the press's request before it.
    expect(viewerFeed.frames.filter((f) => f.type === 'requested')).toHaveLength(1);
    await agentFeed.until(frame.session(pumpRequest.id as string));
    await pumpFeed.until(frame.codeUserSession(pumpRequest.id as string));
    // The pump's code user heard nothing of the press, and sees no employee's ID or the customer.
    expect(heard(pumpFeed.frames)).toEqual([`code-user-session:${pumpRequest.id}`]);

    // Another company's request reaches Globex — and Globex heard nothing of Acme's before it.
    const globexRequest = (await call('POST', MY_SESSIONS, { reason: 'Chatter' }, atGlobex)).body!;
    await globexFeed.until(frame.requested);
    expect(heard(globexFeed.frames)).toEqual([`session:${globexRequest.id}`, `requested:${globexRequest.id}`]);

    // Confirming changes the lists: the code user sees it confirmed, with the assignee's name only.
    await call('POST', `${SESSIONS}/${pressRequest.id}/events`, { event: 'confirm' }, agent.token);
    const confirmed = await pressFeed.until(frame.codeUserSession(pressRequest.id as string, 'CONFIRMED'));
    expect(confirmed.session.assignees).toEqual([{ name: 'agent' }]);
    expect(JSON.stringify(pressFeed.frames)).not.toContain(agent.id);
    await viewerFeed.until(frame.session(pressRequest.id as string, 'CONFIRMED'));
    expect(heard(pressFeed.frames)).not.toContain(`code-user-session:${pumpRequest.id}`);
  });

  it('people a session is taken from hear of it once more, so their lists drop it', async () => {
    const { parties, call, acme, agent, viewer, press, atPump } = await start();
    const conductor = await parties.employee(acme.admin, 'conductor@acme.test', ['video.conduct']);
    const conductorFeed = await open(conductor.token);
    const agentFeed = await open(agent.token);
    // Everyone who conducts was told of the pump's request; the viewer takes it.
    const pumpRequest = (await call('POST', MY_SESSIONS, { reason: 'Noise' }, atPump)).body!.id as string;
    await conductorFeed.until(frame.requested);
    await call('POST', `${SESSIONS}/${pumpRequest}/events`, { event: 'confirm' }, viewer.token);
    const taken = await conductorFeed.until(frame.session(pumpRequest, 'CONFIRMED'));
    expect(taken.session.assignees).toEqual([{ userId: viewer.id, name: 'viewer' }]);
    expect((await call('GET', `${SESSIONS}/${pumpRequest}`, undefined, conductor.token)).status).toBe(404);
    // The agent's session is given to the conductor: the agent hears it is no longer theirs.
    const direct = (
      await call('POST', SESSIONS, { deviceId: press.id, reason: 'Check', assigneeIds: [agent.id] }, acme.manager)
    ).body!.id as string;
    await agentFeed.until(frame.session(direct, 'CONFIRMED'));
    const lead = await parties.user(acme.admin, 'lead@acme.test', ['video.manage', 'video.view']);
    expect((await call('PUT', `${SESSIONS}/${direct}/assignees`, { assigneeIds: [conductor.id] }, lead)).status).toBe(
      200,
    );
    const moved = await agentFeed.until(frame.session(direct));
    expect(moved.session.assignees).toEqual([{ userId: conductor.id, name: 'conductor' }]);
    await conductorFeed.until(frame.session(direct));
  });

  it('tickets and their messages reach the company’s employees and that device’s code users, without the company’s reference', async () => {
    const { call, viewer, press, atPress, atPump } = await start();
    const viewerFeed = await open(viewer.token);
    const pressFeed = await open(atPress);
    const pumpFeed = await open(atPump);
    const opened = await call(
      'POST',
      '/api/v1/video/tickets',
      { deviceId: press.id, title: 'Yearly check', externalRef: 'INC-4711', message: 'Show us the gauge.' },
      viewer.token,
    );
    const ticketId = opened.body!.id as string;
    expect((await viewerFeed.until(frame.ticket)).ticket).toMatchObject({ id: ticketId, externalRef: 'INC-4711' });
    const forCodeUser = await pressFeed.until(frame.ticket);
    expect(forCodeUser.ticket).toMatchObject({ id: ticketId, title: 'Yearly check' });
    expect(forCodeUser.ticket).not.toHaveProperty('externalRef');
    expect((await pressFeed.until(frame.message)).message.body).toBe('Show us the gauge.');

    await call('POST', `/api/v1/video/me/tickets/${ticketId}/messages`, { body: 'Here it is.' }, atPress);
    expect((await viewerFeed.until(frame.message)).message.body).toBe('Show us the gauge.');
    const answer = await viewerFeed.until(frame.message);
    expect(answer).toMatchObject({ ticketId, message: { author: { kind: 'code-user' }, body: 'Here it is.' } });
    // The pump's code user: only the pump's own ticket, opened after all of the press's.
    await call('POST', '/api/v1/video/me/tickets', { title: 'Noise', message: 'It hums.' }, atPump);
    const own = await pumpFeed.until(frame.ticket);
    expect(own.ticket.title).toBe('Noise');
    expect(pumpFeed.frames.slice(1).every((f) => f.type !== 'ticket' || f.ticket.id !== ticketId)).toBe(true);
    expect(JSON.stringify(pumpFeed.frames)).not.toContain('Show us the gauge');
  });

  it('closes a socket whose code user was revoked or whose sign-in ended, when something would reach it', async () => {
    const { call, acme, agent, viewer, press, atPress, parties } = await start();
    const pressFeed = await open(atPress);
    const other = await parties.codeUser(press.code);
    const viewerFeed = await open(viewer.token);
    const signedIn = await parties.user(acme.admin, 'leaves@acme.test', ['video.view']);
    const leavingFeed = await open(signedIn);
    // A new code for the press revokes its code users; the next change for the press closes their socket.
    await call('POST', `/api/v1/video/devices/${press.id}/code`, undefined, acme.manager);
    expect((await call('POST', '/api/v1/auth/sign-out', undefined, signedIn)).status).toBeLessThan(300);
    const created = await call(
      'POST',
      SESSIONS,
      { deviceId: press.id, reason: 'Check', assigneeIds: [agent.id] },
      acme.manager,
    );
    expect(created.status).toBe(201);
    expect(await pressFeed.closed).toBe(VIDEO_SOCKET_SIGNED_OUT);
    expect(await leavingFeed.closed).toBe(VIDEO_SOCKET_SIGNED_OUT);
    expect(heard(pressFeed.frames)).toEqual([]);
    // Those still signed in heard it.
    await viewerFeed.until(frame.session(created.body!.id as string));
    // A revoked token is refused at once.
    const refused = await videoFeed(server!.url, other);
    expect(await refused.closed).toBe(VIDEO_SOCKET_SIGNED_OUT);
  });

  it('refuses malformed or unknown first messages (fuzzed), and still serves a good one afterwards', async () => {
    const { agent } = await start();
    const samples = fc.sample(
      fc.oneof(
        fc.string({ maxLength: 60 }),
        fc.json({ maxDepth: 3 }),
        fc
          .record({ type: fc.constantFrom('auth', 'join', 'AUTH'), token: fc.oneof(fc.string(), fc.integer()) })
          .map((message) => JSON.stringify(message)),
        fc.constantFrom(
          '{"type":"auth","token":""}',
          `{"type":"auth","token":"${'x'.repeat(5000)}"}`,
          '{"type":"auth","token":"x","extra":1}',
          '{"__proto__":{"type":"auth"}}',
          '\u0000',
        ),
      ),
      { numRuns: 40, seed: 20261130 },
    );
    for (const text of samples) {
      const socket = new WebSocket(`${server!.url.replace(/^http/, 'ws')}${VIDEO_FEED_PATH}`);
      const frames: string[] = [];
      socket.on('message', (data) => frames.push(String(data)));
      const closed = new Promise<number>((resolve) => socket.on('close', resolve));
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      socket.send(text);
      expect([1008, VIDEO_SOCKET_SIGNED_OUT], text).toContain(await closed);
      expect(frames, text).toEqual([]);
    }
    const good = await open(agent.token);
    expect(good.frames).toEqual([{ type: 'ready', who: 'employee' }]);
  });

  it('tells the company’s webhooks of a request, signed, once', async () => {
    const receiver = await recordingServer();
    try {
      const { call, acme, press, atPress } = await start({ deliveryPeriodMs: 50, allowPrivateIntegrations: true });
      const hook = (
        await call(
          'POST',
          '/api/v1/admin/webhooks',
          { url: `${receiver.url}/hook`, events: ['video_session.requested'] },
          acme.admin,
        )
      ).body!;
      expect(hook.events).toEqual(['video_session.requested']);
      const ticket = (await call('POST', '/api/v1/video/me/tickets', { title: 'Leak', message: 'It drips.' }, atPress))
        .body!;
      const requested = (
        await call('POST', MY_SESSIONS, { reason: 'The gauge reads red', ticketId: ticket.id }, atPress)
      ).body!;
      const log = async () =>
        (await call('GET', `/api/v1/admin/webhooks/${hook.id}/deliveries`, undefined, acme.admin)).body!.deliveries as {
          status: string;
          event: string;
        }[];
      // Delivered by the worker on its own: wait for the log to say so.
      await expect
        .poll(log, { timeout: 10_000 })
        .toEqual([expect.objectContaining({ status: 'delivered', event: 'video_session.requested' })]);
      expect(receiver.received).toHaveLength(1);
      const [delivery] = receiver.received;
      expect(
        verifyWebhookSignature(hook.secret as string, delivery!.headers['tandem-signature'] as string, delivery!.body),
      ).toBe(true);
      expect(delivery!.headers['tandem-event']).toBe('video_session.requested');
      expect(webhookPayloadSchema.parse(JSON.parse(delivery!.body))).toMatchObject({
        event: 'video_session.requested',
        companyId: acme.companyId,
        videoSession: {
          id: requested.id,
          device: { id: press.id, name: 'Press 4' },
          reason: 'The gauge reads red',
          ticket: { id: ticket.id, title: 'Leak' },
          requestedAt: requested.createdAt,
        },
      });
    } finally {
      await receiver.close();
    }
  });
});
