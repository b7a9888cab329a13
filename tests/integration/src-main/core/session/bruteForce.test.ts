import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { supporterFinish, supporterStart } from '../../../../../src-main/core/session/passwordHandshake';
import { peerMessageSchema, type CredentialKind } from '../../../../../src-shared/signaling/peerMessages';
import type { ServerMessage } from '../../../../../src-shared/signaling/protocol';
import { randomFingerprint, startDevices, type TestDevice } from '../../../../support/corePair';

type Pair = Awaited<ReturnType<typeof startDevices>>;

type Probe =
  | { answered: true; credentials: CredentialKind[]; guessedRight: CredentialKind[] }
  | { answered: false; reason: string; retryAfterMs: number | undefined };

/**
 * The attack, as a hostile supporter runs it: the real supporter core's own signaling connection
 * (so the real hub authenticates and routes it) carries hand-made protocol messages. It sends
 * auth-start with a guess per credential, tests the host's OPAQUE reply offline, and ends the
 * request through the hub — never sending auth-finish or auth-abort.
 */
async function probe(
  attacker: TestDevice,
  host: TestDevice,
  guesses: Partial<Record<'otp' | 'permanent', string>>,
): Promise<Probe> {
  const { deviceId } = await host.call('device.identity', {});
  const requestId = randomUUID();
  const signaling = attacker.booted.core.signaling;
  const states = new Map<CredentialKind, { state: string; guess: string }>();
  const attempts = Object.entries(guesses).map(([credential, guess]) => {
    const { state, ke1 } = supporterStart(guess);
    states.set(credential as CredentialKind, { state, guess });
    return { credential: credential as CredentialKind, message: ke1 };
  });
  const hostEnded = host.session((view) => view.requestId === requestId && view.state === 'ended');
  const outcome = await new Promise<Probe>((resolve) => {
    const onMessage = (message: ServerMessage) => {
      if (message.type !== 'relay' || message.requestId !== requestId) return;
      const payload = peerMessageSchema.parse(message.payload);
      if (payload.kind === 'auth-reply') {
        signaling.off('message', onMessage);
        signaling.send({ type: 'end', requestId, reason: 'cancelled' });
        resolve({
          answered: true,
          credentials: payload.attempts.map((attempt) => attempt.credential),
          guessedRight: payload.attempts
            .filter(({ credential, message: ke2 }) => {
              const started = states.get(credential)!;
              return supporterFinish(started.state, ke2, started.guess, credential) !== null;
            })
            .map((attempt) => attempt.credential),
        });
      } else if (payload.kind === 'auth-refused') {
        signaling.off('message', onMessage);
        resolve({ answered: false, reason: payload.reason, retryAfterMs: payload.retryAfterMs });
      }
    };
    signaling.on('message', onMessage);
    signaling.send({
      type: 'connect',
      requestId,
      target: deviceId,
      supporter: { name: 'Mallory', company: '' },
      access: 'full',
    });
    signaling.send({
      type: 'relay',
      requestId,
      payload: { kind: 'auth-start', attempts, fingerprint: randomFingerprint() },
    });
  });
  // A request the host answered is over on its side before the next one (else it is just busy).
  // One refused at the door never became a session there, so no end will come for it.
  if (outcome.answered || outcome.reason === 'no_password' || outcome.reason === 'permanent_locked') await hostEnded;
  else void hostEnded.catch(() => 'refused before a session existed');
  return outcome;
}

describe('password guessing against a real host core through the real hub', () => {
  let pair: Pair;
  afterEach(async () => pair?.close());

  it('counts a guess the moment the host answers it: ending through the hub still backs off', async () => {
    pair = await startDevices(2);
    const [attacker, host] = pair.devices as [TestDevice, TestDevice];
    const { oneTimePassword } = await host.call('device.identity', {});
    // The reply alone settles a guess offline: the attack is real, and needs no auth-finish.
    expect(await probe(attacker, host, { otp: oneTimePassword })).toMatchObject({ guessedRight: ['otp'] });
    expect(await probe(attacker, host, { otp: 'guess-2' })).toMatchObject({ answered: true, guessedRight: [] });
    expect(await probe(attacker, host, { otp: 'guess-3' })).toMatchObject({ answered: true });

    const refused = await probe(attacker, host, { otp: 'guess-4' });
    expect(refused).toMatchObject({ answered: false, reason: 'locked' });
    if (refused.answered) return;
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(2_000);
  });

  it('locks the device after repeated unanswered-for guesses, and a restart of the host does not reset it', async () => {
    pair = await startDevices(2, { sessionPolicy: { guard: { freeAttempts: 10, lockAfter: 4 } } });
    const [attacker, host] = pair.devices as [TestDevice, TestDevice];
    for (let guess = 1; guess <= 4; guess++) {
      expect(await probe(attacker, host, { otp: `guess-${guess}` })).toMatchObject({ answered: true });
    }
    expect(await probe(attacker, host, { otp: 'guess-5' })).toMatchObject({ answered: false, reason: 'locked' });

    await host.restart();
    const afterRestart = await probe(attacker, host, { otp: 'guess-6' });
    expect(afterRestart).toMatchObject({ answered: false, reason: 'locked' });
    if (afterRestart.answered) return;
    expect(afterRestart.retryAfterMs).toBeGreaterThan(29 * 60_000);
  });

  it('answers the permanent password no more often than its ceiling, across supporters and restarts', async () => {
    pair = await startDevices(3, {
      sessionPolicy: { guard: { freeAttempts: 100, lockAfter: 100, permanentPerHour: 3, permanentPerDay: 5 } },
    });
    const [first, second, host] = pair.devices as [TestDevice, TestDevice, TestDevice];
    await host.call('device.setPermanentPassword', { password: 'correct horse battery' });
    const guesses = (n: number) => ({ otp: `otp-guess-${n}`, permanent: `permanent-guess-${n}` });
    for (const [n, attacker] of [first, second, first].entries()) {
      expect(await probe(attacker, host, guesses(n))).toMatchObject({ credentials: ['otp', 'permanent'] });
    }
    // The hourly ceiling is reached: another supporter's guess reaches the one-time password only.
    expect(await probe(second, host, guesses(3))).toMatchObject({ answered: true, credentials: ['otp'] });

    await host.restart();
    expect(await probe(first, host, guesses(4))).toMatchObject({ answered: true, credentials: ['otp'] });
    const permanentOnly = await probe(second, host, { permanent: 'correct horse battery' });
    expect(permanentOnly).toMatchObject({ answered: false, reason: 'permanent_locked' });
    if (permanentOnly.answered) return;
    expect(permanentOnly.retryAfterMs).toBeGreaterThan(59 * 60_000);
    expect(permanentOnly.retryAfterMs).toBeLessThanOrEqual(60 * 60_000);

    // The supporter who typed the right permanent password is told why it did not work, and when it will.
    const { deviceId } = await host.call('device.identity', {});
    // Its own guess fails locally first (wrong_password); the host's refusal then says why.
    const told = first.session((view) => view.failure?.code === 'permanent_locked');
    await first.call('session.connect', { partnerId: deviceId, password: 'correct horse battery', access: 'full' });
    const refused = await told;
    expect(refused.failure?.code).toBe('permanent_locked');
    expect(refused.failure?.retryAfterMs).toBeGreaterThan(59 * 60_000);
  });

  it('takes back the count of every session that starts: unattended and attended access keep working', async () => {
    pair = await startDevices(2, { sessionPolicy: { guard: { permanentPerHour: 2, freeAttempts: 2 } } });
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await host.call('device.setPermanentPassword', { password: 'correct horse battery' });
    const { deviceId } = await host.call('device.identity', {});
    const session = async (password: string, endUserAccepts: boolean) => {
      const connecting = host.session((view) => view.state === 'connecting');
      const prompted = endUserAccepts ? host.session((view) => view.state === 'prompting') : null;
      const started = await supporter.call('session.connect', { partnerId: deviceId, password, access: 'full' });
      if (prompted) await host.call('session.answerPrompt', { requestId: (await prompted).requestId, accept: true });
      const view = await connecting;
      const hostEnded = host.session((other) => other.requestId === started.requestId && other.state === 'ended');
      await supporter.call('session.end', { requestId: started.requestId });
      await hostEnded;
      return view;
    };
    // More sessions than the ceilings allow failures, by either password: none of them is held against the next.
    for (let round = 1; round <= 3; round++) {
      expect(await session('correct horse battery', false)).toMatchObject({ credential: 'permanent' });
      const { oneTimePassword } = await host.call('device.identity', {});
      expect(await session(oneTimePassword, true)).toMatchObject({ credential: 'otp' });
    }
    expect(await session('correct horse battery', false)).toMatchObject({ credential: 'permanent' });
  });
});
