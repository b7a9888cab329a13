import { Secret, TOTP } from 'otpauth';
import { afterEach, describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS } from '../../../../server/accounts/signInThrottle';
import { readServerConfig } from '../../../../server/config';
import { ADA, acmeEndpoint, type AcmeEndpoint } from '../../../support/accountsEndpoint';

describe('sign-in throttling slows the attacker, not the owner', () => {
  let acme: AcmeEndpoint;
  afterEach(async () => acme.close());

  /** A sign-in as it reaches the endpoint, through a proxy that names the client in X-Forwarded-For. */
  const signInFrom = async (forwardedFor: string | null, body: Record<string, unknown>) => {
    const response = await fetch(`${acme.server.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
  };
  const hammer = async (forwardedFor: string | null, times: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < times; i++)
      statuses.push((await signInFrom(forwardedFor, { email: ADA.email, password: `guess ${i}` })).status);
    return statuses;
  };

  it('behind a trusted proxy, an attacker hammering the victim’s e-mail is slowed; the victim still signs in', async () => {
    acme = await acmeEndpoint({ trustProxy: ['127.0.0.1'] });
    const attacker = '203.0.113.66';
    const statuses = await hammer(attacker, SIGN_IN_LIMITS.perSourceAndEmail + 1);
    expect(statuses.slice(0, -1).every((status) => status === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Even the right password does not help the attacker's source now…
    expect((await signInFrom(attacker, { email: ADA.email, password: ADA.password })).status).toBe(429);
    // …but the victim, at their own address, signs in with their password alone.
    expect((await signInFrom('198.51.100.7', { email: ADA.email, password: ADA.password })).status).toBe(200);
  });

  it('past the per-address ceiling from many sources, only the password with the TOTP code signs in', async () => {
    acme = await acmeEndpoint({ trustProxy: ['127.0.0.1'] });
    const ada = await acme.signIn(ADA.email, ADA.password);
    const { secret } = (await acme.call('POST', '/api/v1/auth/totp', { password: ADA.password }, ada)).body as {
      secret: string;
    };
    const sources = Math.ceil(SIGN_IN_LIMITS.perEmailCeiling / SIGN_IN_LIMITS.perSourceAndEmail) + 1;
    for (let s = 0; s < sources; s++) await hammer(`203.0.113.${s + 1}`, SIGN_IN_LIMITS.perSourceAndEmail);

    const victim = '198.51.100.7';
    const wrongPassword = await signInFrom(victim, { email: ADA.email, password: 'one more guess' });
    const rightPasswordOnly = await signInFrom(victim, { email: ADA.email, password: ADA.password });
    expect(wrongPassword).toMatchObject({ status: 429, body: { error: { code: 'sign_in_ceiling' } } });
    // The same answer: past the ceiling, the password alone is no oracle.
    expect(rightPasswordOnly.status).toBe(wrongPassword.status);
    expect(rightPasswordOnly.body.error).toEqual(wrongPassword.body.error);
    const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
    expect((await signInFrom(victim, { email: ADA.email, password: ADA.password, totp: code })).status).toBe(200);
  });

  it('ignores X-Forwarded-For from a peer that is not a configured proxy', async () => {
    acme = await acmeEndpoint();
    const statuses: number[] = [];
    // Each try claims another client address; the endpoint counts them all for the real peer.
    for (let i = 0; i <= SIGN_IN_LIMITS.perSourceAndEmail; i++) {
      statuses.push((await signInFrom(`198.51.100.${i + 1}`, { email: ADA.email, password: `guess ${i}` })).status);
    }
    expect(statuses.at(-1)).toBe(429);
  });

  it('takes trusted proxies from --trust-proxy or TANDEM_TRUST_PROXY, and names a bad entry', () => {
    expect(readServerConfig(['--trust-proxy', '10.0.0.5, 10.1.0.0/16'], {}).trustProxy).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
    ]);
    expect(readServerConfig([], { TANDEM_TRUST_PROXY: '::1' }).trustProxy).toEqual(['::1']);
    expect(readServerConfig([], {}).trustProxy).toEqual([]);
    expect(() => readServerConfig(['--trust-proxy', 'proxy.example.com'], {})).toThrow(
      /"proxy\.example\.com" is not an IP address or CIDR range/,
    );
  });
});
