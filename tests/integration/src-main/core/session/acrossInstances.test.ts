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

  it('connects by ID and password, the host accepts, and signals pass both ways', async () => {
    dir = tempDir();
    for (let i = 0; i < 2; i++)
      instances.push(await startServer({ dataDir: dir.path, logger: false, redis: redis.url }));
    pair = await startDevices(2, {}, instances);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
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
});
