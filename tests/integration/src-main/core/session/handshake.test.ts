import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeSdp, randomFingerprint, startDevices, type TestDevice } from '../../../../support/corePair';

type Pair = Awaited<ReturnType<typeof startDevices>>;

describe('remote sessions between two real cores through the real hub', () => {
  let pair: Pair;
  afterEach(async () => pair?.close());

  async function connect(supporter: TestDevice, host: TestDevice, password?: string, access: 'full' | 'view' = 'full') {
    const { deviceId, oneTimePassword } = await host.call('device.identity', {});
    return supporter.call('session.connect', { partnerId: deviceId, password: password ?? oneTimePassword, access });
  }

  async function accepted(supporter: TestDevice, host: TestDevice) {
    const prompted = host.session((view) => view.state === 'prompting');
    const started = await connect(supporter, host);
    const prompt = await prompted;
    const connecting = supporter.session((view) => view.requestId === started.requestId && view.state === 'connecting');
    await host.call('session.answerPrompt', { requestId: prompt.requestId, accept: true });
    return { requestId: started.requestId, supporterView: await connecting };
  }

  it('connects by ID and one-time password: the host is asked, accepts, and both sides bind the session', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await supporter.call('settings.update', { displayName: 'Ada Support', company: 'Helpdesk Inc' });
    const prompted = host.session((view) => view.state === 'prompting');
    const started = await connect(supporter, host);
    expect(started).toMatchObject({ role: 'supporter', state: 'authenticating', initiator: true });

    const prompt = await prompted;
    expect(prompt).toMatchObject({
      role: 'host',
      requestId: started.requestId,
      credential: 'otp',
      requestedAccess: 'full',
      partner: { name: 'Ada Support', company: 'Helpdesk Inc', verified: false },
    });
    expect(Date.parse(prompt.promptExpiresAt!)).toBeGreaterThan(Date.now());
    const waiting = await supporter.session((view) => view.state === 'awaiting_answer');
    expect(waiting.partner.verified).toBe(true);

    const connecting = supporter.session((view) => view.state === 'connecting');
    await host.call('session.answerPrompt', { requestId: prompt.requestId, accept: true });
    expect(await connecting).toMatchObject({ access: 'full', hostGrant: 'full' });
  });

  it('relays only SDP that carries the certificate the handshake bound', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const { requestId } = await accepted(supporter, host);

    const arrived = host.next('session.signal', (event) => event.requestId === requestId);
    await supporter.call('session.signal', { requestId, signal: fakeSdp('offer', supporter.fingerprint) });
    expect((await arrived).signal).toMatchObject({ type: 'offer' });

    await expect(
      supporter.call('session.signal', { requestId, signal: fakeSdp('offer', randomFingerprint()) }),
    ).rejects.toMatchObject({ code: 'invalid_request' });

    // An SDP with another certificate arriving from the network (say, a hub in the middle) ends the session.
    const ended = host.session((view) => view.requestId === requestId && view.state === 'ended');
    supporter.booted.core.signaling.send({
      type: 'relay',
      requestId,
      payload: { kind: 'signal', signal: fakeSdp('offer', randomFingerprint()) },
    });
    expect((await ended).endReason).toBe('ended_by_host');
  });

  /** A wrong password, once both sides are done with it. */
  async function failedAttempt(supporter: TestDevice, host: TestDevice, password: string) {
    const hostEnded = host.session((v) => v.state === 'ended');
    const view = await connect(supporter, host, password);
    const supporterEnded = supporter.session((v) => v.requestId === view.requestId && v.state === 'ended');
    const [ended] = await Promise.all([supporterEnded, hostEnded]);
    return ended;
  }

  it('refuses a wrong password, then backs off and says how long to wait', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await failedAttempt(supporter, host, 'not-the-password')).failure?.code).toBe('wrong_password');
    }
    // Three failures open a back-off window: even the right password is refused until it closes.
    const blocked = await connect(supporter, host);
    const refusal = await supporter.session((v) => v.requestId === blocked.requestId && v.state === 'ended');
    expect(refusal.failure).toMatchObject({ code: 'locked' });
    expect(refusal.failure!.retryAfterMs).toBeGreaterThan(0);
    expect(refusal.failure!.retryAfterMs).toBeLessThanOrEqual(2000);
  });

  it('locks out after many failures and rotates the one-time password along the way', async () => {
    pair = await startDevices(2, { sessionPolicy: { guard: { freeAttempts: 10, lockAfter: 4, rotateEvery: 2 } } });
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const original = (await host.call('device.identity', {})).oneTimePassword;
    await failedAttempt(supporter, host, 'guess-1');
    expect((await host.call('device.identity', {})).oneTimePassword).toBe(original);
    await failedAttempt(supporter, host, 'guess-2');
    expect((await host.call('device.identity', {})).oneTimePassword).not.toBe(original);
    await failedAttempt(supporter, host, 'guess-3');
    // The host's refusal after the fourth failure says the device is now locked, and for how long.
    const locked = supporter.session((v) => v.failure?.code === 'locked');
    await failedAttempt(supporter, host, 'guess-4');
    expect((await locked).failure!.retryAfterMs).toBeGreaterThan(29 * 60_000);
  });

  it('tells the supporter when the end user denies', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const prompted = host.session((view) => view.state === 'prompting');
    const started = await connect(supporter, host);
    const denied = supporter.session((view) => view.requestId === started.requestId && view.state === 'ended');
    await host.call('session.answerPrompt', { requestId: (await prompted).requestId, accept: false });
    expect((await denied).failure).toMatchObject({ code: 'denied' });
  });

  it('declines as unanswered when the prompt’s countdown runs out, and the supporter is told it went unanswered', async () => {
    pair = await startDevices(2, { sessionPolicy: { promptMs: 400 } });
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const started = await connect(supporter, host);
    const hostEnded = host.session((view) => view.requestId === started.requestId && view.state === 'ended');
    const supporterEnded = supporter.session((view) => view.requestId === started.requestId && view.state === 'ended');
    expect((await hostEnded).endReason).toBe('timeout');
    expect((await supporterEnded).failure).toMatchObject({ code: 'timeout' });
  });

  it('connects unattended with the permanent password, without a prompt', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await host.call('device.setPermanentPassword', { password: 'correct horse battery' });
    const connecting = host.session((view) => view.state === 'connecting');
    await connect(supporter, host, 'correct horse battery');
    expect(await connecting).toMatchObject({ credential: 'permanent', promptExpiresAt: null });
  });

  it('connects unattended with a permanent password that looks like a one-time password', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    // Only letters a one-time password is made of: tried against the one-time password first, then this.
    await host.call('device.setPermanentPassword', { password: 'CorrectHorseBattery' });
    const connecting = host.session((view) => view.state === 'connecting');
    await connect(supporter, host, 'CorrectHorseBattery');
    expect(await connecting).toMatchObject({ credential: 'permanent', promptExpiresAt: null });
  });

  it('connects through a session code the end user types in, after seeing who asks', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await supporter.call('settings.update', { displayName: 'Ben', company: 'IT' });
    const { code } = await supporter.call('session.createCode', { access: 'view' });
    expect(code).toMatch(/^\d{10}$/);
    const info = await host.call('session.lookupCode', { code });
    expect(info).toMatchObject({ supporter: { name: 'Ben', company: 'IT' }, access: 'view' });
    const supporterConnecting = supporter.session((view) => view.state === 'connecting');
    const hostView = await host.call('session.joinCode', {
      code: `${code.slice(0, 3)} ${code.slice(3, 6)} ${code.slice(6)}`,
    });
    expect(hostView).toMatchObject({ method: 'code', partner: { name: 'Ben' } });
    expect(await supporterConnecting).toMatchObject({
      credential: 'code',
      access: 'view',
      partner: { verified: true },
    });
    await expect(host.call('session.lookupCode', { code })).rejects.toMatchObject({
      code: 'code_unknown',
      message: /code_unknown/,
    });
  });

  it('injects input only while control is granted; revoking it stops injection at once', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const { requestId } = await accepted(supporter, host);
    const move = { type: 'pointer-move', x: 0.5, y: 0.25 } as const;
    expect(await host.call('session.input', { requestId, event: move })).toMatchObject({ injected: false });
    await host.call('session.mediaConnected', { requestId });
    expect(await host.call('session.input', { requestId, event: move })).toEqual({ injected: true, reason: null });

    const revoked = supporter.session((view) => view.requestId === requestId && view.hostGrant === 'view');
    await host.call('session.setAccess', { requestId, access: 'view' });
    expect(await host.call('session.input', { requestId, event: move })).toEqual({
      injected: false,
      reason: 'control not granted',
    });
    expect((await revoked).access).toBe('view');
    await expect(supporter.call('session.setAccess', { requestId, access: 'full' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(host.injector.events).toEqual([move]);
  });

  it('ends on both sides, rotates the host’s one-time password and leaves a connection report', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const before = await host.call('device.identity', {});
    const { requestId } = await accepted(supporter, host);
    const hostEnded = host.session((view) => view.requestId === requestId && view.state === 'ended');
    await supporter.call('session.end', { requestId });
    expect((await hostEnded).endReason).toBe('ended_by_supporter');
    const after = await host.call('device.identity', {});
    expect(after.oneTimePassword).not.toBe(before.oneTimePassword);

    const reports = await host.call('reports.list', {});
    expect(reports[0]).toMatchObject({
      requestId,
      supporterDeviceId: (await supporter.call('device.identity', {})).deviceId,
      hostDeviceId: before.deviceId,
      outcome: 'completed',
    });
    expect(reports[0]!.durationSeconds).toBeGreaterThanOrEqual(0);
  });

  it('applies a stronger one-time password at once, and it is the one that works', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const before = await host.call('device.identity', {});
    expect(before.oneTimePassword).toHaveLength(8);
    await host.call('settings.update', { oneTimePasswordLength: 16 });
    const after = await host.call('device.identity', {});
    expect(after.oneTimePassword).toHaveLength(16);
    expect((await failedAttempt(supporter, host, before.oneTimePassword)).failure?.code).toBe('wrong_password');
    const prompted = host.session((view) => view.state === 'prompting');
    await connect(supporter, host, after.oneTimePassword);
    expect((await prompted).credential).toBe('otp');
  });

  it('says the partner is offline when the ID is not online', async () => {
    pair = await startDevices(1);
    const [supporter] = pair.devices as [TestDevice];
    const view = await supporter.call('session.connect', {
      partnerId: '987654321',
      password: 'whatever1',
      access: 'full',
    });
    const ended = await supporter.session((v) => v.requestId === view.requestId && v.state === 'ended');
    expect(ended.failure).toMatchObject({ code: 'partner_offline' });
  });

  it('shrugs off malformed peer messages: the session and its signaling carry on (fuzzed)', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const { requestId } = await accepted(supporter, host);
    const payload = fc.oneof(
      fc.jsonValue(),
      fc.record({
        kind: fc.constantFrom(
          'auth-start',
          'auth-reply',
          'auth-finish',
          'auth-ok',
          'auth-refused',
          'prompt-answer',
          'signal',
          'control',
        ),
        attempts: fc.array(fc.record({ credential: fc.string(), message: fc.string() })),
        signal: fc.jsonValue(),
        access: fc.string(),
        by: fc.string(),
        mac: fc.string(),
      }),
    );
    fc.assert(
      fc.property(payload, (value) => {
        supporter.booted.core.signaling.send({ type: 'relay', requestId, payload: value });
        host.booted.core.signaling.send({ type: 'relay', requestId, payload: value });
      }),
      { numRuns: 300 },
    );
    const arrived = host.next('session.signal', (event) => event.requestId === requestId);
    await supporter.call('session.signal', { requestId, signal: fakeSdp('offer', supporter.fingerprint) });
    await arrived;
    const views = [...(await host.call('session.list', {})), ...(await supporter.call('session.list', {}))];
    expect(views.filter((view) => view.requestId === requestId).map((view) => view.state)).toEqual([
      'connecting',
      'connecting',
    ]);
  });
});
