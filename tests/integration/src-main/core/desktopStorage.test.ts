import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../../support/testServer';
import { bootCore } from '../../../../src-main/core/boot';
import { DESKTOP_DB_FILE, openDesktopDatabase } from '../../../../src-main/core/db/desktopDatabase';
import { desktopMigrations } from '../../../../src-main/core/db/migrations';
import { memoryLogger } from '../../../support/silentLogger';
import { tempDir } from '../../../support/tempDir';

const boot = (dataDir: string) =>
  bootCore({
    dataDir,
    runtime: 'browser',
    version: '0.0.0-test',
    log: memoryLogger().log,
    startEmbeddedCloud: (cloudDir) => startServer({ dataDir: cloudDir, logger: false }),
  });

describe('the main core’s storage', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => dir.cleanup()));
  const fresh = () => {
    const dir = tempDir();
    dirs.push(dir);
    return dir.path;
  };

  it('keeps its database in the data folder, in WAL mode, fully migrated', () => {
    const dataDir = fresh();
    const db = openDesktopDatabase(join(dataDir, DESKTOP_DB_FILE));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(desktopMigrations.length);
    db.close();
    expect(existsSync(join(dataDir, DESKTOP_DB_FILE))).toBe(true);
  });

  it('keeps the device ID and the settings across restarts; the one-time password is new each start', async () => {
    const dataDir = fresh();
    const first = await boot(dataDir);
    const firstIdentity = await first.core.dispatch('device.identity', {});
    await first.core.dispatch('settings.update', { language: 'de' });
    await first.shutdown();

    const second = await boot(dataDir);
    const secondIdentity = await second.core.dispatch('device.identity', {});
    expect(await second.core.dispatch('settings.get', {})).toMatchObject({ ok: true, value: { language: 'de' } });
    await second.shutdown();

    if (!firstIdentity.ok || !secondIdentity.ok) throw new Error('identity call failed');
    const [a, b] = [firstIdentity.value, secondIdentity.value] as { deviceId: string; oneTimePassword: string }[];
    expect(b!.deviceId).toBe(a!.deviceId);
    expect(b!.oneTimePassword).not.toBe(a!.oneTimePassword);
  });

  it('starts an embedded cloud endpoint on loopback when none is configured, and reaches it', async () => {
    const booted = await boot(fresh());
    expect(booted.cloudUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const status = await booted.core.dispatch('cloud.status', { refresh: true });
    expect(status).toMatchObject({ ok: true, value: { state: 'reachable', embedded: true } });
    await booted.shutdown();
  });

  it('reports a configured endpoint that is down as unreachable, with the reason', async () => {
    const booted = await bootCore({
      dataDir: fresh(),
      runtime: 'browser',
      version: '0.0.0-test',
      log: memoryLogger().log,
      cloudUrl: 'http://127.0.0.1:9',
      startEmbeddedCloud: () => Promise.reject(new Error('must not start an embedded endpoint')),
    });
    const status = await booted.core.dispatch('cloud.status', { refresh: true });
    expect(status).toMatchObject({ ok: true, value: { state: 'unreachable', embedded: false } });
    await booted.shutdown();
  });

  it('refuses a desktop database from a newer version with a clear message', () => {
    const dataDir = fresh();
    const file = join(dataDir, DESKTOP_DB_FILE);
    const db = new Database(file);
    db.pragma('user_version = 500');
    db.close();
    expect(() => openDesktopDatabase(file)).toThrow(/newer version of Tandem.*Update Tandem/);
  });
});
