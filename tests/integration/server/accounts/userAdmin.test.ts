import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS } from '../../../../src-shared/domain/accounts';
import { ADA, acmeEndpoint, type AcmeEndpoint } from '../../../support/accountsEndpoint';

describe('roles and users: nobody grants what they do not hold', () => {
  let acme: AcmeEndpoint;
  let ada: string;
  beforeEach(async () => {
    acme = await acmeEndpoint();
    ada = await acme.signIn(ADA.email, ADA.password);
  });
  afterEach(async () => acme.close());

  const roles = async (token: string) =>
    (await acme.call('GET', '/api/v1/admin/roles', undefined, token)).body!.roles as {
      id: string;
      name: string;
      permissions: string[];
    }[];
  const audit = async (token: string) =>
    (await acme.call('GET', '/api/v1/admin/account-audit', undefined, token)).body!.entries as {
      actor: string;
      action: string;
      target: string;
      at: string;
    }[];

  it('a user manager cannot create an all-powerful role or user, nor promote themselves', async () => {
    const mallory = await acme.userWith(ada, 'mallory@acme.test', ['admin.users']);
    const administrator = (await roles(mallory.token)).find((role) => role.name === 'Administrator')!;

    const godRole = await acme.call(
      'POST',
      '/api/v1/admin/roles',
      { name: 'Everything', permissions: ALL_PERMISSIONS },
      mallory.token,
    );
    expect(godRole).toMatchObject({ status: 403, body: { error: { code: 'permission_not_held' } } });
    expect((godRole.body!.error as { message: string }).message).toContain('admin.devices');
    expect((await roles(ada)).map((role) => role.name)).not.toContain('Everything');

    const sock = await acme.call(
      'POST',
      '/api/v1/admin/users',
      { email: 'sock@acme.test', name: 'Sock', password: 'a long password', roleId: administrator.id },
      mallory.token,
    );
    expect(sock).toMatchObject({ status: 403, body: { error: { code: 'permission_not_held' } } });
    expect(
      (await acme.call('POST', '/api/v1/auth/sign-in', { email: 'sock@acme.test', password: 'a long password' }))
        .status,
    ).toBe(401);

    const promoted = await acme.call(
      'PUT',
      `/api/v1/admin/users/${mallory.id}/role`,
      { roleId: administrator.id },
      mallory.token,
    );
    expect(promoted).toMatchObject({ status: 403, body: { error: { code: 'permission_not_held' } } });
    const widened = await acme.call(
      'PUT',
      `/api/v1/admin/roles/${mallory.roleId}`,
      { name: 'Role of mallory@acme.test', permissions: ['admin.users', 'admin.integrations'] },
      mallory.token,
    );
    expect(widened).toMatchObject({ status: 403, body: { error: { code: 'permission_not_held' } } });
    const narrowedAdmin = await acme.call(
      'PUT',
      `/api/v1/admin/roles/${administrator.id}`,
      { name: 'Administrator', permissions: ['admin.users'] },
      mallory.token,
    );
    expect(narrowedAdmin).toMatchObject({ status: 403, body: { error: { code: 'role_outranks_you' } } });
    for (const [method, path, body] of [
      ['PUT', `/api/v1/admin/users/${acme.adaId}/disabled`, { disabled: true }],
      ['DELETE', `/api/v1/admin/users/${acme.adaId}`, undefined],
      ['POST', `/api/v1/admin/users/${acme.adaId}/revoke-sessions`, undefined],
    ] as const) {
      expect(await acme.call(method, path, body, mallory.token), `${method} ${path}`).toMatchObject({
        status: 403,
        body: { error: { code: 'user_outranks_you' } },
      });
    }
    expect((await acme.call('GET', '/api/v1/me', undefined, mallory.token)).body!.permissions).toEqual(['admin.users']);
    expect((await acme.call('GET', '/api/v1/me', undefined, ada)).status).toBe(200);

    // Within what she holds, she may: a role with user management, and a user with it.
    const helper = await acme.call(
      'POST',
      '/api/v1/admin/roles',
      { name: 'Helpers', permissions: ['admin.users'] },
      mallory.token,
    );
    expect(helper.status).toBe(201);
    expect(
      (
        await acme.call(
          'POST',
          '/api/v1/admin/users',
          { email: 'hal@acme.test', name: 'Hal', password: 'a long password', roleId: helper.body!.id },
          mallory.token,
        )
      ).status,
    ).toBe(201);
    const entries = await audit(ada);
    expect(entries.slice(0, 2)).toMatchObject([
      { actor: 'mallory <mallory@acme.test>', action: 'user.create', target: 'hal@acme.test' },
      { actor: 'mallory <mallory@acme.test>', action: 'role.create', target: 'Helpers' },
    ]);
    expect(Date.parse(entries[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('changes a role, disables and removes a user: their sessions and API tokens end with it, and it is audited', async () => {
    const bo = await acme.userWith(ada, 'bo@acme.test', ['insights.view', 'admin.integrations']);
    const boToken = (
      await acme.call('POST', '/api/v1/admin/api-tokens', { name: 'CRM', permissions: ['insights.view'] }, bo.token)
    ).body!.token as string;
    expect((await acme.call('GET', '/api/v1/me', undefined, boToken)).status).toBe(200);

    const viewers = await acme.call(
      'POST',
      '/api/v1/admin/roles',
      { name: 'Viewers', permissions: ['insights.view'] },
      ada,
    );
    expect(
      (await acme.call('PUT', `/api/v1/admin/users/${bo.id}/role`, { roleId: viewers.body!.id }, ada)).status,
    ).toBe(204);
    expect((await acme.call('GET', '/api/v1/me', undefined, bo.token)).body!.permissions).toEqual(['insights.view']);

    expect((await acme.call('PUT', `/api/v1/admin/users/${bo.id}/disabled`, { disabled: true }, ada)).status).toBe(204);
    expect((await acme.call('GET', '/api/v1/me', undefined, bo.token)).status).toBe(401);
    expect((await acme.call('GET', '/api/v1/me', undefined, boToken)).status).toBe(401);
    expect(
      await acme.call('POST', '/api/v1/auth/sign-in', { email: 'bo@acme.test', password: 'a long password' }),
    ).toMatchObject({ status: 403, body: { error: { code: 'account_disabled' } } });
    const listed = (await acme.call('GET', '/api/v1/admin/users', undefined, ada)).body!.users as {
      email: string;
      disabled: boolean;
    }[];
    expect(listed.find((user) => user.email === 'bo@acme.test')).toMatchObject({ disabled: true });

    expect((await acme.call('PUT', `/api/v1/admin/users/${bo.id}/disabled`, { disabled: false }, ada)).status).toBe(
      204,
    );
    // Enabling again does not bring the ended sessions and tokens back.
    expect((await acme.call('GET', '/api/v1/me', undefined, boToken)).status).toBe(401);
    const again = await acme.signIn('bo@acme.test', 'a long password');

    expect((await acme.call('DELETE', `/api/v1/admin/users/${bo.id}`, undefined, ada)).status).toBe(204);
    expect((await acme.call('GET', '/api/v1/me', undefined, again)).status).toBe(401);
    expect(
      await acme.call('POST', '/api/v1/auth/sign-in', { email: 'bo@acme.test', password: 'a long password' }),
    ).toMatchObject({ status: 401, body: { error: { code: 'wrong_credentials' } } });
    expect(await acme.call('DELETE', `/api/v1/admin/users/${bo.id}`, undefined, ada)).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });

    expect((await audit(ada)).map((entry) => [entry.action, entry.target])).toEqual([
      ['user.remove', 'bo@acme.test'],
      ['user.enable', 'bo@acme.test'],
      ['user.disable', 'bo@acme.test'],
      ['user.role', 'bo@acme.test'],
      ['role.create', 'Viewers'],
      ['user.create', 'bo@acme.test'],
      ['role.create', 'Role of bo@acme.test'],
    ]);
  });

  it('never leaves the company without an enabled user who can manage users', async () => {
    const administrator = (await roles(ada)).find((role) => role.name === 'Administrator')!;
    const viewers = (
      await acme.call('POST', '/api/v1/admin/roles', { name: 'Viewers', permissions: ['insights.view'] }, ada)
    ).body!.id as string;
    const last = { status: 409, body: { error: { code: 'last_administrator' } } };
    expect(await acme.call('PUT', `/api/v1/admin/users/${acme.adaId}/role`, { roleId: viewers }, ada)).toMatchObject(
      last,
    );
    expect(
      await acme.call(
        'PUT',
        `/api/v1/admin/roles/${administrator.id}`,
        { name: 'Administrator', permissions: ['insights.view'] },
        ada,
      ),
    ).toMatchObject(last);
    expect(await acme.call('PUT', `/api/v1/admin/users/${acme.adaId}/disabled`, { disabled: true }, ada)).toMatchObject(
      {
        status: 409,
        body: { error: { code: 'cannot_change_yourself' } },
      },
    );
    expect((await acme.call('GET', '/api/v1/me', undefined, ada)).body!.permissions).toContain('admin.users');

    // With a second administrator, the first may go; then the second is the last one.
    const carl = await acme.userWith(ada, 'carl@acme.test', [...ALL_PERMISSIONS]);
    expect(
      (await acme.call('PUT', `/api/v1/admin/users/${acme.adaId}/disabled`, { disabled: true }, carl.token)).status,
    ).toBe(204);
    expect(
      await acme.call('PUT', `/api/v1/admin/users/${carl.id}/role`, { roleId: viewers }, carl.token),
    ).toMatchObject(last);
  });

  it('an API token cannot create users or roles, even with admin.users', async () => {
    const token = (
      await acme.call(
        'POST',
        '/api/v1/admin/api-tokens',
        { name: 'Directory sync', permissions: ['admin.users', 'admin.integrations'] },
        ada,
      )
    ).body!.token as string;
    expect((await acme.call('GET', '/api/v1/admin/users', undefined, token)).status).toBe(200);
    const viewers = await acme.call('POST', '/api/v1/admin/roles', { name: 'Viewers', permissions: [] }, token);
    expect(viewers).toMatchObject({ status: 403, body: { error: { code: 'session_required' } } });
    const roleId = (await roles(ada))[0]!.id;
    expect(
      await acme.call(
        'POST',
        '/api/v1/admin/users',
        { email: 'ghost@acme.test', name: 'Ghost', password: 'a long password', roleId },
        token,
      ),
    ).toMatchObject({ status: 403, body: { error: { code: 'session_required' } } });
  });
});
