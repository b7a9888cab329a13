import { addCreditsCommand, createCompanyCommand } from '../../support/operatorCommands';
import { generateKeyPairSync } from 'node:crypto';
import { TOTP, Secret } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../server/app';
import { startServer } from '../../support/testServer';
import { apiCaller } from '../../support/apiCall';
import { deviceCaller } from '../../support/deviceRequest';
import { setupTokenOf } from '../../support/setupToken';
import { tempDir } from '../../support/tempDir';

describe('accounts, roles and company administration', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  const call = apiCaller(() => server.url);
  const signIn = async (email: string, password: string) =>
    (await call('POST', '/api/v1/auth/sign-in', { email, password })).body!.token as string;

  beforeEach(async () => {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    expect(
      (
        await call('POST', '/api/v1/setup', {
          company: 'Acme',
          name: 'Ada Admin',
          email: 'ada@acme.test',
          password: 'correct horse battery',
          setupToken: setupTokenOf(server),
        })
      ).status,
    ).toBe(201);
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('sets up one company only, then signs users in and out', async () => {
    expect(
      (
        await call('POST', '/api/v1/setup', {
          company: 'Evil',
          name: 'E',
          email: 'e@evil.test',
          password: 'xxxxxxxxxxxx',
          setupToken: 'a guess, and the real one is void anyway',
        })
      ).status,
    ).toBe(409);
    expect(
      (await call('POST', '/api/v1/auth/sign-in', { email: 'ada@acme.test', password: 'wrong password!' })).body,
    ).toMatchObject({
      error: { code: 'wrong_credentials' },
    });
    const token = await signIn('ada@acme.test', 'correct horse battery');
    expect((await call('GET', '/api/v1/me', undefined, token)).body).toMatchObject({
      email: 'ada@acme.test',
      permissions: expect.arrayContaining(['admin.users']),
    });
    expect((await call('POST', '/api/v1/auth/sign-out', undefined, token)).status).toBe(204);
    expect((await call('GET', '/api/v1/me', undefined, token)).status).toBe(401);
  });

  it('adds another company from the command line while the endpoint runs; each administrator sees only their own', async () => {
    const argv = [
      '--data-dir',
      dir.path,
      '--company',
      'Globex',
      '--admin-name',
      'Hank',
      '--admin-email',
      'hank@globex.test',
    ];
    await expect(createCompanyCommand(argv, {})).rejects.toThrow(/set TANDEM_ADMIN_PASSWORD/);
    await expect(createCompanyCommand(argv, { TANDEM_ADMIN_PASSWORD: 'short' })).rejects.toThrow(/at least 10/);
    await expect(
      createCompanyCommand(
        ['--data-dir', dir.path, '--company', 'X', '--admin-name', 'Y', '--admin-email', 'ada@acme.test'],
        {
          TANDEM_ADMIN_PASSWORD: 'another long one',
        },
      ),
    ).rejects.toThrow('ada@acme.test already has an account');
    await expect(createCompanyCommand(['--nonsense'], {})).rejects.toThrow(/Unknown option '--nonsense'[\s\S]*Usage:/);

    const created = await createCompanyCommand(argv, { TANDEM_ADMIN_PASSWORD: 'globex passphrase' });
    const hank = await signIn('hank@globex.test', 'globex passphrase');
    expect((await call('GET', '/api/v1/me', undefined, hank)).body).toMatchObject({
      companyName: 'Globex',
      permissions: expect.arrayContaining(['admin.users']),
    });
    const users = (await call('GET', '/api/v1/admin/users', undefined, hank)).body!.users as { id: string }[];
    expect(users.map((user) => user.id)).toEqual([created.userId]);
    const ada = await signIn('ada@acme.test', 'correct horse battery');
    const acmeUsers = (await call('GET', '/api/v1/admin/users', undefined, ada)).body!.users as { email: string }[];
    expect(acmeUsers.map((user) => user.email)).toEqual(['ada@acme.test']);
  });

  it('lets an admin sign a user out everywhere', async () => {
    const admin = await signIn('ada@acme.test', 'correct horse battery');
    const { users } = (await call('GET', '/api/v1/admin/users', undefined, admin)).body as {
      users: { id: string; roleId: string }[];
    };
    const bo = (
      await call(
        'POST',
        '/api/v1/admin/users',
        { email: 'bo@acme.test', name: 'Bo', password: 'bo password!', roleId: users[0]!.roleId },
        admin,
      )
    ).body!.id as string;
    const first = await signIn('bo@acme.test', 'bo password!');
    const second = await signIn('bo@acme.test', 'bo password!');
    expect((await call('POST', `/api/v1/admin/users/${bo}/revoke-sessions`, undefined, admin)).status).toBe(204);
    expect((await call('GET', '/api/v1/me', undefined, first)).status).toBe(401);
    expect((await call('GET', '/api/v1/me', undefined, second)).status).toBe(401);
    expect((await call('GET', '/api/v1/me', undefined, admin)).status).toBe(200);
  });

  it('charges AI credits per session through the API and says when none are left', async () => {
    const admin = await signIn('ada@acme.test', 'correct horse battery');
    expect((await call('GET', '/api/v1/credits', undefined, admin)).body).toMatchObject({
      balance: 5,
      plan: 'business',
    });
    for (let i = 0; i < 5; i++)
      expect((await call('POST', '/api/v1/credits/reserve', { sessionId: `s${i}` }, admin)).status).toBe(200);
    expect((await call('POST', '/api/v1/credits/reserve', { sessionId: 's0' }, admin)).body).toEqual({
      charged: false,
      balance: 0,
    });
    expect((await call('POST', '/api/v1/credits/reserve', { sessionId: 's5' }, admin)).body).toMatchObject({
      error: { code: 'no_credits' },
    });
    expect((await call('POST', '/api/v1/credits/refund', { sessionId: 's4' }, admin)).body).toEqual({ refunded: true });
    // Credits are bought from the operator (its command line), not granted by the company itself.
    const { companyId } = (await call('GET', '/api/v1/me', undefined, admin)).body as { companyId: string };
    await addCreditsCommand(['--data-dir', dir.path, '--company', companyId, '--amount', '10'], {});
    expect((await call('GET', '/api/v1/credits', undefined, admin)).body).toMatchObject({ balance: 11 });
  });

  it('asks for the TOTP code once a second factor is on', async () => {
    const token = await signIn('ada@acme.test', 'correct horse battery');
    const { secret } = (await call('POST', '/api/v1/auth/totp', { password: 'correct horse battery' }, token)).body as {
      secret: string;
    };
    expect(
      (await call('POST', '/api/v1/auth/sign-in', { email: 'ada@acme.test', password: 'correct horse battery' })).body,
    ).toMatchObject({
      error: { code: 'totp_required' },
    });
    expect(
      (
        await call('POST', '/api/v1/auth/sign-in', {
          email: 'ada@acme.test',
          password: 'correct horse battery',
          totp: '000000',
        })
      ).status,
    ).toBe(401);
    const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
    expect(
      (
        await call('POST', '/api/v1/auth/sign-in', {
          email: 'ada@acme.test',
          password: 'correct horse battery',
          totp: code,
        })
      ).status,
    ).toBe(200);
  });

  it('slows down password guessing per account', async () => {
    let last = 0;
    for (let i = 0; i < 11; i++)
      last = (await call('POST', '/api/v1/auth/sign-in', { email: 'ada@acme.test', password: `guess-${i}` })).status;
    expect(last).toBe(429);
  });

  it('refuses every administrative route to a user without its permission, and to nobody signed in', async () => {
    const admin = await signIn('ada@acme.test', 'correct horse battery');
    const viewerRole = (
      await call('POST', '/api/v1/admin/roles', { name: 'Viewer', permissions: ['insights.view'] }, admin)
    ).body!.id;
    await call(
      'POST',
      '/api/v1/admin/users',
      { email: 'vic@acme.test', name: 'Vic', password: 'viewer password', roleId: viewerRole },
      admin,
    );
    const viewer = await signIn('vic@acme.test', 'viewer password');
    const routes: [string, string, unknown, string][] = [
      ['GET', '/api/v1/admin/ai-settings', undefined, 'insights.manage_settings'],
      [
        'PUT',
        '/api/v1/admin/ai-settings',
        { outgoing: { enabled: true, scope: 'all_company_users' } },
        'insights.manage_settings',
      ],
      ['GET', '/api/v1/admin/users', undefined, 'admin.users'],
      ['POST', '/api/v1/admin/roles', { name: 'X', permissions: [] }, 'admin.users'],
      [
        'POST',
        '/api/v1/admin/users',
        { email: 'x@acme.test', name: 'X', password: 'xxxxxxxxxxxx', roleId: 'r' },
        'admin.users',
      ],
      ['PUT', '/api/v1/admin/users/log-sessions', { userIds: ['u'], value: false }, 'admin.users'],
      ['POST', '/api/v1/admin/users/u/revoke-sessions', undefined, 'admin.users'],
      ['GET', '/api/v1/admin/consent-audit', undefined, 'admin.audit'],
      ['GET', '/api/v1/credits', undefined, 'insights.manage_settings'],
      ['GET', '/api/v1/admin/devices', undefined, 'admin.devices'],
      ['DELETE', '/api/v1/admin/devices/123456789', undefined, 'admin.devices'],
      ['GET', '/api/v1/admin/enrollment-tokens', undefined, 'admin.devices'],
      ['POST', '/api/v1/admin/enrollment-tokens', { name: 'T' }, 'admin.devices'],
      ['DELETE', '/api/v1/admin/enrollment-tokens/t', undefined, 'admin.devices'],
      ['POST', '/api/v1/admin/policies', { name: 'P', settings: {} }, 'admin.policies'],
      ['PUT', '/api/v1/admin/policies/p', { settings: {} }, 'admin.policies'],
      ['PUT', '/api/v1/admin/devices/123456789/policy', { policyId: 'p' }, 'admin.policies'],
      [
        'POST',
        '/api/v1/admin/quicksupport-modules',
        { name: 'M', logo: null, welcomeText: '', insightsEnabled: true },
        'admin.modules',
      ],
    ];
    for (const [method, path, body, permission] of routes) {
      expect((await call(method, path, body)).status, `${method} ${path} without sign-in`).toBe(401);
      const refused = await call(method, path, body, viewer);
      expect(refused.status, `${method} ${path} as viewer`).toBe(403);
      expect(refused.body).toMatchObject({
        error: { code: 'forbidden', message: expect.stringContaining(permission) },
      });
    }
  });

  it('takes a QuickSupport module’s logo only as an image data: URL, refusing anything else by name and storing nothing', async () => {
    const admin = await signIn('ada@acme.test', 'correct horse battery');
    const png = `data:image/png;base64,${Buffer.from('\x89PNG\r\n\x1a\n-logo-').toString('base64')}`;
    const module = (logo: unknown) => ({ name: 'Acme QuickSupport', logo, welcomeText: '', insightsEnabled: false });
    const refusedLogos = [
      'data:x',
      'javascript:alert(1)',
      'https://tracker.example/pixel.png',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'data:image/png;base64,not base64!',
      'data:image/png,<svg onload=alert(1)>',
      `data:image/png;base64,${'A'.repeat(200_000)}`,
      42,
    ];
    for (const logo of refusedLogos) {
      const refused = await call('POST', '/api/v1/admin/quicksupport-modules', module(logo), admin);
      expect(refused.status, String(logo).slice(0, 40)).toBe(400);
      expect(refused.body).toMatchObject({
        error: { code: 'invalid_request', issues: [expect.objectContaining({ path: 'logo' })] },
      });
    }
    expect((await call('GET', '/api/v1/admin/quicksupport-modules', undefined, admin)).body).toEqual({ modules: [] });

    const created = await call('POST', '/api/v1/admin/quicksupport-modules', module(png), admin);
    expect(created.status).toBe(201);
    const id = created.body!.id as string;
    const listed = (await call('GET', '/api/v1/admin/quicksupport-modules', undefined, admin)).body!.modules as {
      logo: string | null;
    }[];
    expect(listed.map((each) => each.logo)).toEqual([png]);
    // Changed to a bad one: refused, the stored logo stays; removed: none.
    const path = `/api/v1/admin/quicksupport-modules/${id}`;
    expect((await call('PUT', path, module('data:x'), admin)).status).toBe(400);
    expect(
      (
        (await call('GET', '/api/v1/admin/quicksupport-modules', undefined, admin)).body!.modules as { logo: string }[]
      )[0]!.logo,
    ).toBe(png);
    expect((await call('PUT', path, module(null), admin)).status).toBeLessThan(300);
    expect(
      (
        (await call('GET', '/api/v1/admin/quicksupport-modules', undefined, admin)).body!.modules as { logo: null }[]
      )[0]!.logo,
    ).toBeNull();
  });

  it('activates AI features only with the terms accepted, recording who accepted them', async () => {
    const admin = await signIn('ada@acme.test', 'correct horse battery');
    expect((await call('PUT', '/api/v1/admin/ai-settings', { activate: { acceptTerms: false } }, admin)).status).toBe(
      400,
    );
    const settings = (
      await call(
        'PUT',
        '/api/v1/admin/ai-settings',
        { activate: { acceptTerms: true }, outgoing: { enabled: true, scope: 'all_company_users' } },
        admin,
      )
    ).body;
    expect(settings).toMatchObject({ activated: true, termsAcceptedBy: 'ada@acme.test', outgoing: { enabled: true } });
    expect((await call('GET', '/api/v1/me', undefined, admin)).body!.supporterFacts).toMatchObject({
      companyId: expect.any(String),
      aiActivated: true,
      outgoing: { enabled: true, scope: 'all_company_users' },
      userLogging: true,
    });
  });

  it('switches Log sessions for connection reporting for many users at once, only in the own company', async () => {
    const admin = await signIn('ada@acme.test', 'correct horse battery');
    const { users } = (await call('GET', '/api/v1/admin/users', undefined, admin)).body as {
      users: { id: string; roleId: string }[];
    };
    const ids = [users[0]!.id];
    for (const name of ['bo', 'cy']) {
      ids.push(
        (
          await call(
            'POST',
            '/api/v1/admin/users',
            { email: `${name}@acme.test`, name, password: 'xxxxxxxxxxxx', roleId: users[0]!.roleId },
            admin,
          )
        ).body!.id as string,
      );
    }
    expect(
      (await call('PUT', '/api/v1/admin/users/log-sessions', { userIds: [...ids, 'not-a-user'], value: false }, admin))
        .body,
    ).toEqual({ changed: 3 });
    const after = (await call('GET', '/api/v1/admin/users', undefined, admin)).body as {
      users: { logSessions: boolean }[];
    };
    expect(after.users.every((user) => !user.logSessions)).toBe(true);
  });

  it('tells a managed device its company, settings and enforced policy', async () => {
    const admin = await signIn('ada@acme.test', 'correct horse battery');
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    await call('POST', '/api/v1/devices', {
      deviceId: '555666777',
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
      platform: 'linux',
      name: 'pc',
    });
    const asDevice = deviceCaller(() => server.url, '555666777', privateKey);
    const signedFacts = async () => (await asDevice('GET', '/api/v1/devices/me/facts')).body;
    expect(await signedFacts()).toMatchObject({ companyId: null, managed: false, policy: null });
    // It joins through IT's enrolment token, which the device presents itself.
    const { token } = (await call('POST', '/api/v1/admin/enrollment-tokens', { name: 'Office' }, admin)).body!;
    expect((await asDevice('POST', '/api/v1/devices/me/enroll', { token })).status).toBe(200);
    const policyId = (
      await call(
        'POST',
        '/api/v1/admin/policies',
        { name: 'Office', settings: { sessionInsights: { value: true, enforced: true } } },
        admin,
      )
    ).body!.id;
    expect((await call('PUT', '/api/v1/admin/devices/555666777/policy', { policyId }, admin)).status).toBe(204);
    await call(
      'PUT',
      '/api/v1/admin/ai-settings',
      { activate: { acceptTerms: true }, incoming: { enabled: true, scope: 'managed_devices_with_policy' } },
      admin,
    );
    expect(await signedFacts()).toMatchObject({
      aiActivated: true,
      incoming: { enabled: true, scope: 'managed_devices_with_policy' },
      managed: true,
      policy: { sessionInsights: true, enforced: true, version: 1 },
    });
  });
});
