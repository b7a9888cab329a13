import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import { VideoSessionStore } from '../../../../server/video/videoSessionStore';
import { VIDEO_REQUESTS_PER_MINUTE } from '../../../../server/video/sessionRoutes';
import type { VideoSession, VideoSessionDetails } from '../../../../src-shared/video/sessionContract';
import {
  videoEventSchema,
  videoStatusSchema,
  type VideoEvent,
  type VideoStatus,
} from '../../../../src-shared/video/status';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { videoParties } from '../../../support/videoParties';

const SESSIONS = '/api/v1/video/sessions';
const MY_SESSIONS = '/api/v1/video/me/sessions';

/** Where each event takes a session, by who causes it (VS-4), written out rather than read from status.ts. */
const EMPLOYEE: Partial<Record<VideoEvent, Partial<Record<VideoStatus, VideoStatus>>>> = {
  confirm: { REQUESTED: 'CONFIRMED' },
  cancel: { REQUESTED: 'CANCELLED', CONFIRMED: 'CANCELLED' },
  close: { DONE: 'CLOSED' },
  reopen: { CLOSED: 'CONFIRMED' },
};
const CODE_USER_CANCEL: Partial<Record<VideoStatus, VideoStatus>> = { REQUESTED: 'CANCELLED', CONFIRMED: 'CANCELLED' };

describe('video sessions: requests, direct creation, the status machine and who may act (VS-2 … VS-4, VS-7)', () => {
  let server: RunningServer | undefined;
  let dir: ReturnType<typeof tempDir>;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    dir?.cleanup();
  });

  /**
   * Acme with a device whose assignee is `agent`, a second device without assignees, a bystander who
   * conducts and views but is assigned nothing, and a code user on each device; Globex beside it.
   */
  async function start() {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    const parties = videoParties(() => server!.url, dir.path);
    const { call } = parties;
    const acme = await parties.company('Acme Service', 'acme.test');
    const agent = await parties.employee(acme.admin, 'agent@acme.test', ['video.conduct']);
    const bystander = await parties.employee(acme.admin, 'bystander@acme.test', ['video.view', 'video.conduct']);
    const press = await parties.device(acme.manager, 'Press 4');
    expect(
      (
        await call(
          'PUT',
          `/api/v1/video/devices/${press.id}`,
          { name: 'Press 4', disabled: false, assigneeIds: [agent.id] },
          acme.manager,
        )
      ).body,
    ).toMatchObject({ assignees: [{ userId: agent.id, name: 'agent' }] });
    const pump = await parties.device(acme.manager, 'Pump 2');
    const atPress = await parties.codeUser(press.code);
    const atPump = await parties.codeUser(pump.code);
    const globex = await parties.company('Globex', 'globex.test');
    const store = new VideoSessionStore(server.data, () => undefined);
    return { parties, call, acme, agent, bystander, press, pump, atPress, atPump, globex, store };
  }

  type World = Awaited<ReturnType<typeof start>>;

  /**
   * A session of the press in `status`, reached the way people and the call reach it: a code
   * user's request stays REQUESTED, every other status starts from a manager's direct creation
   * (requests are limited per code user).
   */
  async function sessionIn(world: World, status: VideoStatus): Promise<string> {
    const { call, atPress, agent, acme, press, store } = world;
    if (status === 'REQUESTED') {
      const requested = await call('POST', MY_SESSIONS, { reason: 'The gauge reads red' }, atPress);
      expect(requested.status).toBe(201);
      return requested.body!.id as string;
    }
    const created = await call(
      'POST',
      SESSIONS,
      { deviceId: press.id, reason: 'Show the gauge', assigneeIds: [agent.id] },
      acme.manager,
    );
    expect(created.status).toBe(201);
    const id = created.body!.id as string;
    const act = async (event: VideoEvent) =>
      expect((await call('POST', `${SESSIONS}/${id}/events`, { event }, agent.token)).status).toBe(200);
    if (status === 'CANCELLED') {
      await act('cancel');
      return id;
    }
    if (status === 'CONFIRMED') return id;
    expect(await store.callStarted(id)).toMatchObject({ status: 'IN_PROGRESS' });
    if (status === 'IN_PROGRESS') return id;
    expect(await store.callEnded(id)).toMatchObject({ status: 'DONE' });
    if (status === 'DONE') return id;
    await act('close');
    return id;
  }

  it('every event from every status, by an assigned employee, an unassigned one, the code user and the call', async () => {
    const world = await start();
    const { call, agent, bystander, atPress, store } = world;
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const status of videoStatusSchema.options) {
      for (const event of videoEventSchema.options) {
        const id = await sessionIn(world, status);
        const to = EMPLOYEE[event]?.[status];
        // Someone who sees it but is not assigned first (refused, nothing changes), then the assignee.
        for (const [who, token] of [
          ['bystander', bystander.token],
          ['agent', agent.token],
        ] as const) {
          const answer = await call('POST', `${SESSIONS}/${id}/events`, { event }, token);
          const error = answer.body!.error as { code: string; message: string } | undefined;
          outcomes.push(`${who} ${event} from ${status}: ${answer.status} ${error?.code ?? answer.body!.status}`);
          if (!to) expected.push(`${who} ${event} from ${status}: 409 video_transition_forbidden`);
          else if (who === 'bystander') expected.push(`${who} ${event} from ${status}: 403 video_not_assigned`);
          else expected.push(`${who} ${event} from ${status}: 200 ${to}`);
          // The refusal names the status the session is in.
          if (answer.status === 409) expect(error!.message).toContain(status);
          if (answer.status === 200) {
            expect((answer.body as unknown as VideoSessionDetails).history.at(-1)).toMatchObject({
              event,
              from: status,
              to,
              actor: { kind: 'employee', userId: agent.id, name: 'agent' },
            });
          }
        }
      }
      // The code user's one event, and the call's two.
      const forCodeUser = await sessionIn(world, status);
      const cancelled = await call('POST', `${MY_SESSIONS}/${forCodeUser}/cancel`, undefined, atPress);
      const cancelTo = CODE_USER_CANCEL[status];
      expect(cancelled, `code user cancel ${status}`).toMatchObject(
        cancelTo
          ? { status: 200, body: { status: cancelTo } }
          : { status: 409, body: { error: { code: 'video_transition_forbidden' } } },
      );
      const forCall = await sessionIn(world, status);
      const before = (await call('GET', `${SESSIONS}/${forCall}`, undefined, agent.token))
        .body as unknown as VideoSession;
      const started = await store.callStarted(forCall);
      expect(started?.status ?? null, `call start ${status}`).toBe(status === 'CONFIRMED' ? 'IN_PROGRESS' : null);
      if (started) expect(started.calls).toBe(before.calls + 1);
      const ended = await store.callEnded(forCall);
      expect(ended?.status ?? null, `call end ${status}`).toBe(
        status === 'CONFIRMED' || status === 'IN_PROGRESS' ? 'DONE' : null,
      );
    }
    // Compared as a whole, so one failing cell shows beside all the others.
    expect(outcomes).toEqual(expected);
  }, 120_000);

  it('the call’s hooks: who may join, IN PROGRESS with one more call, DONE, and each change recorded by the system', async () => {
    const world = await start();
    const { call, agent, press, store } = world;
    const told: { companyId: string; session: VideoSession }[] = [];
    const calls = new VideoSessionStore(server!.data, (companyId, session) => told.push({ companyId, session }));
    const id = (await call('POST', MY_SESSIONS, { reason: 'Show me' }, world.atPress)).body!.id as string;
    expect(await calls.forCall(id)).toMatchObject({ status: 'REQUESTED' });
    expect(await calls.callStarted(id)).toBeNull();
    await call('POST', `${SESSIONS}/${id}/events`, { event: 'confirm' }, agent.token);
    expect(await calls.forCall(id)).toEqual({
      id,
      companyId: world.acme.companyId,
      deviceId: press.id,
      status: 'CONFIRMED',
      assigneeIds: [agent.id],
      strokeTtlMs: 3000,
    });
    expect(await calls.forCall('no-such-session')).toBeNull();
    expect(await calls.callEnded(id)).toBeNull();
    expect(await calls.callStarted(id)).toMatchObject({ id, status: 'IN_PROGRESS', calls: 1 });
    expect(await calls.callStarted(id)).toBeNull();
    expect(await calls.callEnded(id)).toMatchObject({ id, status: 'DONE', calls: 1 });
    expect(told.map(({ companyId, session }) => [companyId, session.status])).toEqual([
      [world.acme.companyId, 'IN_PROGRESS'],
      [world.acme.companyId, 'DONE'],
    ]);
    // Closed and reopened for a second call.
    await call('POST', `${SESSIONS}/${id}/events`, { event: 'close' }, agent.token);
    await call('POST', `${SESSIONS}/${id}/events`, { event: 'reopen' }, agent.token);
    expect(await store.callStarted(id)).toMatchObject({ status: 'IN_PROGRESS', calls: 2 });
    const details = (await call('GET', `${SESSIONS}/${id}`, undefined, agent.token))
      .body as unknown as VideoSessionDetails;
    expect(details.history.map((change) => [change.event, change.from, change.to, change.actor.kind])).toEqual([
      ['request', null, 'REQUESTED', 'code-user'],
      ['confirm', 'REQUESTED', 'CONFIRMED', 'employee'],
      ['start', 'CONFIRMED', 'IN_PROGRESS', 'system'],
      ['end', 'IN_PROGRESS', 'DONE', 'system'],
      ['close', 'DONE', 'CLOSED', 'employee'],
      ['reopen', 'CLOSED', 'CONFIRMED', 'employee'],
      ['start', 'CONFIRMED', 'IN_PROGRESS', 'system'],
    ]);
    expect(details.history.every((change) => !Number.isNaN(Date.parse(change.at)))).toBe(true);
  });

  it('a request nobody is assigned to goes to everyone who conducts; the first to confirm takes it, and only they see it then', async () => {
    const { parties, call, acme, bystander, atPump, pump } = await start();
    const conductor = await parties.employee(acme.admin, 'conductor@acme.test', ['video.conduct']);
    const manager = await parties.employee(acme.admin, 'lead@acme.test', ['video.manage']);
    const requested = await call('POST', MY_SESSIONS, { reason: 'Noise at the pump' }, atPump);
    expect(requested).toMatchObject({ status: 201, body: { status: 'REQUESTED', origin: 'request', assignees: [] } });
    const id = requested.body!.id as string;
    // Seen by who may confirm it (and by who sees everything), not by a manager who does not conduct.
    expect(
      ((await call('GET', SESSIONS, undefined, conductor.token)).body!.sessions as VideoSession[]).map((s) => s.id),
    ).toEqual([id]);
    expect((await call('GET', SESSIONS, undefined, manager.token)).body!.sessions).toEqual([]);
    expect((await call('GET', `${SESSIONS}/${id}`, undefined, manager.token)).status).toBe(404);

    const confirmed = await call('POST', `${SESSIONS}/${id}/events`, { event: 'confirm' }, conductor.token);
    expect(confirmed).toMatchObject({
      status: 200,
      body: { status: 'CONFIRMED', deviceId: pump.id, assignees: [{ userId: conductor.id, name: 'conductor' }] },
    });
    // Now it is the conductor's: the bystander sees it (video.view) but may not act on it.
    expect(
      (await call('POST', `${SESSIONS}/${id}/events`, { event: 'cancel' }, bystander.token)).body!.error,
    ).toMatchObject({ code: 'video_not_assigned' });
    // A manager assigns it to the bystander instead; the conductor no longer sees it.
    const lead = await parties.employee(acme.admin, 'lead2@acme.test', ['video.manage', 'video.view']);
    expect(await call('PUT', `${SESSIONS}/${id}/assignees`, { assigneeIds: [bystander.id] }, lead.token)).toMatchObject(
      { status: 200, body: { assignees: [{ userId: bystander.id }] } },
    );
    expect((await call('GET', `${SESSIONS}/${id}`, undefined, conductor.token)).status).toBe(404);
    expect((await call('POST', `${SESSIONS}/${id}/events`, { event: 'cancel' }, bystander.token)).status).toBe(200);
    expect(await call('PUT', `${SESSIONS}/${id}/assignees`, { assigneeIds: [conductor.id] }, lead.token)).toMatchObject(
      { status: 409, body: { error: { code: 'video_transition_forbidden' } } },
    );
  });

  it('employees create sessions directly, CONFIRMED, for their company’s devices and tickets, with employees who conduct', async () => {
    const { parties, call, acme, agent, bystander, press, pump, globex } = await start();
    const manager = await parties.employee(acme.admin, 'lead@acme.test', ['video.manage', 'video.view']);
    const viewer = await parties.employee(acme.admin, 'viewer@acme.test', ['video.view']);
    const ticket = await call(
      'POST',
      '/api/v1/video/tickets',
      { deviceId: press.id, title: 'Yearly check' },
      bystander.token,
    );
    const ticketId = ticket.body!.id as string;
    const created = await call(
      'POST',
      SESSIONS,
      { deviceId: press.id, reason: 'Show us the gauge', ticketId, assigneeIds: [agent.id, bystander.id] },
      manager.token,
    );
    expect(created).toMatchObject({
      status: 201,
      body: {
        status: 'CONFIRMED',
        origin: 'direct',
        deviceName: 'Press 4',
        ticket: { id: ticketId, title: 'Yearly check' },
        calls: 0,
        history: [{ event: 'create', from: null, to: 'CONFIRMED', actor: { kind: 'employee', name: 'lead' } }],
      },
    });
    expect((created.body!.assignees as { name: string }[]).map((p) => p.name)).toEqual(['agent', 'bystander']);
    const create = (body: object, token = manager.token) => call('POST', SESSIONS, body, token);
    const base = { deviceId: press.id, reason: 'Again', assigneeIds: [agent.id] };
    // The ticket must be the device's, the device the company's, every assignee one who conducts.
    expect((await create({ ...base, deviceId: pump.id, ticketId })).status).toBe(404);
    expect((await create({ ...base, deviceId: 'no-such-device' })).status).toBe(404);
    for (const assigneeIds of [[viewer.id], [manager.id], ['no-such-user']]) {
      expect(await create({ ...base, assigneeIds })).toMatchObject({
        status: 422,
        body: { error: { code: 'video_assignee_invalid' } },
      });
    }
    const globexAgent = await parties.employee(globex.admin, 'agent@globex.test', ['video.conduct']);
    expect((await create({ ...base, assigneeIds: [globexAgent.id] })).status).toBe(422);
    // A device's assignees are checked alike, and a refused change leaves the device as it was.
    const device = (body: object) =>
      call('PUT', `/api/v1/video/devices/${pump.id}`, { name: 'Pump 3', disabled: false, ...body }, acme.manager);
    expect(await device({ assigneeIds: [viewer.id] })).toMatchObject({
      status: 422,
      body: { error: { code: 'video_assignee_invalid' } },
    });
    expect(
      (await call('POST', '/api/v1/video/devices', { name: 'Mill', assigneeIds: [globexAgent.id] }, acme.manager))
        .status,
    ).toBe(422);
    const devices = (await call('GET', '/api/v1/video/devices', undefined, acme.manager)).body!.devices;
    expect(devices).toEqual([
      expect.objectContaining({ name: 'Press 4', group: '', assignees: [{ userId: agent.id, name: 'agent' }] }),
      expect.objectContaining({ name: 'Pump 2', assignees: [] }),
    ]);
    expect(await device({ group: 'Pumps', assigneeIds: [bystander.id, agent.id] })).toMatchObject({
      status: 200,
      body: { name: 'Pump 3', group: 'Pumps', assignees: [{ name: 'agent' }, { name: 'bystander' }] },
    });
    // Creating needs video.manage; another company's manager does not reach Acme's device.
    expect((await create(base, agent.token)).status).toBe(403);
    expect((await create(base, globex.manager)).status).toBe(404);
  });

  it('lists by the rules: everything with video.view, one’s own without; by status, device and assignee; never another company’s', async () => {
    const world = await start();
    const { parties, call, acme, agent, bystander, press, pump, globex, atPump } = world;
    const viewer = await parties.employee(acme.admin, 'viewer@acme.test', ['video.view']);
    const nobody = await parties.employee(acme.admin, 'nobody@acme.test', ['liveview.view']);
    const mine = await sessionIn(world, 'CONFIRMED');
    const theirs = (
      await call('POST', SESSIONS, { deviceId: pump.id, reason: 'Pump', assigneeIds: [bystander.id] }, acme.manager)
    ).body!.id as string;
    const ids = async (token: string, query = '') =>
      ((await call('GET', `${SESSIONS}${query}`, undefined, token)).body!.sessions as VideoSession[]).map((s) => s.id);
    expect((await ids(viewer.token)).sort()).toEqual([mine, theirs].sort());
    expect(await ids(agent.token)).toEqual([mine]);
    expect(await ids(bystander.token, `?deviceId=${press.id}`)).toEqual([mine]);
    expect(await ids(bystander.token, '?assignee=me')).toEqual([theirs]);
    expect(await ids(viewer.token, `?assignee=${agent.id}`)).toEqual([mine]);
    expect(await ids(viewer.token, '?status=REQUESTED')).toEqual([]);
    expect((await call('GET', SESSIONS, undefined, nobody.token)).status).toBe(403);
    // The agent sees neither the other session nor may act on it; Globex sees nothing of Acme's.
    expect((await call('GET', `${SESSIONS}/${theirs}`, undefined, agent.token)).status).toBe(404);
    expect((await call('POST', `${SESSIONS}/${theirs}/events`, { event: 'cancel' }, agent.token)).status).toBe(404);
    const globexViewer = await parties.employee(globex.admin, 'viewer@globex.test', ['video.view', 'video.manage']);
    expect(await ids(globexViewer.token)).toEqual([]);
    for (const [method, path, body] of [
      ['GET', `${SESSIONS}/${mine}`, undefined],
      ['POST', `${SESSIONS}/${mine}/events`, { event: 'cancel' }],
      ['PUT', `${SESSIONS}/${mine}/assignees`, { assigneeIds: [globexViewer.id] }],
    ] as const) {
      expect((await call(method, path, body, globexViewer.token)).status, `${method} ${path}`).toBe(404);
    }
    // A code user sees their own device's sessions only, and cancels no other device's.
    const listed = await call('GET', MY_SESSIONS, undefined, atPump);
    expect(listed).toMatchObject({ status: 200, body: { requestsAllowed: true } });
    expect((listed.body!.sessions as { id: string }[]).map((s) => s.id)).toEqual([theirs]);
    expect(listed.body!.sessions).toEqual([expect.not.objectContaining({ customer: expect.anything() })]);
    expect((listed.body!.sessions as { assignees: object[] }[])[0]).toMatchObject({
      assignees: [{ name: 'bystander' }],
    });
    expect(JSON.stringify(listed.body)).not.toContain(bystander.id);
    expect((await call('POST', `${MY_SESSIONS}/${mine}/cancel`, undefined, atPump)).status).toBe(404);
  });

  it('takes requests by the company’s rules (none, all, groups), with the device’s own tickets only, and a limit per code user', async () => {
    const { call, acme, press, pump, atPress, atPump, parties } = await start();
    expect((await call('GET', '/api/v1/video/settings', undefined, acme.manager)).body).toEqual({
      requests: 'all',
      requestGroups: [],
      reviewHours: 72,
      strokeTtlMs: 3000,
    });
    const settings = (body: object) => call('PUT', '/api/v1/video/settings', body, acme.manager);
    const ask = (token: string, body: object = { reason: 'Help' }) => call('POST', MY_SESSIONS, body, token);
    expect((await settings({ requests: 'none', requestGroups: [], reviewHours: 24 })).status).toBe(200);
    expect(await ask(atPress)).toMatchObject({ status: 403, body: { error: { code: 'video_requests_not_allowed' } } });
    expect((await call('GET', MY_SESSIONS, undefined, atPress)).body).toMatchObject({ requestsAllowed: false });

    await call(
      'PUT',
      `/api/v1/video/devices/${pump.id}`,
      { name: 'Pump 2', group: 'Pumps', disabled: false },
      acme.manager,
    );
    expect((await settings({ requests: 'groups', requestGroups: ['Pumps', 'Pumps'], reviewHours: 24 })).body).toEqual({
      requests: 'groups',
      requestGroups: ['Pumps'],
      reviewHours: 24,
      strokeTtlMs: 3000,
    });
    // The fade time of drawings (VS-6): within its bounds; left out, it stays as it is.
    const rules = { requests: 'groups', requestGroups: ['Pumps'], reviewHours: 24 };
    expect((await settings({ ...rules, strokeTtlMs: 8000 })).body).toMatchObject({ strokeTtlMs: 8000 });
    expect((await settings(rules)).body).toMatchObject({ strokeTtlMs: 8000 });
    expect((await settings({ ...rules, strokeTtlMs: 500 })).status).toBe(400);
    expect((await settings({ ...rules, strokeTtlMs: 31_000 })).status).toBe(400);
    expect((await ask(atPress)).status).toBe(403);
    expect((await ask(atPump)).status).toBe(201);
    expect((await call('GET', MY_SESSIONS, undefined, atPump)).body).toMatchObject({ requestsAllowed: true });
    expect((await settings({ requests: 'all', requestGroups: [], reviewHours: 0 })).status).toBe(400);

    await settings({ requests: 'all', requestGroups: [], reviewHours: 24 });
    const pumpTicket = (await call('POST', '/api/v1/video/me/tickets', { title: 'Noise', message: 'It hums.' }, atPump))
      .body!.id as string;
    const pressTicket = (
      await call('POST', '/api/v1/video/me/tickets', { title: 'Leak', message: 'It drips.' }, atPress)
    ).body!.id as string;
    expect((await ask(atPress, { reason: 'Help', ticketId: pumpTicket })).status).toBe(404);
    expect(await ask(atPress, { reason: 'Help', ticketId: pressTicket })).toMatchObject({
      status: 201,
      body: { ticket: { id: pressTicket, title: 'Leak' } },
    });
    // Settings are the managers'.
    const agent = await parties.user(acme.admin, 'conducts@acme.test', ['video.conduct']);
    expect((await call('GET', '/api/v1/video/settings', undefined, agent)).status).toBe(403);

    // Per code user: past the limit the next request waits, while another code user of the same device goes on.
    const first = await parties.codeUser(press.code);
    const second = await parties.codeUser(press.code);
    for (let i = 0; i < VIDEO_REQUESTS_PER_MINUTE; i++) expect((await ask(first)).status).toBe(201);
    expect(await ask(first)).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect((await ask(second)).status).toBe(201);
  });
});
