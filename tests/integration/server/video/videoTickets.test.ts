import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import type { VideoTicket, VideoTicketThread } from '../../../../src-shared/video/ticketContract';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { videoParties } from '../../../support/videoParties';

const TICKETS = '/api/v1/video/tickets';
const MY_TICKETS = '/api/v1/video/me/tickets';

describe('video tickets: a conversation per device between its code users and the company (issue 16)', () => {
  let server: RunningServer | undefined;
  let dir: ReturnType<typeof tempDir>;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    dir?.cleanup();
  });

  /** Acme with two devices, a code user on each, and an employee who answers (`video.view` + `video.conduct`). */
  async function start() {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    const parties = videoParties(() => server!.url, dir.path);
    const acme = await parties.company('Acme Service', 'acme.test');
    const press = await parties.device(acme.manager, 'Press 4');
    const pump = await parties.device(acme.manager, 'Pump 2');
    const agent = await parties.user(acme.admin, 'agent@acme.test', ['video.view', 'video.conduct']);
    const atPress = await parties.codeUser(press.code);
    const atPump = await parties.codeUser(pump.code);
    return { parties, acme, press, pump, agent, atPress, atPump, call: parties.call };
  }

  it('a code user opens a ticket, an employee answers, and both read the same conversation in order', async () => {
    const { call, press, agent, atPress } = await start();
    const opened = await call(
      'POST',
      MY_TICKETS,
      { title: 'Oil on the floor', message: 'It leaks at the pump.' },
      atPress,
    );
    expect(opened.status).toBe(201);
    const ticket = opened.body as unknown as VideoTicketThread;
    expect(ticket).toMatchObject({
      deviceId: press.id,
      deviceName: 'Press 4',
      title: 'Oil on the floor',
      status: 'open',
      createdBy: { kind: 'code-user' },
      closedAt: null,
      messages: [{ author: { kind: 'code-user' }, body: 'It leaks at the pump.' }],
    });
    // The company's ITSM reference is the company's own.
    expect(ticket).not.toHaveProperty('externalRef');

    const answer = await call(
      'POST',
      `${TICKETS}/${ticket.id}/messages`,
      { body: 'A technician is on the way.' },
      agent,
    );
    expect(answer).toMatchObject({
      status: 201,
      body: { author: { kind: 'employee', name: 'agent' }, body: 'A technician is on the way.' },
    });
    expect((await call('POST', `${MY_TICKETS}/${ticket.id}/messages`, { body: '  Thanks!  ' }, atPress)).status).toBe(
      201,
    );

    const conversation = [
      [{ kind: 'code-user' }, 'It leaks at the pump.'],
      [{ kind: 'employee', name: 'agent' }, 'A technician is on the way.'],
      [{ kind: 'code-user' }, 'Thanks!'],
    ];
    const asEmployee = (await call('GET', `${TICKETS}/${ticket.id}`, undefined, agent))
      .body as unknown as VideoTicketThread;
    const asCodeUser = (await call('GET', `${MY_TICKETS}/${ticket.id}`, undefined, atPress))
      .body as unknown as VideoTicketThread;
    expect(asEmployee.messages.map((m) => [m.author, m.body])).toEqual(conversation);
    expect(asCodeUser.messages).toEqual(asEmployee.messages);
    expect(asEmployee.externalRef).toBe('');
  });

  it('an employee opens a ticket for a device with an ITSM reference, closes it (no more messages) and reopens it', async () => {
    const { call, press, agent, atPress } = await start();
    const opened = await call(
      'POST',
      TICKETS,
      { deviceId: press.id, title: 'Yearly check', externalRef: 'INC-4711', message: 'Please show us the gauge.' },
      agent,
    );
    expect(opened).toMatchObject({
      status: 201,
      body: { createdBy: { kind: 'employee', name: 'agent' }, externalRef: 'INC-4711', status: 'open' },
    });
    const id = opened.body!.id as string;
    // The device's code user sees it, without the reference.
    const mine = (await call('GET', MY_TICKETS, undefined, atPress)).body!.tickets as VideoTicket[];
    expect(mine.map((t) => [t.id, t.title, 'externalRef' in t])).toEqual([[id, 'Yearly check', false]]);

    const closed = await call('PUT', `${TICKETS}/${id}`, { status: 'closed' }, agent);
    expect(closed).toMatchObject({ status: 200, body: { status: 'closed', externalRef: 'INC-4711' } });
    expect(closed.body!.closedAt).toEqual(expect.any(String));
    for (const [path, token] of [
      [`${MY_TICKETS}/${id}/messages`, atPress],
      [`${TICKETS}/${id}/messages`, agent],
    ] as const) {
      expect(await call('POST', path, { body: 'One more thing' }, token)).toMatchObject({
        status: 409,
        body: { error: { code: 'video_ticket_closed' } },
      });
    }

    expect(await call('PUT', `${TICKETS}/${id}`, { status: 'open', externalRef: 'INC-4712' }, agent)).toMatchObject({
      status: 200,
      body: { status: 'open', externalRef: 'INC-4712', closedAt: null },
    });
    expect((await call('POST', `${MY_TICKETS}/${id}/messages`, { body: 'One more thing' }, atPress)).status).toBe(201);
    const thread = (await call('GET', `${TICKETS}/${id}`, undefined, agent)).body as unknown as VideoTicketThread;
    expect(thread.messages.map((m) => m.body)).toEqual(['Please show us the gauge.', 'One more thing']);
  });

  it('lists the company’s tickets by device and status, the most recently active first', async () => {
    const { call, press, pump, agent, atPress, atPump } = await start();
    // Activity is timed to the millisecond: each step in a millisecond of its own, so the order is the steps'.
    const tick = async () => {
      const start = Date.now();
      while (Date.now() <= start) await new Promise((resolve) => setTimeout(resolve, 1));
    };
    const open = async (token: string, title: string) => {
      await tick();
      return (await call('POST', MY_TICKETS, { title, message: title }, token)).body!.id as string;
    };
    const first = await open(atPress, 'First at the press');
    const second = await open(atPump, 'At the pump');
    const third = await open(atPress, 'Second at the press');
    await tick();
    await call('PUT', `${TICKETS}/${third}`, { status: 'closed' }, agent);
    await tick();
    // A message brings a ticket to the top.
    await call('POST', `${TICKETS}/${first}/messages`, { body: 'Looking into it.' }, agent);

    const ids = async (query: string, token = agent, path = TICKETS) =>
      ((await call('GET', `${path}${query}`, undefined, token)).body!.tickets as VideoTicket[]).map((t) => t.id);
    expect(await ids('')).toEqual([first, third, second]);
    expect(await ids(`?deviceId=${press.id}`)).toEqual([first, third]);
    expect(await ids(`?deviceId=${pump.id}&status=open`)).toEqual([second]);
    expect(await ids('?status=closed')).toEqual([third]);
    expect(await ids('', atPress, MY_TICKETS)).toEqual([first, third]);
    expect(await ids('?status=open', atPress, MY_TICKETS)).toEqual([first]);
  });

  it('a code user only ever reaches their own device’s tickets, another company’s employees none of them', async () => {
    const { parties, call, pump, agent, atPress, atPump } = await start();
    const ours = (await call('POST', MY_TICKETS, { title: 'Press', message: 'Help' }, atPress)).body!.id as string;
    const pumps = (await call('POST', TICKETS, { deviceId: pump.id, title: 'Pump' }, agent)).body!.id as string;

    // The pump's code user: the press's ticket is not there, whatever they try.
    const missing = { status: 404, body: { error: { code: 'not_found' } } };
    expect(await call('GET', `${MY_TICKETS}/${ours}`, undefined, atPump)).toMatchObject(missing);
    expect(await call('POST', `${MY_TICKETS}/${ours}/messages`, { body: 'Hi' }, atPump)).toMatchObject(missing);
    expect(
      ((await call('GET', MY_TICKETS, undefined, atPump)).body!.tickets as VideoTicket[]).map((t) => t.id),
    ).toEqual([pumps]);
    // A code user names no device: theirs is the one their token stands for.
    expect((await call('POST', MY_TICKETS, { title: 'x', message: 'y', deviceId: pump.id }, atPress)).status).toBe(400);

    // Another company: its employee with every video permission reaches none of Acme's tickets or devices.
    const globex = await parties.company('Globex', 'globex.test');
    const theirs = await parties.user(globex.admin, 'agent@globex.test', ['video.view', 'video.conduct']);
    const globexDevice = await parties.device(globex.manager, 'Globex press');
    const globexCodeUser = await parties.codeUser(globexDevice.code);
    expect(await call('GET', `${TICKETS}/${ours}`, undefined, theirs)).toMatchObject(missing);
    expect(await call('PUT', `${TICKETS}/${ours}`, { status: 'closed' }, theirs)).toMatchObject(missing);
    expect(await call('POST', `${TICKETS}/${ours}/messages`, { body: 'Hi' }, theirs)).toMatchObject(missing);
    expect(await call('POST', TICKETS, { deviceId: pump.id, title: 'Ours now' }, theirs)).toMatchObject(missing);
    expect((await call('GET', TICKETS, undefined, theirs)).body).toEqual({ tickets: [] });
    expect(await call('GET', `${MY_TICKETS}/${ours}`, undefined, globexCodeUser)).toMatchObject(missing);
    expect((await call('GET', MY_TICKETS, undefined, globexCodeUser)).body).toEqual({ tickets: [] });
    // And Acme's conversation is as it was.
    const thread = (await call('GET', `${TICKETS}/${ours}`, undefined, agent)).body as unknown as VideoTicketThread;
    expect(thread).toMatchObject({ status: 'open', messages: [{ body: 'Help' }] });
  });

  it('reads with video.view and writes with video.conduct', async () => {
    const { parties, acme, call, press, atPress } = await start();
    const id = (await call('POST', MY_TICKETS, { title: 'Press', message: 'Help' }, atPress)).body!.id as string;
    const viewer = await parties.user(acme.admin, 'viewer@acme.test', ['video.view']);
    const forbidden = { status: 403, body: { error: { code: 'forbidden' } } };
    expect((await call('GET', TICKETS, undefined, viewer)).status).toBe(200);
    expect((await call('GET', `${TICKETS}/${id}`, undefined, viewer)).status).toBe(200);
    expect(await call('POST', `${TICKETS}/${id}/messages`, { body: 'Hi' }, viewer)).toMatchObject(forbidden);
    expect(await call('PUT', `${TICKETS}/${id}`, { status: 'closed' }, viewer)).toMatchObject(forbidden);
    expect(await call('POST', TICKETS, { deviceId: press.id, title: 'x' }, viewer)).toMatchObject(forbidden);
    // The device manager administers codes, and is not who reads customers' tickets.
    expect(await call('GET', TICKETS, undefined, acme.manager)).toMatchObject(forbidden);
  });

  it('refuses bodies that are too long, empty, or carry unknown fields, saying which field', async () => {
    const { call, press, agent, atPress } = await start();
    const id = (await call('POST', MY_TICKETS, { title: 'Press', message: 'Help' }, atPress)).body!.id as string;
    // Each with the field the refusal names (an unknown field is named in the message).
    const refused: [string, string, unknown, string, string][] = [
      ['POST', MY_TICKETS, { title: '', message: 'Help' }, atPress, 'title'],
      ['POST', MY_TICKETS, { title: '   ', message: 'Help' }, atPress, 'title'],
      ['POST', MY_TICKETS, { title: 'x'.repeat(201), message: 'Help' }, atPress, 'title'],
      ['POST', MY_TICKETS, { title: 'Press' }, atPress, 'message'],
      ['POST', MY_TICKETS, { title: 'Press', message: 'x'.repeat(4001) }, atPress, 'message'],
      ['POST', MY_TICKETS, { title: 'Press', message: 'Help', status: 'closed' }, atPress, 'status'],
      ['POST', `${MY_TICKETS}/${id}/messages`, { body: '' }, atPress, 'body'],
      ['POST', `${MY_TICKETS}/${id}/messages`, { body: 'Hi', author: 'agent' }, atPress, 'author'],
      ['POST', TICKETS, { deviceId: press.id, title: 'x', externalRef: 'x'.repeat(121) }, agent, 'externalRef'],
      ['POST', TICKETS, { deviceId: press.id, title: 'x', companyId: 'other' }, agent, 'companyId'],
      ['PUT', `${TICKETS}/${id}`, {}, agent, 'Say what changes'],
      ['PUT', `${TICKETS}/${id}`, { status: 'pending' }, agent, 'status'],
      ['POST', `${TICKETS}/${id}/messages`, { body: 'x'.repeat(4001) }, agent, 'body'],
      ['GET', `${TICKETS}?status=pending`, undefined, agent, 'status'],
      ['GET', `${TICKETS}?owner=me`, undefined, agent, 'owner'],
      ['GET', `${MY_TICKETS}?deviceId=${press.id}`, undefined, atPress, 'deviceId'],
    ];
    for (const [method, path, body, token, field] of refused) {
      const answer = await call(method, path, body, token);
      const what = `${method} ${path} ${JSON.stringify(body)?.slice(0, 60)}`;
      expect(answer, what).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
      expect(JSON.stringify((answer.body!.error as { issues: unknown }).issues), what).toContain(field);
    }
    // The limits themselves are allowed.
    expect(
      (await call('POST', MY_TICKETS, { title: 'x'.repeat(200), message: 'y'.repeat(4000) }, atPress)).status,
    ).toBe(201);
    const thread = (await call('GET', `${TICKETS}/${id}`, undefined, agent)).body as unknown as VideoTicketThread;
    expect(thread.messages.map((m) => m.body)).toEqual(['Help']);
  });
});
