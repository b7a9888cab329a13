import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../../server/app';
import { startServer } from '../../../../support/testServer';
import { fakeSdp, startDevices, type TestDevice } from '../../../../support/corePair';
import { startRedisServer, type RedisServer } from '../../../../support/redisServer';
import { tempDir } from '../../../../support/tempDir';

/**
 * Two real cores on two endpoint instances (one data folder, one Redis): the supporter's core
 * talks to instance A, the host's to instance B, and a session is set up exactly as on one.
 */
/** An ICE candidate as the renderer trickles one (its address is never dialled here). */
const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 };

describe('a session between cores on two endpoint instances', () => {
  let redis: RedisServer;
  let instances: RunningServer[] = [];
  let dir: ReturnType<typeof tempDir>;
  let pair: Awaited<ReturnType<typeof startDevices>> | undefined;
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

  /** The supporter's core on instance A, the host's on instance B. */
  async function startPair(): Promise<[TestDevice, TestDevice]> {
    dir = tempDir();
    for (let i = 0; i < 2; i++)
      instances.push(await startServer({ dataDir: dir.path, logger: false, redis: redis.url }));
    pair = await startDevices(2, {}, instances);
    return pair.devices as [TestDevice, TestDevice];
  }

  /** A session the host accepted, its media up on both sides (as each renderer reports it). */
  async function runningSession(supporter: TestDevice, host: TestDevice): Promise<string> {
    const { deviceId, oneTimePassword } = await host.call('device.identity', {});
    const prompted = host.session((view) => view.state === 'prompting');
    const { requestId } = await supporter.call('session.connect', {
      partnerId: deviceId,
      password: oneTimePassword,
      access: 'full',
    });
    const connecting = supporter.session((view) => view.requestId === requestId && view.state === 'connecting');
    await host.call('session.answerPrompt', { requestId: (await prompted).requestId, accept: true });
    await connecting;
    expect((await supporter.call('session.mediaConnected', { requestId })).state).toBe('active');
    expect((await host.call('session.mediaConnected', { requestId })).state).toBe('active');
    return requestId;
  }

  it('connects by ID and password, the host accepts, and signals pass both ways', async () => {
    const [supporter, host] = await startPair();
    await supporter.call('settings.update', { displayName: 'Ada Support', company: 'Helpdesk Inc' });

    const { deviceId, oneTimePassword } = await host.call('device.identity', {});
    const prompted = host.session((view) => view.state === 'prompting');
    const started = await supporter.call('session.connect', {
      partnerId: deviceId,
      password: oneTimePassword,
      access: 'full',
    });
    const prompt = await prompted;
    expect(prompt).toMatchObject({ requestId: started.requestId, credential: 'otp', partner: { name: 'Ada Support' } });
    // The password handshake ran end to end through both instances: the supporter knows it reached the host.
    expect((await supporter.session((view) => view.state === 'awaiting_answer')).partner.verified).toBe(true);

    const connecting = supporter.session((view) => view.state === 'connecting');
    await host.call('session.answerPrompt', { requestId: prompt.requestId, accept: true });
    expect(await connecting).toMatchObject({ access: 'full', hostGrant: 'full' });

    const { requestId } = started;
    const offer = host.next('session.signal', (event) => event.requestId === requestId);
    await supporter.call('session.signal', { requestId, signal: fakeSdp('offer', supporter.fingerprint) });
    expect((await offer).signal).toMatchObject({ type: 'offer' });
    const answer = supporter.next('session.signal', (event) => event.requestId === requestId);
    await host.call('session.signal', { requestId, signal: fakeSdp('answer', host.fingerprint) });
    expect((await answer).signal).toMatchObject({ type: 'answer' });

    const ended = host.session((view) => view.requestId === requestId && view.state === 'ended');
    await supporter.call('session.end', { requestId });
    expect((await ended).endReason).toBe('ended_by_supporter');
  });

  // The end's own side closes the peer connection at once; the hub's `ended` reaches the partner
  // through Redis and can come after its renderer noticed the connection close.
  it('the host ends after the supporter’s connection already closed: the supporter is told its partner ended it', async () => {
    const [supporter, host] = await startPair();
    const requestId = await runningSession(supporter, host);
    const waiting = await supporter.call('session.end', { requestId, reason: 'link_closed' });
    expect(waiting.state).toBe('active');

    const ended = supporter.session((view) => view.requestId === requestId && view.state === 'ended');
    expect((await host.call('session.end', { requestId })).endReason).toBe('ended_by_host');
    expect((await ended).endReason).toBe('ended_by_host');
  });

  it('the supporter ends after the host’s connection already closed: the end user is told the supporter ended it', async () => {
    const [supporter, host] = await startPair();
    const requestId = await runningSession(supporter, host);
    expect((await host.call('session.end', { requestId, reason: 'link_closed' })).state).toBe('active');

    const ended = host.session((view) => view.requestId === requestId && view.state === 'ended');
    expect((await supporter.call('session.end', { requestId })).endReason).toBe('ended_by_supporter');
    expect((await ended).endReason).toBe('ended_by_supporter');
  });

  // The supporter's end reaches the hub first; a relay of the host's (its screen list, a
  // candidate) is then refused as `unknown_request` — through another instance, before the hub's
  // `ended` arrives. Here the host's signaling is away when the end is sent, so no `ended` comes
  // and the host's core, waiting for it as when the connection closes, records the session lost.
  it('a host that missed the supporter’s end hears the request is gone on its next relay: the session is lost, not refused', async () => {
    const [supporter, host] = await startPair();
    const requestId = await runningSession(supporter, host);
    const away = host.next('signaling.changed', (state) => state.state !== 'online');
    host.booted.core.signaling.stop();
    await away;
    // The hub has seen the host's socket close (else its `ended` could still reach the closing socket).
    const { deviceId: hostId } = await host.call('device.identity', {});
    await expect.poll(async () => (await instances[1]!.hub.online([hostId])).has(hostId)).toBe(false);
    expect((await supporter.call('session.end', { requestId })).endReason).toBe('ended_by_supporter');
    // The supporter's core sends its end without waiting for the hub: the host comes back only
    // once the hub has ended the request (its report is completed just before it tells the parties).
    await expect
      .poll(async () => {
        const report = await instances[0]!.data.query
          .selectFrom('connection_reports')
          .select('ended_at')
          .where('request_id', '=', requestId)
          .executeTakeFirst();
        return report?.ended_at ?? null;
      })
      .not.toBeNull();
    const back = host.next('signaling.changed', (state) => state.state === 'online');
    host.booted.core.signaling.start();
    await back;

    const ended = host.session((view) => view.requestId === requestId && view.state === 'ended');
    await host.call('session.signal', { requestId, signal: { type: 'candidate', candidate } });
    expect(await ended).toMatchObject({ endReason: 'connection_lost', failure: null });
  });

  it('a connection that closes with nobody ending the session is recorded as lost on both sides', async () => {
    const [supporter, host] = await startPair();
    const requestId = await runningSession(supporter, host);
    const supporterEnded = supporter.session((view) => view.requestId === requestId && view.state === 'ended');
    const hostEnded = host.session((view) => view.requestId === requestId && view.state === 'ended');
    expect((await supporter.call('session.end', { requestId, reason: 'link_closed' })).state).toBe('active');

    expect((await supporterEnded).endReason).toBe('connection_lost');
    // The supporter's core told the hub, which told the host's.
    expect((await hostEnded).endReason).toBe('connection_lost');
  });

  it('a relay the hub cannot hand over while the partner’s signaling is away ends nothing: the running session goes on', async () => {
    const [supporter, host] = await startPair();
    const requestId = await runningSession(supporter, host);
    // The supporter's signaling goes away (it moves to another instance, or reconnects)…
    const away = supporter.next('signaling.changed', (state) => state.state !== 'online');
    supporter.booted.core.signaling.stop();
    await away;
    // …and the host sends candidates meanwhile: once its instance's cached route to the supporter
    // has run out, the hub answers `partner_offline`, which the host notes (and nothing more).
    await expect
      .poll(
        async () => {
          await host.call('session.signal', { requestId, signal: { type: 'candidate', candidate } });
          return host.logs().some((line) => line.includes('a relay did not reach the partner'));
        },
        { timeout: 10_000, interval: 250 },
      )
      .toBe(true);
    // Back again: the host's next candidate reaches the supporter (so the hub's answer to the first came before it)…
    const back = supporter.next('signaling.changed', (state) => state.state === 'online');
    supporter.booted.core.signaling.start();
    await back;
    await expect
      .poll(async () => {
        const heard = supporter
          .next('session.signal', (event) => event.requestId === requestId, 1_000)
          .then(
            () => true,
            () => false,
          );
        await host.call('session.signal', { requestId, signal: { type: 'candidate', candidate } });
        return heard;
      })
      .toBe(true);
    // …and the session is still running on both sides.
    expect((await host.call('session.list', {})).find((view) => view.requestId === requestId)?.state).toBe('active');
    expect((await supporter.call('session.list', {})).find((view) => view.requestId === requestId)?.state).toBe(
      'active',
    );
  });
});
