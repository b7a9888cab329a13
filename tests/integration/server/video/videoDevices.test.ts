import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import { VideoDeviceStore } from '../../../../server/video/videoDeviceStore';
import {
  DEVICE_CODE_LOOKUPS_PER_MINUTE,
  deviceCodeSchema,
  type VideoDevice,
} from '../../../../src-shared/video/contract';
import { companyParties } from '../../../support/companyParties';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';

const DEVICES = '/api/v1/video/devices';
const JOIN = '/api/v1/video/join';

describe('video sessions: devices with codes, and code users joining with one (VS-1)', () => {
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
    const acme = await parties.company('Acme Service', 'ada@acme.test');
    const manager = await parties.user(acme.admin, 'max@acme.test', ['video.manage']);
    const create = async (body: Record<string, unknown>, token = manager) => parties.call('POST', DEVICES, body, token);
    /** What the code user's token stands for, as the endpoint will check it on their requests. */
    const tokenFor = (token: string) =>
      new VideoDeviceStore(server!.data, server!.secrets, Buffer.alloc(32)).codeUser(token);
    return { parties, acme, manager, create, tokenFor };
  }

  it('an employee creates a device with a code; a code user joins with it however they type it, and gets a token for that device', async () => {
    const { parties, create, manager, tokenFor } = await company();
    const created = await create({ name: 'Press 4, Hall B', customer: 'Müller GmbH', notes: 'Hydraulics' });
    expect(created.status).toBe(201);
    const device = created.body as unknown as VideoDevice;
    expect(device).toMatchObject({
      name: 'Press 4, Hall B',
      customer: 'Müller GmbH',
      notes: 'Hydraulics',
      disabled: false,
    });
    expect(deviceCodeSchema.parse(device.code)).toBe(device.code);
    expect((await parties.call('GET', DEVICES, undefined, manager)).body).toEqual({ devices: [device] });

    // Read from a label: lower case, spaces instead of dashes, O for 0 and l for 1.
    const typed = device.code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    const joined = await parties.call('POST', JOIN, { code: typed });
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ device: { id: device.id, name: 'Press 4, Hall B', company: 'Acme Service' } });
    expect(await tokenFor(joined.body!.token as string)).toMatchObject({ deviceId: device.id });
  });

  it('disabling a device or replacing its code lets nobody in with the old one and revokes its code users', async () => {
    const { parties, create, manager, tokenFor } = await company();
    const device = (await create({ name: 'Site 7' })).body as unknown as VideoDevice;
    const first = (await parties.call('POST', JOIN, { code: device.code })).body!.token as string;

    const disabled = await parties.call('PUT', `${DEVICES}/${device.id}`, { name: 'Site 7', disabled: true }, manager);
    expect(disabled.body).toMatchObject({ disabled: true, code: device.code });
    expect(await tokenFor(first)).toBeNull();
    expect(await parties.call('POST', JOIN, { code: device.code })).toMatchObject({
      status: 404,
      body: { error: { code: 'video_code_unknown' } },
    });

    await parties.call('PUT', `${DEVICES}/${device.id}`, { name: 'Site 7', disabled: false }, manager);
    const second = (await parties.call('POST', JOIN, { code: device.code })).body!.token as string;
    const replaced = (await parties.call('POST', `${DEVICES}/${device.id}/code`, undefined, manager))
      .body as unknown as VideoDevice;
    expect(replaced.code).not.toBe(device.code);
    expect(await tokenFor(second)).toBeNull();
    expect((await parties.call('POST', JOIN, { code: device.code })).status).toBe(404);
    expect((await parties.call('POST', JOIN, { code: replaced.code })).status).toBe(200);
  });

  it('keeps the codes out of the database in the clear', async () => {
    const { create } = await company();
    const device = (await create({ name: 'Pump' })).body as unknown as VideoDevice;
    const rows = await server!.data.query.selectFrom('video_devices').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(device.code);
    expect(JSON.stringify(rows)).not.toContain(device.code.replace(/-/g, ''));
  });

  it('counts every code a source tries: past the limit it waits, whatever the code', async () => {
    const { parties, create } = await company();
    const device = (await create({ name: 'Kiosk' })).body as unknown as VideoDevice;
    const wrong = device.code.startsWith('0') ? 'ZZZZ-ZZZZ-ZZZZ' : '0000-0000-0000';
    for (let i = 0; i < DEVICE_CODE_LOOKUPS_PER_MINUTE; i++) {
      expect((await parties.call('POST', JOIN, { code: wrong })).status).toBe(404);
    }
    const limited = await parties.call('POST', JOIN, { code: device.code });
    expect(limited.status).toBe(429);
    expect((limited.body!.error as { code: string }).code).toBe('rate_limited');
    expect(limited.body!.retryAfterMs).toBeGreaterThan(0);
  });

  it('refuses malformed codes and device fields with what is wrong', async () => {
    const { parties, create } = await company();
    for (const code of ['', 'ABCD-EFGH', 'ABCD-EFGH-JKMU', 'x'.repeat(41), 123]) {
      expect((await parties.call('POST', JOIN, { code })).status, JSON.stringify(code)).toBe(400);
    }
    expect((await create({ name: '' })).status).toBe(400);
    expect((await create({ name: 'x'.repeat(121) })).status).toBe(400);
    expect((await create({ name: 'Pump', code: 'AAAA-AAAA-AAAA' })).status).toBe(400);
  });

  it('is refused without video.manage, and one company never reads or changes another’s devices', async () => {
    const { parties, acme, create, manager } = await company();
    const ours = (await create({ name: 'Ours' })).body as unknown as VideoDevice;
    const viewer = await parties.user(acme.admin, 'vic@acme.test', ['video.view', 'video.conduct']);
    expect((await create({ name: 'Not allowed' }, viewer)).status).toBe(403);
    expect((await parties.call('GET', DEVICES, undefined, viewer)).status).toBe(403);

    const globex = await parties.company('Globex', 'gil@globex.test');
    const theirs = await parties.user(globex.admin, 'gus@globex.test', ['video.manage']);
    expect((await parties.call('GET', DEVICES, undefined, theirs)).body).toEqual({ devices: [] });
    expect((await parties.call('PUT', `${DEVICES}/${ours.id}`, { name: 'Taken', disabled: true }, theirs)).status).toBe(
      404,
    );
    expect((await parties.call('POST', `${DEVICES}/${ours.id}/code`, undefined, theirs)).status).toBe(404);
    expect((await parties.call('GET', DEVICES, undefined, manager)).body).toEqual({ devices: [ours] });
    // The administrators hold the new permissions (the migration gave them to the roles that manage users).
    expect((await parties.call('GET', DEVICES, undefined, acme.admin)).status).toBe(200);
  });
});
