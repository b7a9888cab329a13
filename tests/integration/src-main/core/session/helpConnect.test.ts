import { createPrivateKey, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../../server/app';
import { HELP_GRANT_TTL_MS, type HelpSessionEvent } from '../../../../../src-shared/liveview/contract';
import type { SessionView } from '../../../../../src-shared/domain/session';
import { hubDevice } from '../../../server/signaling/hubClient';
import { companyParties } from '../../../../support/companyParties';
import { fakeSdp, randomFingerprint, startDevices, type Devices, type TestDevice } from '../../../../support/corePair';
import { deviceCaller } from '../../../../support/deviceRequest';
import { startRedisServer, type RedisServer } from '../../../../support/redisServer';
import { startServer } from '../../../../support/testServer';
import { tempDir } from '../../../../support/tempDir';

/**
 * LV-2 / LV-3 with real parts: an endpoint, its hub, and two real cores — the supporter's (signed
 * in as Sam of Acme, *liveview.view*) and the end user's (an Acme device whose help session is
 * open). The supporter connects by the help session's ID or by picking it; the end user's core
 * prompts (or, where Acme allows it for codes, starts at once); every step is on the record.
 */

const SAM = { email: 'sam@acme.test', password: 'a long password' };
const HELP = '/api/v1/devices/me/help-session';
const EVENTS = '/api/v1/admin/liveview/events';

const askFor = (deviceName: string) => ({
  acknowledgement: { textVersion: 'lv-ack-1', acknowledgedAt: new Date().toISOString() },
  yourName: 'Erika',
  presence: {
    status: 'active',
    foregroundApp: 'Excel',
    deviceName,
    os: { name: 'Windows', version: '11' },
    location: 'Berlin',
    tags: [],
  },
});

describe('connecting to a help session — real endpoint, hub and cores', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  /** The endpoint's Live View clock runs this far ahead (an expired grant without waiting a minute). */
  let clockAhead = 0;
  let pair: Devices<RunningServer> | undefined;
  let parties: ReturnType<typeof companyParties>;
  let acme: { companyId: string; admin: string };

  beforeEach(async () => {
    clockAhead = 0;
    dir = tempDir();
    server = await startServer({
      dataDir: dir.path,
      logger: false,
      liveview: { now: () => Date.now() + clockAhead },
    });
    parties = companyParties(() => server.url, dir.path);
    acme = await parties.company('Acme', 'ada@acme.test');
    await parties.user(acme.admin, SAM.email, ['liveview.view']);
  });
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
    await server.close();
    dir.cleanup();
  });

  /** The supporter (Sam, signed in) and the end user's core, enrolled in Acme, with its help session open. */
  async function devices(promptMs?: number) {
    pair = await startDevices(2, promptMs ? { sessionPolicy: { promptMs } } : {}, [server]);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await supporter.call('account.signIn', SAM);
    const hostCall = await signedAs(host);
    const token = await parties.call('POST', '/api/v1/admin/enrollment-tokens', { name: 'Office' }, acme.admin);
    expect((await hostCall('POST', '/api/v1/devices/me/enroll', { token: token.body!.token })).status).toBe(200);
    const opened = await hostCall('POST', HELP, askFor('Erika-PC'));
    expect(opened.status).toBe(200);
    const { deviceId: hostId } = await host.call('device.identity', {});
    return {
      supporter,
      host,
      hostId,
      hostCall,
      help: { id: opened.body!.id as string, code: opened.body!.code as string },
    };
  }

  /** Signed requests with the core's own device key, as its endpoint client makes them. */
  async function signedAs(device: TestDevice) {
    const { deviceId } = await device.call('device.identity', {});
    const row = device.booted.core.db.prepare('SELECT private_key FROM device_keys WHERE singleton = 1').get() as {
      private_key: string;
    };
    return deviceCaller(() => server.url, deviceId, createPrivateKey(row.private_key));
  }

  const events = async () =>
    ((await parties.call('GET', EVENTS, undefined, acme.admin)).body!.events as HelpSessionEvent[]).filter((event) =>
      event.action.startsWith('connection_'),
    );

  /** Both sides reach a running session: the SDP carries the fingerprints the handshake bound, and the media connects. */
  async function running(supporter: TestDevice, host: TestDevice, requestId: string) {
    const arrived = host.next('session.signal', (event) => event.requestId === requestId);
    await supporter.call('session.signal', { requestId, signal: fakeSdp('offer', supporter.fingerprint) });
    expect((await arrived).signal).toMatchObject({ type: 'offer' });
    await expect(
      supporter.call('session.signal', { requestId, signal: fakeSdp('offer', randomFingerprint()) }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    const answered = supporter.next('session.signal', (event) => event.requestId === requestId);
    await host.call('session.signal', { requestId, signal: fakeSdp('answer', host.fingerprint) });
    expect((await answered).signal).toMatchObject({ type: 'answer' });
    expect(await host.call('session.mediaConnected', { requestId })).toMatchObject({ state: 'active' });
    expect(await supporter.call('session.mediaConnected', { requestId })).toMatchObject({ state: 'active' });
  }

  it('by code: the end user is asked who (verified), from which company and what for, accepts, and the session runs; every step is recorded', async () => {
    const { supporter, host, hostId, help } = await devices();
    const prompting = host.session((view) => view.state === 'prompting');
    const waiting = supporter.session((view) => view.state === 'awaiting_answer');
    // Typed as read out, with spaces.
    const typed = `${help.code.slice(0, 3)} ${help.code.slice(3, 6)} ${help.code.slice(6)}`;
    const started = await supporter.call('session.connectHelp', { code: typed, access: 'full' });
    expect(started).toMatchObject({ method: 'help', help: { kind: 'code', reason: null } });
    expect(started.partner).toMatchObject({ deviceId: hostId, name: 'Erika' });

    const prompt = await prompting;
    expect(prompt).toMatchObject({
      method: 'help',
      help: { kind: 'code', reason: null },
      partner: { name: 'sam', company: 'Acme', verified: true },
      requestedAccess: 'full',
    });
    expect(Date.parse(prompt.promptExpiresAt!)).toBeGreaterThan(Date.now());
    // The handshake proved the grant's secret on both sides before the end user was asked.
    expect((await waiting).partner.verified).toBe(true);

    const connecting = supporter.session((view) => view.state === 'connecting');
    await host.call('session.answerPrompt', { requestId: prompt.requestId, accept: true });
    await connecting;
    await running(supporter, host, prompt.requestId);

    const hostEnded = host.session((view) => view.state === 'ended');
    await supporter.call('session.end', { requestId: prompt.requestId });
    expect((await hostEnded).endReason).toBe('ended_by_supporter');
    await expect
      .poll(async () => (await events()).map((event) => event.action))
      .toEqual(['connection_ended', 'connection_accepted', 'connection_requested']);
    const [ended, accepted, requested] = await events();
    expect(requested).toMatchObject({
      actorKind: 'user',
      actor: 'sam <sam@acme.test>',
      helpSessionId: help.id,
      code: help.code,
      deviceId: hostId,
      detail: { requestId: prompt.requestId, by: 'code' },
    });
    expect(accepted).toMatchObject({ actorKind: 'device', actorId: hostId, actor: 'Erika-PC' });
    expect(ended).toMatchObject({ actorKind: 'user', detail: { reason: 'ended_by_supporter' } });
  });

  it('where the company allows it, a help session ID read out starts without the Accept step; picking one in the Live View still asks', async () => {
    const { supporter, host, help } = await devices();
    const changed = await parties.call('PUT', '/api/v1/admin/liveview/settings', { codeSkipsAccept: true }, acme.admin);
    expect(changed.body).toEqual({ codeSkipsAccept: true, lifetimeMinutes: 60 });
    const seen: SessionView[] = [];
    const unsubscribe = host.booted.core.events.subscribe((name, payload) => {
      if (name === 'session.changed') seen.push(payload as SessionView);
    });
    const hostConnecting = host.session((view) => view.state === 'connecting');
    const { requestId } = await supporter.call('session.connectHelp', { code: help.code, access: 'full' });
    expect((await hostConnecting).requestId).toBe(requestId);
    unsubscribe();
    expect(seen.some((view) => view.state === 'prompting')).toBe(false);
    await supporter.session((view) => view.requestId === requestId && view.state === 'connecting');
    await running(supporter, host, requestId);
    const hostEnded = host.session((view) => view.state === 'ended');
    await supporter.call('session.end', { requestId });
    await hostEnded;

    const prompting = host.session((view) => view.state === 'prompting');
    const picked = await supporter.call('session.connectHelp', { helpSessionId: help.id, access: 'view' });
    expect((await prompting).requestId).toBe(picked.requestId);
  });

  it('by identity: the end user reads why, denies, and the supporter is told they declined', async () => {
    const { supporter, host, hostId, help } = await devices();
    const prompting = host.session((view) => view.state === 'prompting');
    const { requestId } = await supporter.call('session.connectHelp', {
      helpSessionId: help.id,
      reason: 'Your printer ticket #4711',
      access: 'full',
    });
    const prompt = await prompting;
    expect(prompt).toMatchObject({
      requestId,
      help: { kind: 'request', reason: 'Your printer ticket #4711' },
      partner: { name: 'sam', company: 'Acme', verified: true },
    });
    const told = supporter.session((view) => view.requestId === requestId && view.state === 'ended');
    await host.call('session.answerPrompt', { requestId, accept: false });
    expect((await told).failure).toEqual({ code: 'help_request_denied', retryAfterMs: null });
    await expect.poll(async () => (await events())[0]?.action).toBe('connection_denied');
    const [denied, requested] = await events();
    expect(denied).toMatchObject({ actorKind: 'device', actorId: hostId, detail: { reason: 'denied' } });
    expect(requested).toMatchObject({ detail: { by: 'request', reason: 'Your printer ticket #4711' } });
  });

  it('nobody answers: the prompt runs out and the supporter is told it went unanswered', async () => {
    const { supporter, host, help } = await devices(1_500);
    const prompting = host.session((view) => view.state === 'prompting');
    const { requestId } = await supporter.call('session.connectHelp', { helpSessionId: help.id, access: 'full' });
    await prompting;
    const told = await supporter.session((view) => view.requestId === requestId && view.state === 'ended');
    expect(told.failure).toEqual({ code: 'help_request_unanswered', retryAfterMs: null });
    await expect.poll(async () => (await events())[0]?.action).toBe('connection_timed_out');
  });

  it('a wrong or ended help session ID is refused with its own code before anything reaches the hub, and guessing is limited with the wait', async () => {
    const { supporter, help } = await devices();
    const wrong = help.code === '123456789' ? '987654321' : '123456789';
    await expect(supporter.call('session.connectHelp', { code: wrong, access: 'full' })).rejects.toMatchObject({
      code: 'help_code_unknown',
    });
    await expect(
      supporter.call('session.connectHelp', { helpSessionId: 'no-such-id', access: 'full' }),
    ).rejects.toMatchObject({ code: 'help_session_gone' });
    expect(await supporter.call('session.list', {})).toEqual([]);
    // Guessing: after five IDs that matched nothing in a minute, the refusal says how long to wait — whatever the ID.
    for (let guess = 0; guess < 4; guess++) {
      await expect(supporter.call('session.connectHelp', { code: wrong, access: 'full' })).rejects.toMatchObject({
        code: 'help_code_unknown',
      });
    }
    const limited = await supporter.call('session.connectHelp', { code: help.code, access: 'full' }).catch((e) => e);
    expect(limited).toMatchObject({ code: 'rate_limited' });
    expect((limited as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
  });

  describe('attacks: each grant misuse is refused by the hub, and the end user is never asked', () => {
    /** A raw device of Sam's (signed requests with Sam's session) that asks for grants, and its hub socket. */
    async function attacker() {
      const samToken = (await parties.call('POST', '/api/v1/auth/sign-in', SAM)).body!.token as string;
      const device = await parties.device(acme.admin);
      const grantFor = async (help: { id: string }) => {
        const answer = await device.call(
          'POST',
          `/api/v1/liveview/help-sessions/${help.id}/connection`,
          {},
          device.deviceId,
          samToken,
        );
        expect(answer.status).toBe(200);
        return answer.body!.grant as string;
      };
      return { device, grantFor, samToken };
    }

    const connectHelp = (grant: string) => ({
      type: 'connect-help',
      requestId: randomUUID(),
      grant,
      supporter: { name: 'Mallory', company: 'Evil' },
      access: 'full',
    });

    /** The positive signal after a refusal: Sam's real core connects and the end user's first and only prompt is his. */
    async function onlyTheRealOneAsks(supporter: TestDevice, host: TestDevice, help: { id: string }) {
      const prompting = host.session((view) => view.state === 'prompting');
      const { requestId } = await supporter.call('session.connectHelp', { helpSessionId: help.id, access: 'full' });
      expect((await prompting).requestId).toBe(requestId);
      expect((await host.call('session.list', {})).map((view) => view.requestId)).toEqual([requestId]);
    }

    it('a grant presented on another device’s socket', async () => {
      const { supporter, host, help } = await devices();
      const { grantFor } = await attacker();
      const grant = await grantFor(help);
      const other = await parties.device(acme.admin);
      const socket = await hubDevice(server.url, other.deviceId, other.privateKey);
      socket.send(connectHelp(grant));
      expect(await socket.waitFor((m): m is Extract<typeof m, { type: 'error' }> => m.type === 'error')).toMatchObject({
        code: 'help_grant_invalid',
      });
      socket.socket.close();
      await onlyTheRealOneAsks(supporter, host, help);
    });

    it('an altered grant, and one past its minute', async () => {
      const { supporter, host, help } = await devices();
      const { device, grantFor } = await attacker();
      const grant = await grantFor(help);
      const socket = await hubDevice(server.url, device.deviceId, device.privateKey);
      const [payload, mac] = grant.split('.') as [string, string];
      const altered = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      altered.companyId = 'another-company';
      socket.send(connectHelp(`${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${mac}`));
      expect(await socket.waitFor((m): m is Extract<typeof m, { type: 'error' }> => m.type === 'error')).toMatchObject({
        code: 'help_grant_invalid',
      });
      clockAhead = HELP_GRANT_TTL_MS + 1_000;
      socket.send(connectHelp(grant));
      expect(await socket.waitFor((m): m is Extract<typeof m, { type: 'error' }> => m.type === 'error')).toMatchObject({
        code: 'help_grant_expired',
      });
      socket.socket.close();
      clockAhead = 0;
      await onlyTheRealOneAsks(supporter, host, help);
    });

    it('a grant for a help session that has ended since', async () => {
      const { supporter, host, hostCall, help } = await devices();
      const { device, grantFor } = await attacker();
      const grant = await grantFor(help);
      expect((await hostCall('DELETE', HELP)).status).toBe(204);
      const socket = await hubDevice(server.url, device.deviceId, device.privateKey);
      socket.send(connectHelp(grant));
      expect(await socket.waitFor((m): m is Extract<typeof m, { type: 'error' }> => m.type === 'error')).toMatchObject({
        code: 'help_session_gone',
      });
      socket.socket.close();
      // The end user asks again: a new help session, and only the real supporter's request reaches them.
      const reopened = await hostCall('POST', HELP, askFor('Erika-PC'));
      await onlyTheRealOneAsks(supporter, host, { id: reopened.body!.id as string });
    });

    it('another company’s help session: no grant by its ID, none by its code', async () => {
      const { supporter, host, help } = await devices();
      const globex = await parties.company('Globex', 'gus@globex.test');
      const theirs = await parties.device(globex.admin);
      const opened = await theirs.call('POST', HELP, askFor('Globex-PC'));
      expect(opened.status).toBe(200);
      const { device, samToken } = await attacker();
      const byId = await device.call(
        'POST',
        `/api/v1/liveview/help-sessions/${opened.body!.id as string}/connection`,
        { reason: 'hello' },
        device.deviceId,
        samToken,
      );
      expect(byId).toMatchObject({ status: 404, body: { error: { code: 'help_session_gone' } } });
      const byCode = await device.call(
        'POST',
        '/api/v1/liveview/connect-grant',
        { code: opened.body!.code },
        device.deviceId,
        samToken,
      );
      expect(byCode).toMatchObject({ status: 404, body: { error: { code: 'help_code_unknown' } } });
      await expect(
        supporter.call('session.connectHelp', { helpSessionId: opened.body!.id as string, access: 'full' }),
      ).rejects.toMatchObject({ code: 'help_session_gone' });
      await onlyTheRealOneAsks(supporter, host, help);
    });
  });
});

describe('connecting to a help session across two endpoint instances (one database, one Redis)', () => {
  let redis: RedisServer;
  let instances: RunningServer[] = [];
  let dir: ReturnType<typeof tempDir>;
  let pair: Devices<RunningServer> | undefined;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => redis?.stop());
  afterEach(async () => {
    await pair?.close();
    for (const instance of instances) await instance.close();
    dir?.cleanup();
    instances = [];
  });

  it('the supporter on one instance, the end user on the other: asked, accepted, ended — each step recorded once', async () => {
    dir = tempDir();
    for (let i = 0; i < 2; i++)
      instances.push(await startServer({ dataDir: dir.path, logger: false, redis: redis.url }));
    const [a] = instances as [RunningServer, RunningServer];
    const parties = companyParties(() => a.url, dir.path);
    const acme = await parties.company('Acme', 'ada@acme.test');
    await parties.user(acme.admin, SAM.email, ['liveview.view']);
    // Device i talks to instance i: the supporter to A, the end user to B.
    pair = await startDevices(2, {}, instances);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await supporter.call('account.signIn', SAM);
    const { deviceId } = await host.call('device.identity', {});
    const row = host.booted.core.db.prepare('SELECT private_key FROM device_keys WHERE singleton = 1').get() as {
      private_key: string;
    };
    const hostCall = deviceCaller(() => a.url, deviceId, createPrivateKey(row.private_key));
    const token = await parties.call('POST', '/api/v1/admin/enrollment-tokens', { name: 'Office' }, acme.admin);
    expect((await hostCall('POST', '/api/v1/devices/me/enroll', { token: token.body!.token })).status).toBe(200);
    const opened = await hostCall('POST', HELP, askFor('Erika-PC'));

    const prompting = host.session((view) => view.state === 'prompting');
    const { requestId } = await supporter.call('session.connectHelp', {
      helpSessionId: opened.body!.id as string,
      reason: 'VPN',
      access: 'full',
    });
    expect(await prompting).toMatchObject({ requestId, help: { kind: 'request', reason: 'VPN' } });
    const connecting = supporter.session((view) => view.requestId === requestId && view.state === 'connecting');
    await host.call('session.answerPrompt', { requestId, accept: true });
    await connecting;
    const supporterEnded = supporter.session((view) => view.requestId === requestId && view.state === 'ended');
    await host.call('session.end', { requestId });
    expect((await supporterEnded).endReason).toBe('ended_by_host');

    const actions = async () =>
      ((await parties.call('GET', EVENTS, undefined, acme.admin)).body!.events as HelpSessionEvent[])
        .filter((event) => event.action.startsWith('connection_'))
        .map((event) => [event.action, event.actorKind]);
    await expect.poll(actions).toEqual([
      ['connection_ended', 'device'],
      ['connection_accepted', 'device'],
      ['connection_requested', 'user'],
    ]);
  });
});
