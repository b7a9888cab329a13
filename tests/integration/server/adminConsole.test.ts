import { createPublicKey } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../server/app';
import { startServer } from '../../support/testServer';
import { createCompanyCommand } from '../../support/operatorCommands';
import { apiCaller } from '../../support/apiCall';
import { deviceCaller } from '../../support/deviceRequest';
import { tempDir } from '../../support/tempDir';
import { hubDevice, registerDevice } from './signaling/hubClient';

/**
 * AC-2 … AC-4: what the Administration console lists, edits and removes — policies (with how many
 * devices use each), QuickSupport modules, roles (refused while users hold them) and devices (online,
 * their policy, managed) — and that one company never sees or touches another's.
 */
describe('the administration console’s lists, edits and removals', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  const call = apiCaller(() => server.url);
  const admins: Record<'acme' | 'globex', string> = { acme: '', globex: '' };

  const createCompany = async (company: string, email: string) => {
    const password = `${company} passphrase`;
    await createCompanyCommand(
      ['--data-dir', dir.path, '--company', company, '--admin-name', 'Admin', '--admin-email', email],
      { TANDEM_ADMIN_PASSWORD: password },
    );
    const signedIn = await call('POST', '/api/v1/auth/sign-in', { email, password });
    expect(signedIn.status).toBe(200);
    return signedIn.body!.token as string;
  };
  const policy = async (admin: string, name: string) => {
    const created = await call(
      'POST',
      '/api/v1/admin/policies',
      { name, settings: { insightsLogging: { value: 'allowed', enforced: true } } },
      admin,
    );
    expect(created.status).toBe(201);
    return created.body!.id as string;
  };
  const module = async (admin: string, name: string) => {
    const created = await call(
      'POST',
      '/api/v1/admin/quicksupport-modules',
      { name, logo: null, welcomeText: 'Hello', insightsEnabled: false },
      admin,
    );
    expect(created.status).toBe(201);
    return created.body!.id as string;
  };
  /** A device of Acme, enrolled (managed) with an enrolment token. */
  const managedDevice = async (deviceId: string) => {
    const privateKey = await registerDevice(server.url, deviceId);
    const { token } = (await call('POST', '/api/v1/admin/enrollment-tokens', { name: 'Office' }, admins.acme)).body as {
      token: string;
    };
    const enrolled = await deviceCaller(() => server.url, deviceId, privateKey)('POST', '/api/v1/devices/me/enroll', {
      token,
    });
    expect(enrolled.status).toBe(200);
    return privateKey;
  };
  const list = async <T>(path: string, key: string, admin = admins.acme) => {
    const answer = await call('GET', path, undefined, admin);
    expect(answer.status).toBe(200);
    return answer.body![key] as T[];
  };

  beforeEach(async () => {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    admins.acme = await createCompany('Acme', 'ada@acme.test');
    admins.globex = await createCompany('Globex', 'gus@globex.test');
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('lists policies with their devices, renames and changes one, and removes it from its devices', async () => {
    const office = await policy(admins.acme, 'Office PCs');
    await policy(admins.acme, 'Kiosks');
    const key = await managedDevice('123456789');
    expect(
      (await call('PUT', '/api/v1/admin/devices/123456789/policy', { policyId: office }, admins.acme)).status,
    ).toBe(204);

    const policies = await list<{ id: string; name: string; devices: number; version: number }>(
      '/api/v1/admin/policies',
      'policies',
    );
    expect(policies.map((item) => [item.name, item.devices])).toEqual([
      ['Kiosks', 0],
      ['Office PCs', 1],
    ]);

    // The device list says who is online, its OS, its policy and that it is managed.
    const hub = await hubDevice(server.url, '123456789', key);
    const [device] = await list<Record<string, unknown>>('/api/v1/admin/devices', 'devices');
    expect(device).toMatchObject({
      deviceId: '123456789',
      platform: 'linux',
      appVersion: null,
      managed: true,
      online: true,
      policyId: office,
      policyName: 'Office PCs',
    });
    // A device says which Tandem it runs each time it registers (at every start).
    const again = await fetch(`${server.url}/api/v1/devices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        deviceId: '123456789',
        publicKey: createPublicKey(key).export({ type: 'spki', format: 'pem' }),
        platform: 'linux',
        name: 'hub test',
        appVersion: '1.4.2',
      }),
    });
    expect(await again.json()).toEqual({ status: 'unchanged' });
    expect((await list<{ appVersion: string | null }>('/api/v1/admin/devices', 'devices'))[0]!.appVersion).toBe(
      '1.4.2',
    );
    hub.socket.close();
    await hub.closed;
    await expect
      .poll(async () => (await list<{ online: boolean }>('/api/v1/admin/devices', 'devices'))[0]!.online)
      .toBe(false);

    const renamed = await call(
      'PUT',
      `/api/v1/admin/policies/${office}`,
      { name: 'Front office', settings: { sessionInsights: { value: true, enforced: true } } },
      admins.acme,
    );
    expect(renamed.status).toBe(204);
    const changed = (
      await list<{ id: string; name: string; version: number; settings: unknown }>('/api/v1/admin/policies', 'policies')
    ).find((item) => item.id === office)!;
    expect(changed).toMatchObject({
      name: 'Front office',
      version: 2,
      settings: { sessionInsights: { value: true, enforced: true } },
    });
    expect((await list<{ policyName: string }>('/api/v1/admin/devices', 'devices'))[0]!.policyName).toBe(
      'Front office',
    );

    const removed = await call('DELETE', `/api/v1/admin/policies/${office}`, undefined, admins.acme);
    expect(removed).toEqual({ status: 200, body: { unassigned: 1 } });
    expect((await list<{ name: string }>('/api/v1/admin/policies', 'policies')).map((item) => item.name)).toEqual([
      'Kiosks',
    ]);
    expect((await list<{ policyId: string | null }>('/api/v1/admin/devices', 'devices'))[0]!.policyId).toBeNull();
    expect((await call('DELETE', `/api/v1/admin/policies/${office}`, undefined, admins.acme)).status).toBe(404);
  });

  it('lists, changes and removes QuickSupport modules', async () => {
    const id = await module(admins.acme, 'Acme QuickSupport');
    expect(await list('/api/v1/admin/quicksupport-modules', 'modules')).toEqual([
      expect.objectContaining({ id, name: 'Acme QuickSupport', welcomeText: 'Hello', insightsEnabled: false }),
    ]);
    const changed = await call(
      'PUT',
      `/api/v1/admin/quicksupport-modules/${id}`,
      { name: 'Acme Help', logo: null, welcomeText: 'Welcome to Acme', insightsEnabled: true },
      admins.acme,
    );
    expect(changed.status).toBe(204);
    expect((await call('GET', `/api/v1/quicksupport-modules/${id}`)).body).toMatchObject({
      name: 'Acme Help',
      welcomeText: 'Welcome to Acme',
      insightsEnabled: true,
    });
    expect((await call('DELETE', `/api/v1/admin/quicksupport-modules/${id}`, undefined, admins.acme)).status).toBe(204);
    expect(await list('/api/v1/admin/quicksupport-modules', 'modules')).toEqual([]);
    expect((await call('GET', `/api/v1/quicksupport-modules/${id}`)).status).toBe(404);
    expect((await call('DELETE', `/api/v1/admin/quicksupport-modules/${id}`, undefined, admins.acme)).status).toBe(404);
  });

  it('refuses to remove a role users still hold, with its own code, and removes it once nobody does', async () => {
    const role = (
      await call('POST', '/api/v1/admin/roles', { name: 'Support', permissions: ['insights.view'] }, admins.acme)
    ).body!.id as string;
    const user = (
      await call(
        'POST',
        '/api/v1/admin/users',
        { email: 'bo@acme.test', name: 'Bo', password: 'a long password', roleId: role },
        admins.acme,
      )
    ).body!.id as string;

    const refused = await call('DELETE', `/api/v1/admin/roles/${role}`, undefined, admins.acme);
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'role_in_use' } } });
    expect((await list<{ name: string }>('/api/v1/admin/roles', 'roles')).map((item) => item.name)).toContain(
      'Support',
    );

    expect((await call('DELETE', `/api/v1/admin/users/${user}`, undefined, admins.acme)).status).toBe(204);
    expect((await call('DELETE', `/api/v1/admin/roles/${role}`, undefined, admins.acme)).status).toBe(204);
    expect((await list<{ name: string }>('/api/v1/admin/roles', 'roles')).map((item) => item.name)).not.toContain(
      'Support',
    );
    const audit = await list<{ action: string; target: string }>('/api/v1/admin/account-audit', 'entries');
    expect(audit[0]).toMatchObject({ action: 'role.remove', target: 'Support' });

    // The Administrator role is held by Ada herself: refused the same way.
    const administrator = (await list<{ id: string; name: string }>('/api/v1/admin/roles', 'roles')).find(
      (item) => item.name === 'Administrator',
    )!;
    expect((await call('DELETE', `/api/v1/admin/roles/${administrator.id}`, undefined, admins.acme)).status).toBe(409);
  });

  it('needs the permission for each list and change', async () => {
    const role = (
      await call('POST', '/api/v1/admin/roles', { name: 'Viewers', permissions: ['insights.view'] }, admins.acme)
    ).body!.id as string;
    await call(
      'POST',
      '/api/v1/admin/users',
      { email: 'vi@acme.test', name: 'Vi', password: 'a long password', roleId: role },
      admins.acme,
    );
    const viewer = (await call('POST', '/api/v1/auth/sign-in', { email: 'vi@acme.test', password: 'a long password' }))
      .body!.token as string;
    const office = await policy(admins.acme, 'Office PCs');
    const id = await module(admins.acme, 'Acme QuickSupport');
    for (const [method, path] of [
      ['GET', '/api/v1/admin/policies'],
      ['DELETE', `/api/v1/admin/policies/${office}`],
      ['GET', '/api/v1/admin/quicksupport-modules'],
      ['DELETE', `/api/v1/admin/quicksupport-modules/${id}`],
      ['DELETE', `/api/v1/admin/roles/${role}`],
      ['GET', '/api/v1/admin/devices'],
    ] as const) {
      expect((await call(method, path, undefined, viewer)).status, `${method} ${path}`).toBe(403);
    }
  });

  it('one company never sees or touches another company’s policies, modules or roles', async () => {
    const office = await policy(admins.acme, 'Office PCs');
    const id = await module(admins.acme, 'Acme QuickSupport');
    const role = (
      await call('POST', '/api/v1/admin/roles', { name: 'Support', permissions: ['insights.view'] }, admins.acme)
    ).body!.id as string;
    await managedDevice('987654321');
    await call('PUT', '/api/v1/admin/devices/987654321/policy', { policyId: office }, admins.acme);

    // Globex sees none of it.
    expect(await list('/api/v1/admin/policies', 'policies', admins.globex)).toEqual([]);
    expect(await list('/api/v1/admin/quicksupport-modules', 'modules', admins.globex)).toEqual([]);
    expect(await list('/api/v1/admin/devices', 'devices', admins.globex)).toEqual([]);
    expect(
      (await list<{ name: string }>('/api/v1/admin/roles', 'roles', admins.globex)).map((item) => item.name),
    ).toEqual(['Administrator']);

    // Nor changes or removes it: each answers as if it did not exist.
    const attempts = [
      ['PUT', `/api/v1/admin/policies/${office}`, { name: 'Owned', settings: {} }],
      ['DELETE', `/api/v1/admin/policies/${office}`, undefined],
      ['PUT', `/api/v1/admin/devices/987654321/policy`, { policyId: office }],
      [
        'PUT',
        `/api/v1/admin/quicksupport-modules/${id}`,
        { name: 'Owned', logo: null, welcomeText: 'pwned', insightsEnabled: true },
      ],
      ['DELETE', `/api/v1/admin/quicksupport-modules/${id}`, undefined],
      ['PUT', `/api/v1/admin/roles/${role}`, { name: 'Owned', permissions: [] }],
      ['DELETE', `/api/v1/admin/roles/${role}`, undefined],
    ] as const;
    for (const [method, path, body] of attempts) {
      const answer = await call(method, path, body, admins.globex);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect((answer.body!.error as { code: string }).code).toBe('not_found');
    }

    // Acme's are as they were.
    expect(await list('/api/v1/admin/policies', 'policies')).toEqual([
      expect.objectContaining({ id: office, name: 'Office PCs', version: 1, devices: 1 }),
    ]);
    expect(await list('/api/v1/admin/quicksupport-modules', 'modules')).toEqual([
      expect.objectContaining({ id, name: 'Acme QuickSupport', welcomeText: 'Hello' }),
    ]);
    expect((await list<{ name: string }>('/api/v1/admin/roles', 'roles')).map((item) => item.name)).toContain(
      'Support',
    );
    expect((await list<{ policyName: string }>('/api/v1/admin/devices', 'devices'))[0]!.policyName).toBe('Office PCs');
  });
});
