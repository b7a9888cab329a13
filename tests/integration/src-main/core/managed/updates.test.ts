import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../../server/app';
import { startServer } from '../../../../support/testServer';
import { bootCore, type BootedCore } from '../../../../../src-main/core/boot';
import type { Updater } from '../../../../../src-main/core/updates/updater';
import { managedConfigSchema, type ManagedConfig } from '../../../../../src-shared/domain/managedConfig';
import type { UpdateStatus } from '../../../../../src-shared/domain/updates';
import { recordingInjector } from '../../../../support/corePair';
import { memoryLogger } from '../../../../support/silentLogger';
import { tempDir } from '../../../../support/tempDir';

/** Stands in for electron-updater at the Electron boundary. */
function standInUpdater() {
  const listeners: (() => void)[] = [];
  let state: ReturnType<Updater['status']> = { state: 'idle', version: null, releaseNotes: null, message: null };
  const updater = {
    installs: 0,
    status: () => state,
    install: () => void updater.installs++,
    onChange: (listener: () => void) => void listeners.push(listener),
    downloaded(version: string, releaseNotes: string) {
      state = { state: 'ready', version, releaseNotes, message: null };
      for (const listener of listeners) listener();
    },
  };
  return updater;
}

describe('updates in the app (DP-3): IT’s channel and postponing, the window told what changed', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  const cores: BootedCore[] = [];
  let server: RunningServer;
  afterEach(async () => {
    for (const booted of cores.splice(0)) await booted.shutdown();
    await server?.close();
    for (const dir of dirs.splice(0)) dir.cleanup();
  });

  const boot = async (managed: ManagedConfig, updater?: Updater) => {
    const dir = tempDir();
    dirs.push(dir);
    const booted = await bootCore({
      dataDir: dir.path,
      runtime: updater ? 'electron' : 'browser',
      version: '0.1.0',
      log: memoryLogger().log,
      cloudUrl: server.url,
      injector: recordingInjector(),
      managed,
      ...(updater ? { updater } : {}),
      startEmbeddedCloud: () => Promise.reject(new Error('not embedded')),
    });
    cores.push(booted);
    const call = async (channel: 'update.status' | 'update.install') => {
      const result = await booted.core.dispatch(channel, {});
      if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
      return result.value as UpdateStatus;
    };
    return { booted, call };
  };

  it('reports the channel and whether the user may postpone, and installs only a ready update', async () => {
    const root = tempDir();
    dirs.push(root);
    server = await startServer({ dataDir: root.path, logger: false });

    const browser = await boot(managedConfigSchema.parse({}));
    expect(await browser.call('update.status')).toMatchObject({
      state: 'unsupported',
      channel: 'stable',
      canPostpone: true,
    });

    const updater = standInUpdater();
    const desktop = await boot(
      managedConfigSchema.parse({
        updateChannel: 'beta',
        allowUpdatePostpone: false,
        enforced: ['allowUpdatePostpone'],
      }),
      updater,
    );
    expect(await desktop.call('update.status')).toEqual({
      state: 'idle',
      channel: 'beta',
      version: null,
      releaseNotes: null,
      canPostpone: false,
      message: null,
    });
    await expect(desktop.call('update.install')).rejects.toMatchObject({ code: 'invalid_request' });
    expect(updater.installs).toBe(0);

    const told = new Promise<unknown>((resolve) =>
      desktop.booted.core.events.subscribe((name, payload) => name === 'update.changed' && resolve(payload)),
    );
    updater.downloaded('0.2.0', 'Faster exports.');
    expect(await told).toMatchObject({
      state: 'ready',
      version: '0.2.0',
      releaseNotes: 'Faster exports.',
      canPostpone: false,
    });
    await desktop.call('update.install');
    expect(updater.installs).toBe(1);
  });
});
