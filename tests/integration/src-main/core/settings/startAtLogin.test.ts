import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../../server/app';
import { bootCore, type BootedCore } from '../../../../../src-main/core/boot';
import { startAtLogin } from '../../../../../src-main/core/settings/startAtLogin';
import { managedConfigSchema, type ManagedConfig } from '../../../../../src-shared/domain/managedConfig';
import type { Channel, EventPayload, Request, Response } from '../../../../../src-shared/ipc/contract';
import { TandemError } from '../../../../../src-shared/errors';
import { recordingInjector } from '../../../../support/corePair';
import { memoryLogger } from '../../../../support/silentLogger';
import { startServer } from '../../../../support/testServer';
import { tempDir } from '../../../../support/tempDir';

describe('Tandem starting with the computer (RS-1): on while unattended access is set, the user’s choice, IT’s lock', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  let server: RunningServer | undefined;
  const cores: BootedCore[] = [];
  afterEach(async () => {
    for (const booted of cores.splice(0)) await booted.shutdown();
    await server?.close();
    server = undefined;
    for (const dir of dirs.splice(0)) dir.cleanup();
  });
  const dir = () => {
    const made = tempDir();
    dirs.push(made);
    return made.path;
  };

  /** The desktop app's core (runtime `electron`) on a real endpoint, with IT's configuration. */
  async function desktop(managed: Partial<ManagedConfig> = {}) {
    server ??= await startServer({ dataDir: dir(), logger: false });
    const booted = await bootCore({
      dataDir: dir(),
      runtime: 'electron',
      version: '0.0.0-test',
      log: memoryLogger().log,
      cloudUrl: server.url,
      injector: recordingInjector(),
      managed: managedConfigSchema.parse(managed),
      startEmbeddedCloud: () => Promise.reject(new Error('not embedded')),
    });
    cores.push(booted);
    const told: EventPayload<'settings.startAtLogin'>[] = [];
    booted.core.events.subscribe((event, payload) => {
      if (event === 'settings.startAtLogin') told.push(payload as EventPayload<'settings.startAtLogin'>);
    });
    const invoke = async <C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> => {
      const result = await booted.core.dispatch(channel, request);
      if (!result.ok) throw TandemError.fromShape(result.error);
      return result.value as Response<C>;
    };
    return { invoke, told, current: () => invoke('settings.startAtLogin', {}) };
  }

  it('follows unattended access until the user chooses, and tells the shell each change', async () => {
    const pc = await desktop();
    expect(await pc.current()).toEqual({ supported: false, on: false, lockedByIt: false });

    await pc.invoke('device.setPermanentPassword', { password: 'a long permanent password' });
    expect((await pc.current()).on).toBe(true);
    expect(pc.told.at(-1)).toMatchObject({ on: true });

    // The user switches it off: removing and setting the password again no longer turns it on.
    await pc.invoke('settings.update', { startAtLogin: false });
    expect(pc.told.at(-1)).toMatchObject({ on: false });
    await pc.invoke('device.setPermanentPassword', { password: null });
    await pc.invoke('device.setPermanentPassword', { password: 'another long password' });
    expect((await pc.current()).on).toBe(false);

    await pc.invoke('settings.update', { startAtLogin: true });
    expect(await pc.current()).toMatchObject({ on: true, lockedByIt: false });
    expect(pc.told.at(-1)).toMatchObject({ on: true });
    // Back to the default: on, as unattended access is set.
    await pc.invoke('settings.update', { startAtLogin: null });
    expect((await pc.current()).on).toBe(true);
  });

  it('takes IT’s enforced value, which the user cannot change, and IT’s default, which they can', async () => {
    const locked = await desktop({ startAtLogin: true, enforced: ['startAtLogin'] });
    expect(await locked.current()).toMatchObject({ on: true, lockedByIt: true });
    await expect(locked.invoke('settings.update', { startAtLogin: false })).rejects.toMatchObject({
      code: 'invalid_request',
      message: 'Your IT department set whether Tandem starts with the computer.',
    });
    expect((await locked.current()).on).toBe(true);

    const byDefault = await desktop({ startAtLogin: false });
    await byDefault.invoke('device.setPermanentPassword', { password: 'a long permanent password' });
    expect(await byDefault.current()).toMatchObject({ on: false, lockedByIt: false });
    await byDefault.invoke('settings.update', { startAtLogin: true });
    expect((await byDefault.current()).on).toBe(true);
  });

  it('refuses a value that is not yes, no or the default, and changes nothing', async () => {
    const pc = await desktop();
    for (const bad of ['yes', 1, {}, []])
      await expect(pc.invoke('settings.update', { startAtLogin: bad as never })).rejects.toMatchObject({
        code: 'invalid_request',
      });
    expect((await pc.invoke('settings.get', {})).startAtLogin).toBeNull();
  });

  it('is offered only by the desktop app on Windows and macOS', () => {
    const services = {
      settings: { get: () => ({ startAtLogin: null }) },
      managed: managedConfigSchema.parse({}),
      credentials: { hasPermanentPassword: true },
    } as unknown as Parameters<typeof startAtLogin>[0];
    expect(startAtLogin({ ...services, runtime: 'electron', platform: 'win32' }).supported).toBe(true);
    expect(startAtLogin({ ...services, runtime: 'electron', platform: 'darwin' }).supported).toBe(true);
    expect(startAtLogin({ ...services, runtime: 'electron', platform: 'linux' }).supported).toBe(false);
    expect(startAtLogin({ ...services, runtime: 'browser', platform: 'win32' }).supported).toBe(false);
  });
});
