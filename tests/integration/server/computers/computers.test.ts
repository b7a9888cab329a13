import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import type { Computer } from '../../../../src-shared/computers/contract';
import { companyParties } from '../../../support/companyParties';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { hubDevice } from '../signaling/hubClient';

const LIST = '/api/v1/computers';
const UNATTENDED = '/api/v1/devices/me/unattended';

describe('Computers: a company’s computers for its supporters (computers.view)', () => {
  let server: RunningServer | undefined;
  let dir: ReturnType<typeof tempDir>;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    dir?.cleanup();
  });

  async function company() {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    const parties = companyParties(() => server!.url, dir.path);
    const acme = await parties.company('Acme', 'ada@acme.test');
    const sam = await parties.user(acme.admin, 'sam@acme.test', ['computers.view']);
    const list = async (query = '', token = sam) => {
      const answer = await parties.call('GET', `${LIST}${query}`, undefined, token);
      return answer.status === 200
        ? { status: 200, ...(answer.body as { computers: Computer[]; total: number }) }
        : { status: answer.status, computers: [], total: 0, body: answer.body };
    };
    return { parties, acme, sam, list };
  }

  it('lists online computers first, then by name, with what each says about unattended access', async () => {
    const { parties, acme, list } = await company();
    const [first, second, third] = [
      await parties.device(acme.admin),
      await parties.device(acme.admin),
      await parties.device(acme.admin),
    ];
    // Nothing said yet: unknown, not "off".
    expect((await list()).computers.map((c) => c.unattended)).toEqual([null, null, null]);

    expect((await third.call('PUT', UNATTENDED, { unattended: true })).status).toBe(204);
    expect((await first.call('PUT', UNATTENDED, { unattended: false })).status).toBe(204);
    const online = await hubDevice(server!.url, third.deviceId, third.privateKey);
    const listed = await list();
    expect(listed.total).toBe(3);
    expect(listed.computers.map((c) => [c.deviceId, c.online, c.unattended])).toEqual([
      [third.deviceId, true, true],
      [first.deviceId, false, false],
      [second.deviceId, false, null],
    ]);
    expect(listed.computers[0]).toMatchObject({ name: `pc-${third.deviceId}`, platform: 'win32', managed: true });

    // It goes offline: the list says so, and where it was last seen.
    online.socket.close();
    await online.closed;
    await expect
      .poll(async () => (await list()).computers.find((c) => c.deviceId === third.deviceId)?.online)
      .toBe(false);
    expect((await list()).computers.find((c) => c.deviceId === third.deviceId)?.lastSeenAt).not.toBeNull();
  });

  it('searches by name, ID and policy, filters by online, and pages with the total', async () => {
    const { parties, acme, list } = await company();
    const devices = [];
    for (let i = 0; i < 5; i++) devices.push(await parties.device(acme.admin));
    const policy = await parties.call(
      'POST',
      '/api/v1/admin/policies',
      { name: 'Front Desk', settings: {} },
      acme.admin,
    );
    const policyId = policy.body!.id as string;
    for (const device of devices.slice(0, 2)) {
      const assigned = await parties.call(
        'PUT',
        `/api/v1/admin/devices/${device.deviceId}/policy`,
        { policyId },
        acme.admin,
      );
      expect(assigned.status).toBe(204);
    }
    const online = await hubDevice(server!.url, devices[4]!.deviceId, devices[4]!.privateKey);

    expect((await list('?search=front%20desk')).computers.map((c) => c.deviceId).sort()).toEqual(
      devices
        .slice(0, 2)
        .map((d) => d.deviceId)
        .sort(),
    );
    expect((await list(`?search=${devices[3]!.deviceId}`)).computers.map((c) => c.deviceId)).toEqual([
      devices[3]!.deviceId,
    ]);
    expect((await list(`?search=PC-${devices[1]!.deviceId}`)).computers.map((c) => c.policyName)).toEqual([
      'Front Desk',
    ]);
    expect((await list('?online=online')).computers.map((c) => c.deviceId)).toEqual([devices[4]!.deviceId]);
    expect((await list('?online=offline')).total).toBe(4);

    const page = await list('?limit=2&offset=2');
    expect(page.total).toBe(5);
    expect(page.computers).toHaveLength(2);
    const all = (await list()).computers.map((c) => c.deviceId);
    expect(page.computers.map((c) => c.deviceId)).toEqual(all.slice(2, 4));
    online.socket.close();
  });

  it('is refused without computers.view, and never shows another company’s computers', async () => {
    const { parties, acme, list } = await company();
    const ours = await parties.device(acme.admin);
    const globex = await parties.company('Globex', 'gil@globex.test');
    const theirs = await parties.device(globex.admin);
    const gus = await parties.user(globex.admin, 'gus@globex.test', ['computers.view']);
    const nobody = await parties.user(acme.admin, 'nina@acme.test', ['liveview.view']);

    expect((await list('', nobody)).status).toBe(403);
    expect((await list()).computers.map((c) => c.deviceId)).toEqual([ours.deviceId]);
    expect((await list('', gus)).computers.map((c) => c.deviceId)).toEqual([theirs.deviceId]);
    // Searching for the other company's computer by its ID finds nothing.
    expect((await list(`?search=${theirs.deviceId}`)).total).toBe(0);
    // The administrators hold the new permission (the migration gave it to the roles that manage users).
    expect((await list('', acme.admin)).status).toBe(200);
  });

  it('only a computer says whether it takes unattended access: the statement is signed by its key', async () => {
    const { parties, acme, list } = await company();
    const device = await parties.device(acme.admin);
    const other = await parties.device(acme.admin);
    // Signed with another device's key in the name of this one: refused, and nothing changes.
    const forged = await other.call('PUT', UNATTENDED, { unattended: true }, device.deviceId);
    expect(forged.status).toBe(401);
    // Unsigned, as anyone on the network could send it.
    const unsigned = await parties.call('PUT', UNATTENDED, { unattended: true });
    expect(unsigned.status).toBe(401);
    expect((await list()).computers.find((c) => c.deviceId === device.deviceId)?.unattended).toBeNull();
    // Anything but a yes or no is refused.
    expect((await device.call('PUT', UNATTENDED, { unattended: 'yes' })).status).toBe(400);
    expect((await device.call('PUT', UNATTENDED, { unattended: true, password: 'x' })).status).toBe(400);
  });
});
