import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../server/app';
import { startServer } from '../../support/testServer';
import { createCompanyCommand } from '../../support/operatorCommands';
import { apiCaller } from '../../support/apiCall';
import { deviceCaller, deviceRequestHeaders, endpointInstanceId } from '../../support/deviceRequest';
import { tempDir } from '../../support/tempDir';

/**
 * AC-2, DP-2 as attackers try them: an administrator of one company takes a device that is no
 * company's (or another company's) by typing its ID and enforces a policy on it. A device joins
 * only through what it presents itself: IT's enrolment token, or a signed-in user on it.
 */
describe('devices join a company only through what they present themselves', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  const call = apiCaller(() => server.url);
  const companies: Record<'acme' | 'globex', { companyId: string; admin: string }> = {} as never;

  const createCompany = async (company: string, email: string) => {
    const password = `${company} passphrase`;
    const { companyId } = await createCompanyCommand(
      ['--data-dir', dir.path, '--company', company, '--admin-name', 'Admin', '--admin-email', email],
      { TANDEM_ADMIN_PASSWORD: password },
    );
    const signedIn = await call('POST', '/api/v1/auth/sign-in', { email, password });
    expect(signedIn.status).toBe(200);
    return { companyId, admin: signedIn.body!.token as string };
  };
  /** A registered device, as the desktop app registers itself, and its signed calls. */
  const registerDevice = async (deviceId: string) => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const registered = await call('POST', '/api/v1/devices', {
      deviceId,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
      platform: 'linux',
      name: `pc-${deviceId}`,
    });
    expect(registered.status).toBeLessThan(300);
    return { deviceId, privateKey, call: deviceCaller(() => server.url, deviceId, privateKey) };
  };
  const membership = (deviceId: string) =>
    server.data.query
      .selectFrom('devices')
      .select(['company_id as companyId', 'managed'])
      .where('device_id', '=', deviceId)
      .executeTakeFirstOrThrow();
  const policyRows = (deviceId: string) =>
    server.data.query.selectFrom('device_policies').select('policy_id').where('device_id', '=', deviceId).execute();
  const tokenFor = async (admin: string, body: Record<string, unknown> = { name: 'Office PCs' }) => {
    const created = await call('POST', '/api/v1/admin/enrollment-tokens', body, admin);
    expect(created.status).toBe(201);
    return created.body as { id: string; token: string };
  };
  const policyOf = async (admin: string) =>
    (
      await call(
        'POST',
        '/api/v1/admin/policies',
        { name: 'Log everything', settings: { insightsLogging: { value: 'allowed', enforced: true } } },
        admin,
      )
    ).body!.id as string;
  /** The join a signed-in user makes on the device: the device's signature and the user's session. */
  const joinAsUser = async (device: { deviceId: string; privateKey: KeyObject }, bearer?: string, sign = true) => {
    const path = '/api/v1/devices/me/join-company';
    const headers = {
      ...(sign
        ? deviceRequestHeaders(device.deviceId, device.privateKey, {
            method: 'POST',
            path,
            audience: await endpointInstanceId(server.url),
          })
        : {}),
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    };
    const response = await fetch(`${server.url}${path}`, { method: 'POST', headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeEach(async () => {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    companies.acme = await createCompany('Acme', 'ada@acme.test');
    companies.globex = await createCompany('Globex', 'gus@globex.test');
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('an administrator cannot take a device by its ID, neither a free one nor another company’s', async () => {
    const free = await registerDevice('111222333');
    const enrolled = await registerDevice('444555666');
    const { token } = await tokenFor(companies.acme.admin);
    expect((await enrolled.call('POST', '/api/v1/devices/me/enroll', { token })).status).toBe(200);
    const globexPolicy = await policyOf(companies.globex.admin);

    for (const device of [free, enrolled]) {
      const before = await membership(device.deviceId);
      // The old way in: "add device by ID" is gone for every company.
      const taken = await call(
        'POST',
        '/api/v1/admin/devices',
        { deviceId: device.deviceId, managed: true },
        companies.globex.admin,
      );
      expect(taken.status).toBe(404);
      // Nor can Globex push its policy onto it, or remove it from Acme.
      expect(
        (
          await call(
            'PUT',
            `/api/v1/admin/devices/${device.deviceId}/policy`,
            { policyId: globexPolicy },
            companies.globex.admin,
          )
        ).status,
      ).toBe(404);
      expect(
        (await call('DELETE', `/api/v1/admin/devices/${device.deviceId}`, undefined, companies.globex.admin)).status,
      ).toBe(404);
      expect(await membership(device.deviceId)).toEqual(before);
      expect(await policyRows(device.deviceId)).toEqual([]);
      expect((await device.call('GET', '/api/v1/devices/me/facts')).body).toMatchObject({
        companyId: before.companyId,
        policySettings: null,
      });
    }
    expect((await call('GET', '/api/v1/admin/devices', undefined, companies.globex.admin)).body).toEqual({
      devices: [],
    });
    expect((await call('GET', '/api/v1/admin/devices', undefined, companies.acme.admin)).body).toEqual({
      devices: [expect.objectContaining({ deviceId: '444555666', managed: true, joinedVia: 'Office PCs' })],
    });
  });

  it('another company’s enrolment token does not move a device; a revoked, expired or used-up one says why', async () => {
    const device = await registerDevice('222333444');
    const second = await registerDevice('333444555');
    const acme = await tokenFor(companies.acme.admin, { name: 'One PC', maxUses: 1 });
    const globex = await tokenFor(companies.globex.admin);
    const enroll = (caller: typeof device, token: string) =>
      caller.call('POST', '/api/v1/devices/me/enroll', { token });

    expect((await enroll(device, acme.token)).body).toMatchObject({ companyName: 'Acme' });
    // Enrolling again at the next start is the same device, not another use of the token.
    expect((await enroll(device, acme.token)).status).toBe(200);
    expect(await enroll(device, globex.token)).toMatchObject({
      status: 409,
      body: { error: { code: 'device_of_another_company' } },
    });
    expect(await membership(device.deviceId)).toEqual({ companyId: companies.acme.companyId, managed: 1 });

    expect(await enroll(second, acme.token)).toMatchObject({
      status: 403,
      body: { error: { code: 'enrollment_token_used_up' } },
    });
    expect(await enroll(second, 'enrol_made-up-by-an-attacker')).toMatchObject({
      status: 404,
      body: { error: { code: 'enrollment_token_unknown' } },
    });
    const revoked = await tokenFor(companies.globex.admin, { name: 'Old' });
    await call('DELETE', `/api/v1/admin/enrollment-tokens/${revoked.id}`, undefined, companies.globex.admin);
    expect(await enroll(second, revoked.token)).toMatchObject({
      status: 403,
      body: { error: { code: 'enrollment_token_revoked' } },
    });
    const expired = await tokenFor(companies.globex.admin, { name: 'Lapsed', validDays: 1 });
    await server.data.query
      .updateTable('enrollment_tokens')
      .set({ expires_at: '2020-01-01T00:00:00.000Z' })
      .where('id', '=', expired.id)
      .execute();
    expect(await enroll(second, expired.token)).toMatchObject({
      status: 403,
      body: { error: { code: 'enrollment_token_expired' } },
    });
    expect(await membership(second.deviceId)).toEqual({ companyId: null, managed: 0 });
  });

  it('a signed-in user adds the device it runs on, with both proofs; it may leave, a managed one may not', async () => {
    const device = await registerDevice('555666777');
    const other = await registerDevice('666777888');
    // The user's session alone (an administrator "adding" any ID) or the device's key alone is not enough.
    expect((await joinAsUser(device, companies.acme.admin, false)).status).toBe(401);
    expect((await joinAsUser(device, undefined, true)).status).toBe(401);
    expect((await membership(device.deviceId)).companyId).toBeNull();

    expect(await joinAsUser(device, companies.acme.admin)).toMatchObject({
      status: 200,
      body: { companyName: 'Acme', managed: false, joinedVia: 'ada@acme.test' },
    });
    // Globex's administrator signing in on it does not move it.
    expect(await joinAsUser(device, companies.globex.admin)).toMatchObject({
      status: 409,
      body: { error: { code: 'device_of_another_company' } },
    });
    // Policies apply to managed devices only: an unmanaged member gets none.
    const acmePolicy = await policyOf(companies.acme.admin);
    expect(
      (
        await call(
          'PUT',
          `/api/v1/admin/devices/${device.deviceId}/policy`,
          { policyId: acmePolicy },
          companies.acme.admin,
        )
      ).status,
    ).toBe(404);
    expect((await device.call('POST', '/api/v1/devices/me/leave-company')).body).toMatchObject({ companyId: null });
    expect(await membership(device.deviceId)).toEqual({ companyId: null, managed: 0 });
    expect(await device.call('POST', '/api/v1/devices/me/leave-company')).toMatchObject({
      status: 409,
      body: { error: { code: 'no_company' } },
    });

    const { token } = await tokenFor(companies.acme.admin);
    await other.call('POST', '/api/v1/devices/me/enroll', { token });
    expect(
      (
        await call(
          'PUT',
          `/api/v1/admin/devices/${other.deviceId}/policy`,
          { policyId: acmePolicy },
          companies.acme.admin,
        )
      ).status,
    ).toBe(204);
    expect(await other.call('POST', '/api/v1/devices/me/leave-company')).toMatchObject({
      status: 409,
      body: { error: { code: 'managed_device' } },
    });
    // Its company's administrator removes it: its policy goes with it.
    expect(
      (await call('DELETE', `/api/v1/admin/devices/${other.deviceId}`, undefined, companies.acme.admin)).status,
    ).toBe(204);
    expect(await membership(other.deviceId)).toEqual({ companyId: null, managed: 0 });
    expect(await policyRows(other.deviceId)).toEqual([]);
    expect((await other.call('GET', '/api/v1/devices/me/facts')).body).toMatchObject({
      companyId: null,
      policySettings: null,
    });
  });
});
