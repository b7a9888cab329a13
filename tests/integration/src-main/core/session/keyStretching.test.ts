import * as opaque from '@serenity-kit/opaque';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { keyStretchingFor, supporterStart } from '../../../../../src-main/core/session/passwordHandshake';
import { peerMessageSchema, type CredentialKind } from '../../../../../src-shared/signaling/peerMessages';
import type { ServerMessage } from '../../../../../src-shared/signaling/protocol';
import { randomFingerprint, startDevices, type TestDevice } from '../../../../support/corePair';

type Pair = Awaited<ReturnType<typeof startDevices>>;
type Stretching = NonNullable<opaque.client.FinishLoginParams['keyStretching']>;

/** The parameters decided for each credential, spelled out rather than read from the code under test. */
const CHEAP: Stretching = { 'argon2id-custom': { memory: 8, iterations: 1, parallelism: 1 } };
const STRONG: Stretching = { 'argon2id-custom': { memory: 65_536, iterations: 3, parallelism: 4 } };

/**
 * Asks the real host, through the real hub, for its OPAQUE replies to the right passwords, and
 * tells which argon2id setting opens each credential's record: a login succeeds only with the
 * setting the record was registered with.
 */
async function openingSettings(
  supporter: TestDevice,
  host: TestDevice,
  passwords: Partial<Record<'otp' | 'permanent', string>>,
): Promise<Partial<Record<CredentialKind, { cheap: boolean; strong: boolean }>>> {
  const { deviceId } = await host.call('device.identity', {});
  const requestId = randomUUID();
  const signaling = supporter.booted.core.signaling;
  const started = new Map<CredentialKind, { state: string; password: string }>();
  const attempts = Object.entries(passwords).map(([credential, password]) => {
    const { state, ke1 } = supporterStart(password);
    started.set(credential as CredentialKind, { state, password });
    return { credential: credential as CredentialKind, message: ke1 };
  });
  const hostEnded = host.session((view) => view.requestId === requestId && view.state === 'ended');
  const replies = await new Promise<{ credential: CredentialKind; message: string }[]>((resolve, reject) => {
    const onMessage = (message: ServerMessage) => {
      if (message.type !== 'relay' || message.requestId !== requestId) return;
      const payload = peerMessageSchema.parse(message.payload);
      signaling.off('message', onMessage);
      if (payload.kind === 'auth-reply') resolve(payload.attempts);
      else reject(new Error(`the host did not answer: ${payload.kind}`));
    };
    signaling.on('message', onMessage);
    signaling.send({
      type: 'connect',
      requestId,
      target: deviceId,
      supporter: { name: 'Probe', company: '' },
      access: 'full',
    });
    signaling.send({
      type: 'relay',
      requestId,
      payload: { kind: 'auth-start', attempts, fingerprint: randomFingerprint() },
    });
  });
  signaling.send({ type: 'end', requestId, reason: 'cancelled' });
  await hostEnded;
  const opens = (credential: CredentialKind, ke2: string, keyStretching: Stretching) => {
    const { state, password } = started.get(credential)!;
    try {
      return (
        opaque.client.finishLogin({ clientLoginState: state, loginResponse: ke2, password, keyStretching }) !==
        undefined
      );
    } catch {
      return false;
    }
  };
  return Object.fromEntries(
    replies.map(({ credential, message }) => [
      credential,
      { cheap: opens(credential, message, CHEAP), strong: opens(credential, message, STRONG) },
    ]),
  );
}

describe('key stretching per credential, on a real host through the real hub', () => {
  let pair: Pair;
  afterEach(async () => pair?.close());

  it('registers the one-time password with the cheapest argon2id and the permanent password with the strong one', async () => {
    pair = await startDevices(2, { sessionPolicy: { guard: { freeAttempts: 10 } } });
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await host.call('device.setPermanentPassword', { password: 'correct horse battery' });
    const { oneTimePassword } = await host.call('device.identity', {});
    expect(
      await openingSettings(supporter, host, { otp: oneTimePassword, permanent: 'correct horse battery' }),
    ).toEqual({
      otp: { cheap: true, strong: false },
      permanent: { cheap: false, strong: true },
    });
    // The setting the handshake reads is the one the records were made with.
    expect(keyStretchingFor('otp')).toEqual(CHEAP);
    expect(keyStretchingFor('permanent')).toBe('memory-constrained');
  });

  it('connects with the one-time password while a permanent password of the same letters is set, and with that permanent password unattended', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    // Letters a one-time password is made of: the supporter tries both credentials with each one's setting.
    await host.call('device.setPermanentPassword', { password: 'CorrectHorseBattery' });
    const { deviceId, oneTimePassword } = await host.call('device.identity', {});
    const prompted = host.session((view) => view.state === 'prompting');
    await supporter.call('session.connect', { partnerId: deviceId, password: oneTimePassword, access: 'full' });
    const prompt = await prompted;
    expect(prompt.credential).toBe('otp');
    const ended = host.session((view) => view.requestId === prompt.requestId && view.state === 'ended');
    await host.call('session.answerPrompt', { requestId: prompt.requestId, accept: false });
    await ended;

    const connecting = host.session((view) => view.state === 'connecting');
    await supporter.call('session.connect', { partnerId: deviceId, password: 'CorrectHorseBattery', access: 'full' });
    expect(await connecting).toMatchObject({ credential: 'permanent', promptExpiresAt: null });
  });
});
