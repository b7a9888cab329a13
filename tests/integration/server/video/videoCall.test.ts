import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type ServerOptions } from '../../../../server/app';
import { VIDEO_CALL_REFUSED, VIDEO_SOCKET_SIGNED_OUT } from '../../../../src-shared/video/live';
import { STROKE_TTL_MS } from '../../../../src-shared/video/tools';
import { MAX_WAITING_SOCKETS_PER_SOURCE, TOO_MANY_WAITING } from '../../../../server/security/waitingSockets';
import { startRedisServer, type RedisServer } from '../../../support/redisServer';
import { spawnUntil, type ReadyProcess } from '../../../support/processes';
import { databaseEnv, startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { callParties, callSocket, sdpWith, type CallSide } from './callClient';

/**
 * VS-5: the call socket. Who may join (an assigned employee with `video.conduct`, the device's
 * code user; never another device's or company's), when (CONFIRMED, or IN PROGRESS to rejoin), one
 * socket per side; the signals relayed with each side's DTLS fingerprint bound; the status the call
 * drives: both in → IN PROGRESS, `end` → DONE, a side gone past the rejoin window → DONE.
 */

const candidate = {
  type: 'candidate',
  candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
};

/** Waits until the session's status is `expected` (the endpoint moves it as the call goes). */
async function statusBecomes(read: () => Promise<string>, expected: string) {
  for (let tries = 0; tries < 200; tries++) {
    if ((await read()) === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the session never became ${expected} (it is ${await read()})`);
}

describe('the video call socket', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  afterEach(async () => {
    await server?.close();
    dir?.cleanup();
  });

  async function start(options: Partial<ServerOptions> = {}) {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false, ...options });
    return callParties(() => server.url, dir.path);
  }

  /** A side that joined and was refused: the code, and the close that follows. */
  async function refusal(token: string, sessionId: string) {
    const side = await callSocket(server.url);
    side.join(token, sessionId);
    const refused = await side.next('call-refused');
    return { code: refused.code, closed: await side.closed };
  }

  /** Both sides in: the code user first, then the employee (who offers). */
  async function bothIn(parties: Awaited<ReturnType<typeof start>>, sessionId: string) {
    const phone = await callSocket(server.url);
    phone.join(parties.atPress, sessionId);
    expect(await phone.next('joined')).toMatchObject({ role: 'code-user', peer: null, initiator: false });
    const desk = await callSocket(server.url);
    desk.join(parties.agent.token, sessionId);
    expect(await desk.next('joined')).toMatchObject({
      role: 'employee',
      peer: { role: 'code-user', name: 'Press 4' },
      initiator: true,
      strokeTtlMs: STROKE_TTL_MS.default,
    });
    expect(await phone.next('peer-joined')).toEqual({ type: 'peer-joined', peer: { role: 'employee', name: 'agent' } });
    return { phone, desk };
  }

  it('refuses the unassigned, the assigned without video.conduct, other devices and companies, and a session not ready', async () => {
    const parties = await start();
    const sessionId = await parties.session();
    // The role of an assigned employee loses video.conduct after the assignment.
    expect(
      (
        await parties.call(
          'PUT',
          `/api/v1/admin/roles/${parties.demoted.roleId}`,
          { name: 'Demoted', permissions: ['video.view'] },
          parties.acme.admin,
        )
      ).status,
    ).toBe(204);

    expect(await refusal(parties.bystander.token, sessionId)).toEqual({
      code: 'video_not_assigned',
      closed: VIDEO_CALL_REFUSED,
    });
    expect(await refusal(parties.demoted.token, sessionId)).toEqual({
      code: 'video_not_assigned',
      closed: VIDEO_CALL_REFUSED,
    });
    // Another device's code user and another company's people do not learn the session exists.
    expect(await refusal(parties.atPump, sessionId)).toEqual({ code: 'not_found', closed: VIDEO_CALL_REFUSED });
    expect(await refusal(parties.atGlobex, sessionId)).toEqual({ code: 'not_found', closed: VIDEO_CALL_REFUSED });
    expect(await refusal(parties.globex.admin, sessionId)).toEqual({ code: 'not_found', closed: VIDEO_CALL_REFUSED });
    expect(await refusal(parties.agent.token, 'no-such-session')).toEqual({
      code: 'not_found',
      closed: VIDEO_CALL_REFUSED,
    });

    // A token nobody handed out is signed out, not refused.
    const stranger = await callSocket(server.url);
    stranger.join('not-a-token', sessionId);
    expect(await stranger.closed).toBe(VIDEO_SOCKET_SIGNED_OUT);
    expect(stranger.frames).toEqual([]);

    // Cancelled before the call: nobody joins it.
    const cancelled = await parties.session(parties.press.id, [parties.agent.id]);
    expect(
      (
        await parties.call(
          'POST',
          `/api/v1/video/sessions/${cancelled}/events`,
          { event: 'cancel' },
          parties.agent.token,
        )
      ).status,
    ).toBe(200);
    expect(await refusal(parties.agent.token, cancelled)).toEqual({
      code: 'video_call_not_ready',
      closed: VIDEO_CALL_REFUSED,
    });
    expect(await refusal(parties.atPress, cancelled)).toEqual({
      code: 'video_call_not_ready',
      closed: VIDEO_CALL_REFUSED,
    });
  });

  it('takes one socket per side: a second one for the same side is busy, the first stays in', async () => {
    const parties = await start();
    const sessionId = await parties.session();
    const phone = await callSocket(server.url);
    phone.join(parties.atPress, sessionId);
    await phone.next('joined');
    expect(await refusal(parties.atPress, sessionId)).toEqual({ code: 'video_call_busy', closed: VIDEO_CALL_REFUSED });
    const desk = await callSocket(server.url);
    desk.join(parties.agent.token, sessionId);
    await desk.next('joined');
    expect(await refusal(parties.agent.token, sessionId)).toEqual({
      code: 'video_call_busy',
      closed: VIDEO_CALL_REFUSED,
    });
    expect(await phone.next('peer-joined')).toMatchObject({ peer: { role: 'employee' } });
  });

  it('relays the signals, binds each side’s DTLS fingerprint, moves to IN PROGRESS with both in and DONE on end', async () => {
    const parties = await start();
    const sessionId = await parties.session();
    const { phone, desk } = await bothIn(parties, sessionId);
    await statusBecomes(() => parties.status(sessionId), 'IN_PROGRESS');

    desk.send({ type: 'signal', signal: sdpWith('offer', 'AA') });
    expect(await phone.next('signal')).toEqual({ type: 'signal', signal: sdpWith('offer', 'AA') });
    phone.send({ type: 'signal', signal: sdpWith('answer', 'BB') });
    expect(await desk.next('signal')).toEqual({ type: 'signal', signal: sdpWith('answer', 'BB') });
    phone.send({ type: 'signal', signal: candidate });
    expect(await desk.next('signal')).toEqual({ type: 'signal', signal: candidate });

    // A renegotiation with another certificate is dropped; one with the pinned certificate passes.
    desk.send({ type: 'signal', signal: sdpWith('offer', 'CC') });
    desk.send({ type: 'signal', signal: candidate });
    desk.send({ type: 'signal', signal: sdpWith('offer', 'AA') });
    expect(await phone.next('signal')).toEqual({ type: 'signal', signal: candidate });
    expect(await phone.next('signal')).toEqual({ type: 'signal', signal: sdpWith('offer', 'AA') });
    phone.send({ type: 'signal', signal: sdpWith('answer', 'DD') });
    phone.send({ type: 'signal', signal: { type: 'renegotiate', renegotiate: true } });
    expect(await desk.next('signal')).toEqual({ type: 'signal', signal: { type: 'renegotiate', renegotiate: true } });

    phone.send({ type: 'end' });
    expect(await phone.next('ended')).toEqual({ type: 'ended', by: 'code-user' });
    expect(await desk.next('ended')).toEqual({ type: 'ended', by: 'code-user' });
    expect(await Promise.all([phone.closed, desk.closed])).toEqual([1000, 1000]);
    expect(await parties.status(sessionId)).toBe('DONE');
    // Over: no one joins a DONE session.
    expect(await refusal(parties.atPress, sessionId)).toEqual({
      code: 'video_call_not_ready',
      closed: VIDEO_CALL_REFUSED,
    });
  });

  it('tells both sides the company’s fade time for drawings as they join', async () => {
    const parties = await start();
    const settings = { requests: 'all', requestGroups: [], reviewHours: 72, strokeTtlMs: 7500 };
    expect((await parties.call('PUT', '/api/v1/video/settings', settings, parties.acme.manager)).status).toBe(200);
    const sessionId = await parties.session();
    const phone = await callSocket(server.url);
    phone.join(parties.atPress, sessionId);
    expect(await phone.next('joined')).toMatchObject({ role: 'code-user', strokeTtlMs: 7500 });
    const desk = await callSocket(server.url);
    desk.join(parties.agent.token, sessionId);
    expect(await desk.next('joined')).toMatchObject({ role: 'employee', strokeTtlMs: 7500 });
  });

  it('keeps the call when a side rejoins within the window; the rejoined side offers anew', async () => {
    const parties = await start({ video: { callRejoinMs: 60_000 } });
    const sessionId = await parties.session();
    const { phone, desk } = await bothIn(parties, sessionId);
    await statusBecomes(() => parties.status(sessionId), 'IN_PROGRESS');
    desk.send({ type: 'signal', signal: sdpWith('offer', 'AA') });
    await phone.next('signal');
    phone.socket.terminate();
    await desk.next('peer-left');

    const back = await callSocket(server.url);
    back.join(parties.atPress, sessionId);
    expect(await back.next('joined')).toMatchObject({ peer: { role: 'employee', name: 'agent' }, initiator: true });
    expect(await desk.next('peer-joined')).toMatchObject({ peer: { role: 'code-user', name: 'Press 4' } });
    expect(await parties.status(sessionId)).toBe('IN_PROGRESS');
    // A fresh connection: each side's certificate is pinned anew, the employee's too.
    back.send({ type: 'signal', signal: sdpWith('offer', 'EE') });
    expect(await desk.next('signal')).toEqual({ type: 'signal', signal: sdpWith('offer', 'EE') });
    desk.send({ type: 'signal', signal: sdpWith('answer', 'FF') });
    expect(await back.next('signal')).toEqual({ type: 'signal', signal: sdpWith('answer', 'FF') });

    desk.send({ type: 'end' });
    expect(await back.next('ended')).toEqual({ type: 'ended', by: 'employee' });
    await statusBecomes(() => parties.status(sessionId), 'DONE');
  });

  it('ends the call as dropped when a side stays gone past the window', async () => {
    const parties = await start({ video: { callRejoinMs: 300 } });
    const sessionId = await parties.session();
    const { phone, desk } = await bothIn(parties, sessionId);
    await statusBecomes(() => parties.status(sessionId), 'IN_PROGRESS');
    phone.socket.terminate();
    await desk.next('peer-left');
    expect(await desk.next('ended')).toEqual({ type: 'ended', by: 'dropped' });
    expect(await desk.closed).toBe(1000);
    expect(await parties.status(sessionId)).toBe('DONE');
  });

  it('a side leaving before the other came leaves the session CONFIRMED and may come back', async () => {
    const parties = await start({ video: { callRejoinMs: 300 } });
    const sessionId = await parties.session();
    const phone = await callSocket(server.url);
    phone.join(parties.atPress, sessionId);
    await phone.next('joined');
    phone.send({ type: 'end' });
    expect(await phone.closed).toBe(1000);
    expect(await parties.status(sessionId)).toBe('CONFIRMED');
    const again = await callSocket(server.url);
    again.join(parties.atPress, sessionId);
    expect(await again.next('joined')).toMatchObject({ initiator: false });
  });

  it('relay-only: hands out TURN credentials with the relay policy and passes no address but the relay’s', async () => {
    const parties = await start({
      turn: { urls: ['turn:127.0.0.1:3478?transport=udp'], secret: 'coturn secret', ttlSeconds: 600, relayOnly: true },
    });
    const sessionId = await parties.session();
    const phone = await callSocket(server.url);
    phone.join(parties.atPress, sessionId);
    const joined = await phone.next('joined');
    expect(joined.iceTransportPolicy).toBe('relay');
    expect(joined.iceServers).toEqual([
      expect.objectContaining({
        urls: ['turn:127.0.0.1:3478?transport=udp'],
        username: expect.stringMatching(/^\d+:/),
      }),
    ]);
    const desk = await callSocket(server.url);
    desk.join(parties.agent.token, sessionId);
    await desk.next('joined');
    await phone.next('peer-joined');

    const offer = sdpWith('offer', 'AA');
    desk.send({
      type: 'signal',
      signal: {
        ...offer,
        sdp: `${offer.sdp}a=candidate:1 1 udp 2122260223 192.168.1.20 50000 typ host\r\na=candidate:2 1 udp 41885439 198.51.100.7 3478 typ relay raddr 203.0.113.9 rport 50001\r\n`,
      },
    });
    const relayedOffer = await phone.next('signal');
    expect(relayedOffer.signal).toMatchObject({ type: 'offer' });
    const sdp = (relayedOffer.signal as { sdp: string }).sdp;
    expect(sdp).not.toContain('192.168.1.20');
    expect(sdp).not.toContain('203.0.113.9');
    expect(sdp).toContain('198.51.100.7 3478 typ relay');
    // A host candidate is dropped; the relay candidate after it arrives, its related address blanked.
    desk.send({ type: 'signal', signal: candidate });
    desk.send({
      type: 'signal',
      signal: {
        type: 'candidate',
        candidate: {
          candidate: 'candidate:2 1 udp 41885439 198.51.100.7 3478 typ relay raddr 203.0.113.9 rport 50001',
          sdpMid: '0',
          sdpMLineIndex: 0,
        },
      },
    });
    const relayed = await phone.next('signal');
    expect(relayed.signal).toMatchObject({ type: 'candidate' });
    const line = (relayed.signal as { candidate: { candidate: string } }).candidate.candidate;
    expect(line).toContain('typ relay');
    expect(line).not.toContain('203.0.113.9');
  });

  it('lets one network have only so many sockets waiting to join; a joined one frees its place', async () => {
    const parties = await start();
    const sessionId = await parties.session();
    const waiting: CallSide[] = [];
    for (let i = 0; i < MAX_WAITING_SOCKETS_PER_SOURCE; i++) waiting.push(await callSocket(server.url));
    const refused = await callSocket(server.url);
    expect(await refused.closed).toBe(TOO_MANY_WAITING);
    // Joining is no longer waiting: the place is free for the next socket.
    waiting[0]!.join(parties.atPress, sessionId);
    await waiting[0]!.next('joined');
    const next = await callSocket(server.url);
    next.join(parties.agent.token, sessionId);
    expect(await next.next('joined')).toMatchObject({ role: 'employee', initiator: true });
    for (const side of waiting) side.socket.close();
  });

  it('closes on anything that is not the protocol, in any order, with or without valid credentials', async () => {
    const parties = await start();
    const sessionId = await parties.session();
    const join = { type: 'join', token: parties.atPress, sessionId };
    const beforeJoin: unknown[] = [
      'not json',
      '{"type":"join"',
      JSON.stringify({ ...join, extra: 1 }),
      JSON.stringify({ type: 'join', token: '', sessionId }),
      JSON.stringify({ type: 'join', token: 'x'.repeat(2000), sessionId }),
      JSON.stringify({ type: 'signal', signal: candidate }),
      JSON.stringify({ type: 'end' }),
      JSON.stringify({ type: 'auth', token: parties.atPress }),
      JSON.stringify([join]),
      JSON.stringify(null),
      JSON.stringify({ ...join, sessionId: 's'.repeat(65) }),
      `{"type":"join","token":"${'a'.repeat(100_000)}","sessionId":"x"}`,
    ];
    for (const message of beforeJoin) {
      const side = await callSocket(server.url);
      side.send(message);
      expect(await side.closed, String(message).slice(0, 80)).toBe(1008);
      expect(side.frames).toEqual([]);
    }
    const binary = await callSocket(server.url);
    binary.socket.send(Buffer.from(JSON.stringify(join)));
    expect(await binary.closed).toBe(1008);

    // With valid credentials: a second join, malformed signals, oversized SDP, unknown kinds.
    const afterJoin: unknown[] = [
      join,
      { type: 'signal', signal: { type: 'offer' } },
      { type: 'signal', signal: { type: 'offer', sdp: 'x'.repeat(64 * 1024 + 1) } },
      { type: 'signal', signal: { type: 'candidate', candidate: { candidate: 1 } } },
      { type: 'signal', signal: { ...candidate, candidate: { ...candidate.candidate, sdpMLineIndex: -1 } } },
      { type: 'signal', signal: { type: 'pranswer', sdp: 'v=0' } },
      { type: 'signal' },
      { type: 'end', now: true },
      { type: 'ping' },
    ];
    for (const message of afterJoin) {
      const side = await callSocket(server.url);
      side.join(parties.atPress, sessionId);
      await side.next('joined');
      side.send(message);
      expect(await side.closed, JSON.stringify(message).slice(0, 80)).toBe(1008);
    }

    // Random mutations of valid messages: each closes its socket or is a valid message; the endpoint still serves calls.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const valid = [
      JSON.stringify(join),
      JSON.stringify({ type: 'signal', signal: candidate }),
      JSON.stringify({ type: 'end' }),
    ];
    for (let round = 0; round < 40; round++) {
      const text = [...valid[round % valid.length]!]
        .map((char) => (random() < 0.08 ? String.fromCharCode(32 + Math.floor(random() * 95)) : char))
        .join('');
      const side = await callSocket(server.url);
      side.send(text);
      // A valid join that survived mutation is answered; close it then. Anything else closes at once.
      const first = await Promise.race([
        side.closed.then((code) => ({ code })),
        side.next().then((frame) => ({ frame })),
      ]);
      if ('frame' in first) side.socket.close();
      else expect([1008, VIDEO_SOCKET_SIGNED_OUT]).toContain(first.code);
      await side.closed;
    }
    const { phone, desk } = await bothIn(parties, sessionId);
    desk.send({ type: 'signal', signal: sdpWith('offer', 'AA') });
    expect(await phone.next('signal')).toMatchObject({ signal: { type: 'offer' } });
  });
});

describe('the video call across two endpoint instances sharing one database and one Redis', () => {
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

  async function start(rejoinMs: number) {
    dir = tempDir();
    a = await startServer({ dataDir: dir.path, redis: redis.url, logger: false, video: { callRejoinMs: rejoinMs } });
    b = await startServer({ dataDir: dir.path, redis: redis.url, logger: false, video: { callRejoinMs: rejoinMs } });
    const parties = await callParties(() => a.url, dir.path);
    const sessionId = await parties.session();
    const phone = await callSocket(a.url);
    phone.join(parties.atPress, sessionId);
    await phone.next('joined');
    const desk = await callSocket(b.url);
    desk.join(parties.agent.token, sessionId);
    expect(await desk.next('joined')).toMatchObject({ peer: { role: 'code-user' }, initiator: true });
    await phone.next('peer-joined');
    return { parties, sessionId, phone, desk };
  }

  it('relays between the instances, refuses a second side on the other one, and ends once when both end together', async () => {
    const { parties, sessionId, phone, desk } = await start(60_000);
    await statusBecomes(() => parties.status(sessionId), 'IN_PROGRESS');
    const busy = await callSocket(b.url);
    busy.join(parties.atPress, sessionId);
    expect(await busy.next('call-refused')).toMatchObject({ code: 'video_call_busy' });

    desk.send({ type: 'signal', signal: sdpWith('offer', 'AA') });
    expect(await phone.next('signal')).toEqual({ type: 'signal', signal: sdpWith('offer', 'AA') });
    phone.send({ type: 'signal', signal: sdpWith('answer', 'BB') });
    expect(await desk.next('signal')).toEqual({ type: 'signal', signal: sdpWith('answer', 'BB') });

    phone.send({ type: 'end' });
    desk.send({ type: 'end' });
    await Promise.all([phone.closed, desk.closed]);
    const ended = (side: CallSide) => side.frames.filter((frame) => frame.type === 'ended');
    expect(ended(phone)).toHaveLength(1);
    expect(ended(desk)).toHaveLength(1);
    expect(ended(phone)).toEqual(ended(desk));
    expect(await parties.status(sessionId)).toBe('DONE');
    const history = (await parties.call('GET', `/api/v1/video/sessions/${sessionId}`, undefined, parties.agent.token))
      .body!.history as { event: string }[];
    expect(history.filter((change) => change.event === 'end')).toHaveLength(1);
  });

  it('a side whose instance is killed outright: the call ends as dropped, or goes on when the side rejoins elsewhere', async () => {
    dir = tempDir();
    b = await startServer({ dataDir: dir.path, redis: redis.url, logger: false, video: { callRejoinMs: 1000 } });
    const parties = await callParties(() => b.url, dir.path);
    /** An instance as its own process (its seats held there), killed with SIGKILL: no socket close is ever handled. */
    const doomed = async () =>
      spawnUntil<{ url: string }>(
        process.execPath,
        ['out/server/main.cjs', '--port', '0', '--data-dir', dir.path, '--log-level', 'warn'],
        'listening',
        { env: { TANDEM_REDIS_URL: redis.url, ...(await databaseEnv(dir.path)) } },
      );
    const callAcross = async (killed: ReadyProcess<{ url: string }>, sessionId: string) => {
      const phone = await callSocket(killed.ready.url);
      phone.join(parties.atPress, sessionId);
      await phone.next('joined');
      const desk = await callSocket(b.url);
      desk.join(parties.agent.token, sessionId);
      await desk.next('joined');
      await statusBecomes(() => parties.status(sessionId), 'IN_PROGRESS');
      killed.child.kill('SIGKILL');
      await killed.stop();
      return desk;
    };

    // Never back: the instance left holding the phone's socket is noticed, and the window runs out.
    const first = await parties.session();
    const desk = await callAcross(await doomed(), first);
    await desk.next('peer-left');
    expect(await desk.next('ended')).toEqual({ type: 'ended', by: 'dropped' });
    expect(await parties.status(first)).toBe('DONE');

    // Back at once on the instance still running: its seat is taken over, not busy, and the call goes on.
    const second = await parties.session();
    const stays = await callAcross(await doomed(), second);
    const back = await callSocket(b.url);
    back.join(parties.atPress, second);
    expect(await back.next('joined')).toMatchObject({ peer: { role: 'employee' }, initiator: true });
    await stays.next('peer-joined');
    back.send({ type: 'signal', signal: sdpWith('offer', 'AA') });
    expect(await stays.next('signal')).toEqual({ type: 'signal', signal: sdpWith('offer', 'AA') });
    expect(await parties.status(second)).toBe('IN_PROGRESS');
  });

  it('a side dropped on one instance ends the call on the other after the window', async () => {
    const { parties, sessionId, phone, desk } = await start(300);
    await statusBecomes(() => parties.status(sessionId), 'IN_PROGRESS');
    phone.socket.terminate();
    await desk.next('peer-left');
    expect(await desk.next('ended')).toEqual({ type: 'ended', by: 'dropped' });
    expect(await parties.status(sessionId)).toBe('DONE');
  });
});
