import * as opaque from '@serenity-kit/opaque';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  bindingMac,
  supporterFinish,
  supporterStart,
  type KeyStretching,
} from '../../../../../src-main/core/session/passwordHandshake';
import type { SecretProtector } from '../../../../../src-main/core/security/secretProtector';
import type { SessionView } from '../../../../../src-shared/domain/session';
import { peerMessageSchema, type PeerMessage } from '../../../../../src-shared/signaling/peerMessages';
import type { ClientMessage, ServerMessage } from '../../../../../src-shared/signaling/protocol';
import { randomFingerprint, startDevices, type TestDevice } from '../../../../support/corePair';
import { sealingProtector } from '../../../../support/testProtector';

type Pair = Awaited<ReturnType<typeof startDevices>>;

const PASSWORD = 'correct horse battery';
/** The argon2id settings, spelled out rather than read from the code under test. */
const CHEAP: KeyStretching = { 'argon2id-custom': { memory: 8, iterations: 1, parallelism: 1 } };
const STRONG: KeyStretching = { 'argon2id-custom': { memory: 65_536, iterations: 3, parallelism: 4 } };

const idOf = async (device: TestDevice) => (await device.call('device.identity', {})).deviceId;

/**
 * Connects by `session.connect` and waits until both sides agree how it went: the session
 * started (both `connecting`) or the supporter's attempt ended. Answers both views.
 */
async function connect(
  supporter: TestDevice,
  host: TestDevice,
  request: { password?: string; remember?: boolean },
): Promise<{ supporter: SessionView; host: SessionView | null }> {
  const partnerId = await idOf(host);
  const hostSide = host.session((view) => view.role === 'host' && view.state === 'connecting');
  const started = await supporter.call('session.connect', { partnerId, access: 'full', ...request });
  const outcome = await supporter.session(
    (view) => view.requestId === started.requestId && (view.state === 'connecting' || view.state === 'ended'),
  );
  if (outcome.state === 'ended') {
    void hostSide.catch(() => 'no session started on the host');
    return { supporter: outcome, host: null };
  }
  return { supporter: outcome, host: await hostSide };
}

/** Ends a started session from the supporter's side and waits for the host to see it ended. */
async function end(supporter: TestDevice, host: TestDevice, requestId: string): Promise<void> {
  const ended = host.session((view) => view.requestId === requestId && view.state === 'ended');
  await supporter.call('session.end', { requestId });
  await ended;
}

/** A connect with the permanent password and the box ticked, ended again. */
async function remember(supporter: TestDevice, host: TestDevice): Promise<void> {
  const { supporter: view } = await connect(supporter, host, { password: PASSWORD, remember: true });
  expect(view).toMatchObject({ state: 'connecting', credential: 'permanent' });
  await end(supporter, host, view.requestId);
}

/** The key as the supporter's database keeps it, opened with its protector. */
function storedKey(supporter: TestDevice, hostId: string, protector?: SecretProtector): string {
  const row = supporter.booted.core.db
    .prepare('SELECT sealed_key FROM remembered_hosts WHERE host_device_id = ?')
    .get(hostId) as { sealed_key: string } | undefined;
  if (!row) throw new Error(`no remembered key for ${hostId}`);
  return protector ? protector.open(row.sealed_key) : row.sealed_key;
}

/** Puts a key (sealed as this device seals) in the supporter's database, as a thief would. */
function plantKey(supporter: TestDevice, hostId: string, sealedKey: string): void {
  supporter.booted.core.db
    .prepare(
      `INSERT INTO remembered_hosts (host_device_id, sealed_key, remembered_at) VALUES (?, ?, ?)
       ON CONFLICT (host_device_id) DO UPDATE SET sealed_key = excluded.sealed_key`,
    )
    .run(hostId, sealedKey, new Date().toISOString());
}

/** What the host's brute-force guard has recorded against a supporter device. */
function failuresOf(host: TestDevice, supporterId: string): number {
  const row = host.booted.core.db
    .prepare("SELECT failures FROM auth_failures WHERE scope = 'supporter' AND key = ?")
    .get(supporterId) as { failures: number } | undefined;
  return row?.failures ?? 0;
}

/** Runs a request by hand on a device's own signaling connection (the hub authenticates it as that device). */
function rawRequest(device: TestDevice, hostId: string) {
  const requestId = randomUUID();
  const signaling = device.booted.core.signaling;
  const received: PeerMessage[] = [];
  const waiters: { match: (m: PeerMessage) => boolean; resolve: (m: PeerMessage) => void }[] = [];
  const onMessage = (message: ServerMessage) => {
    if (message.type !== 'relay' || message.requestId !== requestId) return;
    const payload = peerMessageSchema.parse(message.payload);
    received.push(payload);
    for (const waiter of waiters.filter((w) => w.match(payload))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(payload);
    }
  };
  signaling.on('message', onMessage);
  signaling.send({
    type: 'connect',
    requestId,
    target: hostId,
    supporter: { name: 'Probe', company: '' },
    access: 'full',
  });
  return {
    requestId,
    send: (payload: PeerMessage) => signaling.send({ type: 'relay', requestId, payload }),
    next: (kinds: PeerMessage['kind'][]) =>
      new Promise<PeerMessage>((resolve) => {
        const seen = received.find((m) => kinds.includes(m.kind));
        if (seen) return resolve(seen);
        waiters.push({ match: (m) => kinds.includes(m.kind), resolve });
      }),
    close: () => signaling.off('message', onMessage),
  };
}

describe('remembering the permanent password on a supporter device, between real cores through the real hub', () => {
  let pair: Pair;
  afterEach(async () => pair?.close());

  it('connects the second time with no password, by the remembered credential, unattended, and the host lists who and when', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await supporter.call('settings.update', { displayName: 'Ada Support', company: 'Helpdesk Inc' });
    await host.call('device.setPermanentPassword', { password: PASSWORD });
    const [supporterId, hostId] = [await idOf(supporter), await idOf(host)];
    expect(await host.call('session.rememberedSupporters', {})).toEqual([]);

    await remember(supporter, host);
    expect(await supporter.call('session.rememberedHosts', {})).toEqual([
      { deviceId: hostId, rememberedAt: expect.any(String) },
    ]);
    expect(await host.call('session.rememberedSupporters', {})).toEqual([
      {
        deviceId: supporterId,
        name: 'Ada Support',
        company: 'Helpdesk Inc',
        verified: false,
        rememberedAt: expect.any(String),
        lastUsedAt: null,
      },
    ]);

    const listed = host.next('session.rememberedSupporters', (list) => list[0]?.lastUsedAt !== null);
    const second = await connect(supporter, host, {});
    // Both sides ran the handshake of the remembered credential, and the host started without a prompt.
    expect(second.supporter).toMatchObject({ state: 'connecting', credential: 'remembered' });
    expect(second.host).toMatchObject({ credential: 'remembered', promptExpiresAt: null });
    expect((await listed)[0]).toMatchObject({ deviceId: supporterId, lastUsedAt: expect.any(String) });
    await end(supporter, host, second.supporter.requestId);

    // The host's record for it opens with the cheapest argon2id only: no strong stretch on either side.
    const key = storedKey(supporter, hostId);
    const probe = rawRequest(supporter, hostId);
    const { state, ke1 } = supporterStart(key);
    probe.send({
      kind: 'auth-start',
      attempts: [{ credential: 'remembered', message: ke1 }],
      fingerprint: randomFingerprint(),
    });
    const reply = await probe.next(['auth-reply', 'auth-refused']);
    probe.close();
    if (reply.kind !== 'auth-reply') throw new Error(`the host did not answer: ${reply.kind}`);
    const opens = (keyStretching: KeyStretching) => {
      try {
        const loginResponse = reply.attempts[0]!.message;
        return (
          opaque.client.finishLogin({ clientLoginState: state, loginResponse, password: key, keyStretching }) !==
          undefined
        );
      } catch {
        return false;
      }
    };
    expect({ cheap: opens(CHEAP), strong: opens(STRONG) }).toEqual({ cheap: true, strong: false });
  });

  it('the host forgets a supporter device: it is told the remembered password is no longer accepted, and its key is gone', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await host.call('device.setPermanentPassword', { password: PASSWORD });
    const [supporterId, hostId] = [await idOf(supporter), await idOf(host)];
    await remember(supporter, host);

    expect(await host.call('session.forgetSupporter', { deviceId: supporterId })).toEqual([]);
    const refused = await connect(supporter, host, {});
    expect(refused.supporter).toMatchObject({ state: 'ended', failure: { code: 'remembered_password_refused' } });
    expect(await supporter.call('session.rememberedHosts', {})).toEqual([]);
    await expect(supporter.call('session.connect', { partnerId: hostId, access: 'full' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    // Typing the password again (and ticking the box) remembers it anew.
    await remember(supporter, host);
    expect(await connect(supporter, host, {})).toMatchObject({ supporter: { credential: 'remembered' } });
  });

  it('the supporter forgets the password it remembers: the next connect needs it typed, the computer still lists the device', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await host.call('device.setPermanentPassword', { password: PASSWORD });
    const [supporterId, hostId] = [await idOf(supporter), await idOf(host)];
    await remember(supporter, host);

    expect(await supporter.call('session.forgetHost', { deviceId: hostId })).toEqual([]);
    expect(supporter.booted.core.db.prepare('SELECT count(*) AS n FROM remembered_hosts').get()).toEqual({ n: 0 });
    await expect(supporter.call('session.connect', { partnerId: hostId, access: 'full' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect((await host.call('session.rememberedSupporters', {})).map((device) => device.deviceId)).toEqual([
      supporterId,
    ]);
  });

  it('changing or removing the permanent password forgets every remembered device', async () => {
    pair = await startDevices(3);
    const [first, second, host] = pair.devices as [TestDevice, TestDevice, TestDevice];
    await host.call('device.setPermanentPassword', { password: PASSWORD });
    await remember(first, host);
    await remember(second, host);
    expect(await host.call('session.rememberedSupporters', {})).toHaveLength(2);

    await host.call('device.setPermanentPassword', { password: 'another long password' });
    expect(await host.call('session.rememberedSupporters', {})).toEqual([]);
    expect((await connect(first, host, {})).supporter.failure?.code).toBe('remembered_password_refused');
    expect(await first.call('session.rememberedHosts', {})).toEqual([]);

    await host.call('device.setPermanentPassword', { password: 'another long password' });
    const { supporter: view } = await connect(second, host, { password: 'another long password', remember: true });
    await end(second, host, view.requestId);
    expect(await host.call('session.rememberedSupporters', {})).toHaveLength(1);
    // Unattended access off.
    await host.call('device.setPermanentPassword', { password: null });
    expect(await host.call('session.rememberedSupporters', {})).toEqual([]);
    expect((await connect(second, host, {})).supporter.failure?.code).toBe('remembered_password_refused');
  });

  it('refuses a stolen key from another device ID, and counts the attempt in the brute-force guard', async () => {
    pair = await startDevices(3);
    const [supporter, thief, host] = pair.devices as [TestDevice, TestDevice, TestDevice];
    await host.call('device.setPermanentPassword', { password: PASSWORD });
    const [thiefId, hostId] = [await idOf(thief), await idOf(host)];
    await remember(supporter, host);

    plantKey(thief, hostId, storedKey(supporter, hostId));
    expect(failuresOf(host, thiefId)).toBe(0);
    const refused = await connect(thief, host, {});
    expect(refused.supporter.failure?.code).toBe('remembered_password_refused');
    expect(failuresOf(host, thiefId)).toBe(1);
    // The rightful device still connects by it.
    expect(await connect(supporter, host, {})).toMatchObject({ supporter: { credential: 'remembered' } });
  });

  it('refuses a key remembered for host A at host B, counts it there, and forgets the key for B', async () => {
    pair = await startDevices(3);
    const [supporter, hostA, hostB] = pair.devices as [TestDevice, TestDevice, TestDevice];
    await hostA.call('device.setPermanentPassword', { password: PASSWORD });
    await hostB.call('device.setPermanentPassword', { password: PASSWORD });
    const [supporterId, aId, bId] = [await idOf(supporter), await idOf(hostA), await idOf(hostB)];
    await remember(supporter, hostA);
    await remember(supporter, hostB);
    // The same password at both hosts still gives each its own key.
    expect(storedKey(supporter, aId)).not.toBe(storedKey(supporter, bId));

    plantKey(supporter, bId, storedKey(supporter, aId));
    const hostEnded = hostB.session((view) => view.state === 'ended');
    const refused = await connect(supporter, hostB, {});
    expect(refused.supporter.failure?.code).toBe('remembered_password_refused');
    expect((await hostEnded).endReason).toBe('auth_failed');
    expect(failuresOf(hostB, supporterId)).toBe(1);
    expect((await supporter.call('session.rememberedHosts', {})).map((host) => host.deviceId)).toEqual([aId]);
  });

  it('refuses a replayed handshake of a remembered connect, and counts it', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await host.call('device.setPermanentPassword', { password: PASSWORD });
    const [supporterId, hostId] = [await idOf(supporter), await idOf(host)];
    await remember(supporter, host);

    const sent = vi.spyOn(supporter.booted.core.signaling, 'send');
    const { supporter: view } = await connect(supporter, host, {});
    expect(view.credential).toBe('remembered');
    await end(supporter, host, view.requestId);
    const payloads = sent.mock.calls
      .map(([message]: [ClientMessage]) => message)
      .flatMap((message) => (message.type === 'relay' ? [peerMessageSchema.parse(message.payload)] : []));
    sent.mockRestore();
    const start = payloads.find((payload) => payload.kind === 'auth-start')!;
    const finish = payloads.find((payload) => payload.kind === 'auth-finish')!;

    const hostEnded = host.session((v) => v.state === 'ended');
    const replay = rawRequest(supporter, hostId);
    replay.send(start);
    expect((await replay.next(['auth-reply', 'auth-refused'])).kind).toBe('auth-reply');
    replay.send(finish);
    expect(await replay.next(['auth-ok', 'auth-refused'])).toMatchObject({
      kind: 'auth-refused',
      reason: 'wrong_password',
    });
    replay.close();
    expect((await hostEnded).endReason).toBe('auth_failed');
    expect(failuresOf(host, supporterId)).toBe(1);
  });

  it('never remembers the one-time password or a session code, even when asked', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await host.call('device.setPermanentPassword', { password: PASSWORD });
    const { deviceId: hostId, oneTimePassword } = await host.call('device.identity', {});

    // The app's own connect: the box ticked, the one-time password typed, the end user accepts.
    const prompted = host.session((view) => view.state === 'prompting');
    const started = await supporter.call('session.connect', {
      partnerId: hostId,
      password: oneTimePassword,
      remember: true,
      access: 'full',
    });
    const prompt = await prompted;
    const connecting = supporter.session((v) => v.requestId === started.requestId && v.state === 'connecting');
    await host.call('session.answerPrompt', { requestId: prompt.requestId, accept: true });
    expect((await connecting).credential).toBe('otp');
    await end(supporter, host, started.requestId);

    // A supporter that asks anyway on the wire (remember on the one-time password's auth-finish).
    const { oneTimePassword: otp } = await host.call('device.identity', {});
    const raw = rawRequest(supporter, hostId);
    const { state, ke1 } = supporterStart(otp);
    raw.send({
      kind: 'auth-start',
      attempts: [{ credential: 'otp', message: ke1 }],
      fingerprint: supporter.fingerprint,
    });
    const reply = await raw.next(['auth-reply', 'auth-refused']);
    if (reply.kind !== 'auth-reply') throw new Error(`the host did not answer: ${reply.kind}`);
    const finished = supporterFinish(state, reply.attempts[0]!.message, otp, 'otp')!;
    const bound = { supporter: supporter.fingerprint, host: reply.fingerprint };
    const rawPrompt = host.session((view) => view.requestId === raw.requestId && view.state === 'prompting');
    raw.send({
      kind: 'auth-finish',
      credential: 'otp',
      ke3: finished.ke3,
      mac: bindingMac(finished.sessionKey, 'supporter', bound),
      remember: true,
    });
    const ok = await raw.next(['auth-ok', 'auth-refused']);
    expect(ok.kind).toBe('auth-ok');
    expect(ok).not.toHaveProperty('remembered');
    const rawStarted = host.session((view) => view.requestId === raw.requestId && view.state === 'connecting');
    await host.call('session.answerPrompt', { requestId: (await rawPrompt).requestId, accept: true });
    await rawStarted;
    raw.close();
    const rawEnded = host.session((view) => view.requestId === raw.requestId && view.state === 'ended');
    await host.call('session.end', { requestId: raw.requestId });
    await rawEnded;

    // A session code the end user typed in.
    const { code } = await supporter.call('session.createCode', { access: 'full' });
    const codeStarted = supporter.session((view) => view.method === 'code' && view.state === 'connecting');
    await host.call('session.joinCode', { code });
    const codeView = await codeStarted;
    await end(supporter, host, codeView.requestId);

    expect(await supporter.call('session.rememberedHosts', {})).toEqual([]);
    expect(await host.call('session.rememberedSupporters', {})).toEqual([]);
  });

  it('keeps the supporter’s key sealed: no plaintext key anywhere in its data folder, the database owner-only', async () => {
    const protector = sealingProtector();
    pair = await startDevices(2, { protector });
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await host.call('device.setPermanentPassword', { password: PASSWORD });
    const hostId = await idOf(host);
    await remember(supporter, host);

    const key = storedKey(supporter, hostId, protector);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(storedKey(supporter, hostId)).not.toContain(key);
    // Written through to the files, then every file read as bytes.
    supporter.booted.core.db.pragma('wal_checkpoint(FULL)');
    const { dataDir } = await supporter.call('app.info', {});
    const files = (readdirSync(dataDir, { recursive: true }) as string[])
      .map((name) => join(dataDir, name))
      .filter((path) => statSync(path).isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from(key)), file).toBe(false);
      expect(bytes.includes(Buffer.from(key, 'base64url')), file).toBe(false);
    }
    if (process.platform !== 'win32') expect(statSync(join(dataDir, 'tandem.db')).mode & 0o077).toBe(0);
    // And it still connects by it.
    expect(await connect(supporter, host, {})).toMatchObject({ supporter: { credential: 'remembered' } });
    // No log line carries it.
    expect(supporter.logs().some((line) => line.includes(key))).toBe(false);
    expect(host.logs().some((line) => line.includes(key))).toBe(false);
  });
});
