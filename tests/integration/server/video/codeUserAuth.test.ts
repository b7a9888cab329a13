import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { videoParties } from '../../../support/videoParties';

const ME = '/api/v1/video/me';

describe('video code users: their own kind of caller, checked on every request (VS-1)', () => {
  let server: RunningServer | undefined;
  let dir: ReturnType<typeof tempDir>;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    dir?.cleanup();
  });

  async function start() {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    const parties = videoParties(() => server!.url, dir.path);
    const acme = await parties.company('Acme Service', 'acme.test');
    return { parties, acme };
  }

  it('a code user reads the device their token stands for, and nothing without a token', async () => {
    const { parties, acme } = await start();
    const press = await parties.device(acme.manager, 'Press 4');
    await parties.device(acme.manager, 'Pump 2');
    const token = await parties.codeUser(press.code);

    expect(await parties.call('GET', ME, undefined, token)).toEqual({
      status: 200,
      body: { device: { id: press.id, name: 'Press 4', company: 'Acme Service' } },
    });
    for (const wrong of [undefined, 'not-a-token', `${token}x`]) {
      expect(await parties.call('GET', ME, undefined, wrong)).toMatchObject({
        status: 401,
        body: { error: { code: 'unauthorized' } },
      });
    }
  });

  it('disabling the device or replacing its code ends its code users’ access with a code that says so', async () => {
    const { parties, acme } = await start();
    const device = await parties.device(acme.manager, 'Site 7');
    const beforeDisable = await parties.codeUser(device.code);
    const revoked = { status: 401, body: { error: { code: 'video_code_user_revoked' } } };

    const put = (disabled: boolean) =>
      parties.call('PUT', `/api/v1/video/devices/${device.id}`, { name: 'Site 7', disabled }, acme.manager);
    expect((await put(true)).status).toBe(200);
    expect(await parties.call('GET', ME, undefined, beforeDisable)).toMatchObject(revoked);
    expect(await parties.call('GET', '/api/v1/video/me/tickets', undefined, beforeDisable)).toMatchObject(revoked);

    // Enabling the device again lets the code in again, but the old token stays revoked.
    expect((await put(false)).status).toBe(200);
    expect(await parties.call('GET', ME, undefined, beforeDisable)).toMatchObject(revoked);
    const beforeNewCode = await parties.codeUser(device.code);
    expect((await parties.call('GET', ME, undefined, beforeNewCode)).status).toBe(200);

    const replaced = await parties.call('POST', `/api/v1/video/devices/${device.id}/code`, undefined, acme.manager);
    expect(await parties.call('GET', ME, undefined, beforeNewCode)).toMatchObject(revoked);
    const afterNewCode = await parties.codeUser(replaced.body!.code as string);
    expect((await parties.call('GET', ME, undefined, afterNewCode)).status).toBe(200);
  });

  it('a code user’s token is never taken where a user’s is expected, nor a user’s session or API token as a code user’s', async () => {
    const { parties, acme } = await start();
    const device = await parties.device(acme.manager, 'Kiosk');
    const codeUser = await parties.codeUser(device.code);
    const apiToken = await parties.call(
      'POST',
      '/api/v1/admin/api-tokens',
      { name: 'ITSM', permissions: ['video.view', 'video.conduct'] },
      acme.admin,
    );
    expect(apiToken.status).toBe(201);

    // The user routes of video, and one that any signed-in user may call.
    for (const path of ['/api/v1/video/devices', '/api/v1/video/tickets', '/api/v1/me']) {
      expect(await parties.call('GET', path, undefined, codeUser), path).toMatchObject({
        status: 401,
        body: { error: { code: 'unauthorized' } },
      });
    }
    for (const token of [acme.admin, acme.manager, apiToken.body!.token as string]) {
      for (const path of [ME, '/api/v1/video/me/tickets']) {
        expect(await parties.call('GET', path, undefined, token), path).toMatchObject({
          status: 401,
          body: { error: { code: 'unauthorized' } },
        });
      }
    }
    // Each still works where it belongs.
    expect((await parties.call('GET', '/api/v1/video/tickets', undefined, apiToken.body!.token as string)).status).toBe(
      200,
    );
    expect((await parties.call('GET', ME, undefined, codeUser)).status).toBe(200);
  });
});
