import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../../server/app';
import { startServer } from '../../../../support/testServer';
import { EndpointClient } from '../../../../../src-main/core/cloud/endpointClient';
import { stayRegistered } from '../../../../../src-main/core/cloud/registrationLoop';
import { DESKTOP_DB_FILE, openDesktopDatabase } from '../../../../../src-main/core/db/desktopDatabase';
import { DeviceIdentityService } from '../../../../../src-main/core/device/deviceIdentity';
import { DeviceKeys } from '../../../../../src-main/core/device/deviceKeys';
import type { CoreModuleHooks } from '../../../../../src-main/core/ipc/coreModule';
import { noProtection } from '../../../../../src-main/core/security/secretProtector';
import { memoryLogger } from '../../../../support/silentLogger';
import { tempDir } from '../../../../support/tempDir';

describe('staying registered: the modules take their part once the endpoint knows this device', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  const cleanups: (() => unknown)[] = [];
  let server: RunningServer;
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    for (const dir of dirs.splice(0)) dir.cleanup();
  });

  const setUp = async () => {
    const dir = tempDir();
    dirs.push(dir);
    server = await startServer({ dataDir: join(dir.path, 'server'), logger: false });
    cleanups.push(() => server.close());
    const db = openDesktopDatabase(join(dir.path, DESKTOP_DB_FILE));
    cleanups.push(() => db.close());
    const identity = new DeviceIdentityService(
      db,
      () => new Date(),
      () => 8,
    );
    const keys = new DeviceKeys(db, noProtection);
    const registered = async () =>
      (await server.data.query
        .selectFrom('devices')
        .select('device_id')
        .where('device_id', '=', identity.deviceId)
        .executeTakeFirst()) !== undefined;
    const start = (modules: CoreModuleHooks[]) => {
      const device = {
        get id() {
          return identity.deviceId;
        },
        sign: (payload: string) => keys.sign(payload),
      };
      const cloud = new EndpointClient(server.url, false, { device, userToken: () => null });
      const loop = stayRegistered({ cloud, identity, keys, modules, log: memoryLogger().log });
      cleanups.push(() => loop.stop());
      return loop;
    };
    return { registered, start };
  };

  it('runs each module’s part in the order listed, after the device is registered', async () => {
    const { registered, start } = await setUp();
    const seen: string[] = [];
    const part = (name: string) => async () => {
      seen.push(`${name}:${(await registered()) ? 'registered' : 'unknown'}`);
    };
    await start([{ registered: part('managed') }, {}, { registered: part('cloud') }, { registered: part('consent') }])
      .done;
    expect(seen).toEqual(['managed:registered', 'cloud:registered', 'consent:registered']);
  });

  it('a part that fails makes it retry from the start, and every module hears why', async () => {
    const { start } = await setUp();
    const seen: string[] = [];
    let attempts = 0;
    const unreachable = new Error('the endpoint went away');
    await start([
      {
        registered: () => {
          attempts += 1;
          seen.push(`enrol ${attempts}`);
          if (attempts === 1) throw unreachable;
        },
        registrationFailed: (error) => seen.push(`managed heard: ${(error as Error).message}`),
      },
      {
        registered: () => void seen.push('signaling online'),
        registrationFailed: (error) => seen.push(`cloud heard: ${(error as Error).message}`),
      },
    ]).done;
    expect(seen).toEqual([
      'enrol 1',
      'managed heard: the endpoint went away',
      'cloud heard: the endpoint went away',
      'enrol 2',
      'signaling online',
    ]);
  });

  it('once stopped (the core closed), no further module starts', async () => {
    const { start } = await setUp();
    const seen: string[] = [];
    const loop = start([
      {
        registered: () => {
          seen.push('enrolled');
          loop.stop();
        },
      },
      { registered: () => void seen.push('signaling online') },
    ]);
    await loop.done;
    expect(seen).toEqual(['enrolled']);
  });
});
