import { Secret, TOTP } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADA, acmeEndpoint, type AcmeEndpoint } from '../../../support/accountsEndpoint';

const codeFor = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret) }).generate();

describe('tokens end when they should', () => {
  let acme: AcmeEndpoint;
  let ada: string;
  beforeEach(async () => {
    acme = await acmeEndpoint();
    ada = await acme.signIn(ADA.email, ADA.password);
  });
  afterEach(async () => acme.close());

  const mint = async (session: string, permissions: string[]) =>
    (await acme.call('POST', '/api/v1/admin/api-tokens', { name: 'Reporting', permissions }, session)).body!
      .token as string;

  it('an API token cannot replace its creator’s second factor and lock them out', async () => {
    const leaked = await mint(ada, ['insights.view']);
    const hijack = await acme.call('POST', '/api/v1/auth/totp', { password: 'not known to the thief' }, leaked);
    expect(hijack).toMatchObject({ status: 403, body: { error: { code: 'session_required' } } });
    const knowing = await acme.call('POST', '/api/v1/auth/totp', { password: ADA.password }, leaked);
    expect(knowing).toMatchObject({ status: 403, body: { error: { code: 'session_required' } } });
    // Ada still signs in with her password alone: no second factor was set behind her back.
    expect((await acme.call('POST', '/api/v1/auth/sign-in', { email: ADA.email, password: ADA.password })).status).toBe(
      200,
    );
  });

  it('changing the second factor needs the current password or the current code, even in a session', async () => {
    expect((await acme.call('POST', '/api/v1/auth/totp', {}, ada)).status).toBe(400);
    expect(await acme.call('POST', '/api/v1/auth/totp', { password: 'a stolen session guesses' }, ada)).toMatchObject({
      status: 403,
      body: { error: { code: 'reauthentication_failed' } },
    });
    const first = (await acme.call('POST', '/api/v1/auth/totp', { password: ADA.password }, ada)).body as {
      secret: string;
    };
    expect(await acme.call('POST', '/api/v1/auth/totp', { totp: '000000' }, ada)).toMatchObject({ status: 403 });
    const renewed = await acme.call('POST', '/api/v1/auth/totp', { totp: codeFor(first.secret) }, ada);
    expect(renewed.status).toBe(200);
    const second = (renewed.body as { secret: string }).secret;
    expect(second).not.toBe(first.secret);
    expect(
      (
        await acme.call('POST', '/api/v1/auth/sign-in', {
          email: ADA.email,
          password: ADA.password,
          totp: codeFor(second),
        })
      ).status,
    ).toBe(200);
    const entries = (await acme.call('GET', '/api/v1/admin/account-audit', undefined, ada)).body!.entries;
    expect(entries).toMatchObject([
      { action: 'user.totp', target: ADA.email, detail: { renewed: true } },
      { action: 'user.totp', target: ADA.email, detail: { renewed: false } },
    ]);
  });

  it('a token cannot mint a token that would survive its own revocation', async () => {
    const parent = await mint(ada, ['admin.integrations', 'insights.view']);
    const child = await acme.call(
      'POST',
      '/api/v1/admin/api-tokens',
      { name: 'Persistence', permissions: ['insights.view'] },
      parent,
    );
    expect(child).toMatchObject({ status: 403, body: { error: { code: 'session_required' } } });
    const tokens = (await acme.call('GET', '/api/v1/admin/api-tokens', undefined, ada)).body!.tokens as {
      name: string;
    }[];
    expect(tokens.map((token) => token.name)).toEqual(['Reporting']);
  });

  it('signing a user out everywhere ends their API tokens too', async () => {
    const bo = await acme.userWith(ada, 'bo@acme.test', ['admin.integrations', 'insights.view']);
    const bosToken = await mint(bo.token, ['insights.view']);
    expect((await acme.call('GET', '/api/v1/me', undefined, bosToken)).status).toBe(200);
    expect((await acme.call('POST', `/api/v1/admin/users/${bo.id}/revoke-sessions`, undefined, ada)).status).toBe(204);
    expect((await acme.call('GET', '/api/v1/me', undefined, bo.token)).status).toBe(401);
    expect((await acme.call('GET', '/api/v1/me', undefined, bosToken)).status).toBe(401);
    expect((await acme.call('GET', '/api/v1/admin/api-tokens', undefined, ada)).body!.tokens).toEqual([]);
  });
});
