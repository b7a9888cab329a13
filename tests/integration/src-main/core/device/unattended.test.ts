import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../../server/app';
import { bootCore, type BootedCore } from '../../../../../src-main/core/boot';
import type { Computer } from '../../../../../src-shared/computers/contract';
import { managedConfigSchema } from '../../../../../src-shared/domain/managedConfig';
import type { Channel, Request, Response } from '../../../../../src-shared/ipc/contract';
import { TandemError } from '../../../../../src-shared/errors';
import { apiCaller } from '../../../../support/apiCall';
import { recordingInjector } from '../../../../support/corePair';
import { setupTokenOf } from '../../../../support/setupToken';
import { memoryLogger } from '../../../../support/silentLogger';
import { startServer } from '../../../../support/testServer';
import { tempDir } from '../../../../support/tempDir';

describe('a computer tells its company whether it takes unattended access (the Computers list)', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  let server: RunningServer | undefined;
  let booted: BootedCore | undefined;
  afterEach(async () => {
    await booted?.shutdown();
    await server?.close();
    for (const dir of dirs.splice(0)) dir.cleanup();
  });
  const dir = () => {
    const made = tempDir();
    dirs.push(made);
    return made.path;
  };

  it('says "off" once registered, "on" when a permanent password is set, and "off" again when it is removed; never the password', async () => {
    server = await startServer({ dataDir: dir(), logger: false });
    const call = apiCaller(() => server!.url);
    await call('POST', '/api/v1/setup', {
      company: 'Acme',
      name: 'Ada Admin',
      email: 'ada@acme.test',
      password: 'correct horse battery',
      setupToken: setupTokenOf(server),
    });
    const admin = (
      await call('POST', '/api/v1/auth/sign-in', { email: 'ada@acme.test', password: 'correct horse battery' })
    ).body!.token as string;
    const { token } = (await call('POST', '/api/v1/admin/enrollment-tokens', { name: 'Office' }, admin)).body as {
      token: string;
    };
    const { log } = memoryLogger();
    booted = await bootCore({
      dataDir: dir(),
      runtime: 'browser',
      version: '0.0.0-test',
      log,
      cloudUrl: server.url,
      injector: recordingInjector(),
      managed: managedConfigSchema.parse({ enrollmentToken: token }),
      startEmbeddedCloud: () => Promise.reject(new Error('not embedded')),
    });
    const invoke = async <C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> => {
      const result = await booted!.core.dispatch(channel, request);
      if (!result.ok) throw TandemError.fromShape(result.error);
      return result.value as Response<C>;
    };
    const { deviceId } = await invoke('device.identity', {});
    const unattended = async () => {
      const listed = await call('GET', '/api/v1/computers', undefined, admin);
      return (listed.body!.computers as Computer[]).find((computer) => computer.deviceId === deviceId)?.unattended;
    };

    await expect.poll(unattended, { timeout: 10_000 }).toBe(false);
    await invoke('device.setPermanentPassword', { password: 'a permanent secret' });
    await expect.poll(unattended, { timeout: 10_000 }).toBe(true);
    await invoke('device.setPermanentPassword', { password: null });
    await expect.poll(unattended, { timeout: 10_000 }).toBe(false);

    // Nothing of the password reached the endpoint's database.
    const rows = await server.data.query.selectFrom('devices').selectAll().where('device_id', '=', deviceId).execute();
    expect(JSON.stringify(rows)).not.toContain('a permanent secret');
  });
});
