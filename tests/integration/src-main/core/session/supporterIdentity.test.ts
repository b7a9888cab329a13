import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loadIdentityKey, signIdentityStatement } from '../../../../../server/identity/identityKey';
import type { SessionView } from '../../../../../src-shared/domain/session';
import {
  IDENTITY_STATEMENT_TTL_MS,
  vouchedIdentitySchema,
  type IdentityStatement,
  type VouchedIdentity,
} from '../../../../../src-shared/identity/statement';
import type { ClientMessage, SupporterInfo } from '../../../../../src-shared/signaling/protocol';
import { startDevices, type TestDevice } from '../../../../support/corePair';
import { setupTokenOf } from '../../../../support/setupToken';

type Pair = Awaited<ReturnType<typeof startDevices>>;

const ADA = { company: 'Acme', name: 'Ada Admin', email: 'ada@acme.test', password: 'correct horse battery' };

/** What a statement says, read back (as an attacker who captured one can). */
function readStatement(statement: IdentityStatement): VouchedIdentity {
  return vouchedIdentitySchema.parse(JSON.parse(Buffer.from(statement.payload, 'base64url').toString('utf8')));
}

describe('AC-1: the host shows the supporter as their endpoint vouches for them — real endpoint, real cores', () => {
  let pair: Pair;
  afterEach(async () => pair?.close());

  const api = async (method: string, path: string, body?: unknown, token?: string) => {
    const response = await fetch(`${pair.server.url}${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> };
  };

  /** Acme with Session Insights on for outgoing connections; Ada signed in on `supporter`. */
  async function acme(supporter: TestDevice): Promise<void> {
    await api('POST', '/api/v1/setup', { ...ADA, setupToken: setupTokenOf(pair.server) });
    const token = (await api('POST', '/api/v1/auth/sign-in', { email: ADA.email, password: ADA.password })).body
      .token as string;
    await api(
      'PUT',
      '/api/v1/admin/ai-settings',
      { activate: { acceptTerms: true }, outgoing: { enabled: true, scope: 'all_company_users' } },
      token,
    );
    await supporter.call('account.signIn', { email: ADA.email, password: ADA.password });
  }

  /**
   * The supporter connects by ID and password; `tamper` (the attacker's device) changes what it
   * sends to the hub. Resolves with the host's prompt and what the supporter sent.
   */
  async function connect(
    supporter: TestDevice,
    host: TestDevice,
    tamper?: (info: SupporterInfo) => SupporterInfo,
  ): Promise<{ prompt: SessionView; sent: SupporterInfo }> {
    const signaling = supporter.booted.core.signaling;
    const send = signaling.send.bind(signaling);
    let sent: SupporterInfo | undefined;
    signaling.send = (message: ClientMessage) => {
      if (message.type === 'connect') {
        const supporterInfo = tamper ? tamper(message.supporter) : message.supporter;
        sent = supporterInfo;
        return send({ ...message, supporter: supporterInfo });
      }
      return send(message);
    };
    try {
      const { deviceId, oneTimePassword } = await host.call('device.identity', {});
      const prompting = host.session((view) => view.state === 'prompting');
      await supporter.call('session.connect', { partnerId: deviceId, password: oneTimePassword, access: 'full' });
      return { prompt: await prompting, sent: sent! };
    } finally {
      signaling.send = send;
    }
  }

  /** The host refused the statement and said why in its log — without the statement in it. */
  function expectRefusalLogged(host: TestDevice, reason: string, statement: IdentityStatement) {
    const refusals = host.logs().filter((line) => line.includes('identity statement refused'));
    expect(refusals.some((line) => (JSON.parse(line) as { reason?: string }).reason === reason)).toBe(true);
    for (const line of host.logs()) {
      expect(line).not.toContain(statement.signature);
      expect(line).not.toContain(statement.payload);
    }
  }

  it('a signed-in supporter is shown verified, with the name and company the endpoint vouches for, in the prompt and the consent pop-up alike', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await acme(supporter);

    const { prompt, sent } = await connect(supporter, host);
    expect(sent.statement).toBeDefined();
    const { deviceId: supporterDeviceId } = await supporter.call('device.identity', {});
    expect(readStatement(sent.statement!)).toMatchObject({
      name: ADA.name,
      companyName: ADA.company,
      supporterDeviceId,
    });
    // The computer's login name (the claim) is not what the end user reads.
    expect(prompt.partner).toEqual({
      deviceId: supporterDeviceId,
      name: ADA.name,
      company: ADA.company,
      verified: true,
    });

    const consentAsked = host.session((view) => view.consent?.decision.prompt === true);
    await host.call('session.answerPrompt', { requestId: prompt.requestId, accept: true });
    const asked = await consentAsked;
    expect(asked.consent?.ownerName).toBe(ADA.company);
    expect(asked.partner).toMatchObject({ name: ADA.name, company: ADA.company, verified: true });
  });

  it('a signed-in supporter joining through a session code is verified too', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await acme(supporter);
    const { code } = await supporter.call('session.createCode', { access: 'view' });
    // Before joining, the end user already reads who the endpoint says is behind the code.
    expect((await host.call('session.lookupCode', { code })).supporter).toEqual({
      name: ADA.name,
      company: ADA.company,
      verified: true,
    });
    const verified = host.session((view) => view.role === 'host' && view.partner.verified);
    await host.call('session.joinCode', { code });
    expect((await verified).partner).toMatchObject({ name: ADA.name, company: ADA.company, verified: true });
  });

  it('an anonymous supporter is shown as they claim, marked not verified', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const { prompt, sent } = await connect(supporter, host);
    expect(sent.statement).toBeUndefined();
    expect(prompt.partner).toMatchObject({ name: sent.name, company: sent.company, verified: false });
    await host.call('session.answerPrompt', { requestId: prompt.requestId, accept: false });

    const { code } = await supporter.call('session.createCode', { access: 'view' });
    expect((await host.call('session.lookupCode', { code })).supporter).toEqual({
      name: sent.name,
      company: sent.company,
      verified: false,
    });
  });

  it('a statement signed by another key is not believed', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const { deviceId } = await supporter.call('device.identity', {});
    const now = Date.now();
    const forged = signIdentityStatement(generateKeyPairSync('ed25519').privateKey, {
      v: 1,
      issuer: 'forged',
      userId: 'u1',
      name: 'Chief Executive',
      companyId: 'c1',
      companyName: 'Acme',
      supporterDeviceId: deviceId,
      issuedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + IDENTITY_STATEMENT_TTL_MS).toISOString(),
    });
    const { prompt, sent } = await connect(supporter, host, (info) => ({ ...info, statement: forged }));
    expect(prompt.partner).toMatchObject({ name: sent.name, verified: false });
    expect(prompt.partner.name).not.toBe('Chief Executive');
    expectRefusalLogged(host, 'bad_signature', forged);
  });

  it('an expired statement, though signed by the endpoint, is not believed', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await acme(supporter);
    let expired: IdentityStatement | undefined;
    const { privateKey } = await loadIdentityKey(pair.server.data, pair.server.secrets);
    const { prompt, sent } = await connect(supporter, host, (info) => {
      // A statement this device really got, but eleven minutes ago: re-signed as the endpoint did then.
      const identity = readStatement(info.statement!);
      const then = Date.parse(identity.issuedAt) - 11 * 60 * 1000;
      expired = signIdentityStatement(privateKey, {
        ...identity,
        issuedAt: new Date(then).toISOString(),
        expiresAt: new Date(then + IDENTITY_STATEMENT_TTL_MS).toISOString(),
      });
      return { ...info, statement: expired };
    });
    expect(prompt.partner).toMatchObject({ name: sent.name, verified: false });
    expect(prompt.partner.name).not.toBe(ADA.name);
    expectRefusalLogged(host, 'expired', expired!);
  });

  it('a statement issued for another device, replayed by a different device, is not believed', async () => {
    pair = await startDevices(3);
    const [ada, mallory, host] = pair.devices as [TestDevice, TestDevice, TestDevice];
    await acme(ada);
    // Ada's device really asks for a connection; Mallory captures the statement it sends.
    const { prompt: first, sent: captured } = await connect(ada, host);
    expect(first.partner.verified).toBe(true);
    const denied = ada.session((view) => view.requestId === first.requestId && view.state === 'ended');
    await host.call('session.answerPrompt', { requestId: first.requestId, accept: false });
    await denied;

    const { prompt, sent } = await connect(mallory, host, (info) => ({ ...info, statement: captured.statement }));
    expect(prompt.partner.deviceId).toBe((await mallory.call('device.identity', {})).deviceId);
    expect(prompt.partner).toMatchObject({ name: sent.name, verified: false });
    expect(prompt.partner.name).not.toBe(ADA.name);
    expectRefusalLogged(host, 'other_device', captured.statement!);
  });

  it('a statement whose name was changed is not believed', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await acme(supporter);
    let tampered: IdentityStatement | undefined;
    const { prompt, sent } = await connect(supporter, host, (info) => {
      const identity = readStatement(info.statement!);
      const payload = Buffer.from(JSON.stringify({ ...identity, name: 'Chief Executive' })).toString('base64url');
      tampered = { payload, signature: info.statement!.signature };
      return { ...info, statement: tampered };
    });
    expect(prompt.partner).toMatchObject({ name: sent.name, verified: false });
    expect(prompt.partner.name).not.toBe('Chief Executive');
    expectRefusalLogged(host, 'bad_signature', tampered!);
  });

  it('the endpoint gives statements only to a device with a person’s session, and publishes its key', async () => {
    pair = await startDevices(1);
    const key = await api('GET', '/api/v1/identity/key');
    expect(key.status).toBe(200);
    expect(key.body).toMatchObject({ algorithm: 'Ed25519' });
    expect(String(key.body.publicKey)).toContain('BEGIN PUBLIC KEY');
    // Without the device's signature (a user's token alone), no statement.
    await api('POST', '/api/v1/setup', { ...ADA, setupToken: setupTokenOf(pair.server) });
    const token = (await api('POST', '/api/v1/auth/sign-in', { email: ADA.email, password: ADA.password })).body
      .token as string;
    expect((await api('POST', '/api/v1/identity/statement', undefined, token)).status).toBe(401);
    // The published key is the one kept (sealed) in the endpoint's database.
    expect(String((await loadIdentityKey(pair.server.data, pair.server.secrets)).publicKeyPem)).toBe(
      key.body.publicKey,
    );
  });
});
