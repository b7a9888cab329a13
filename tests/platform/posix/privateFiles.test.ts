import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../../server/app';
import { bootCore, type BootedCore } from '../../../src-main/core/boot';
import { DESKTOP_DB_FILE, openDesktopDatabase } from '../../../src-main/core/db/desktopDatabase';
import { summarizeBuiltin, type SummaryInput } from '../../../src-main/core/insights/builtinSummarizer';
import { SummaryExporter } from '../../../src-main/core/insights/export/summaryExporter';
import { inlineReader } from '../../../src-main/core/insights/summaryReader';
import { SummaryCache } from '../../../src-main/core/insights/summaryCache';
import type { ExportProgress } from '../../../src-shared/domain/summaryExport';
import { memoryLogger } from '../../support/silentLogger';
import { tempDir } from '../../support/tempDir';

const mode = (path: string) => statSync(path).mode & 0o777;

/** What another local user could do with a path: any group or other bit is a leak. */
const modes = (root: string, paths: string[]) =>
  Object.fromEntries(paths.map((path) => [path, mode(join(root, path))]));

describe('the desktop data folder is the running user’s alone (POSIX modes)', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  const cores: BootedCore[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.shutdown();
    dirs.splice(0).forEach((dir) => dir.cleanup());
  });
  /** A data folder that does not exist yet, under a parent the test owns. */
  const dataDir = () => {
    const dir = tempDir();
    dirs.push(dir);
    return join(dir.path, 'tandem-data');
  };
  const boot = async (dir: string) => {
    const booted = await bootCore({
      dataDir: dir,
      runtime: 'browser',
      version: '0.0.0-test',
      log: memoryLogger().log,
      startEmbeddedCloud: (cloudDir) => startServer({ dataDir: cloudDir, logger: false }),
    });
    cores.push(booted);
    return booted;
  };

  it('a first start creates the folder 0700 and the database with its -wal and -shm 0600', async () => {
    const dir = dataDir();
    await boot(dir);
    const db = DESKTOP_DB_FILE;
    expect(modes(dir, ['.', db, `${db}-wal`, `${db}-shm`])).toEqual({
      '.': 0o700,
      [db]: 0o600,
      [`${db}-wal`]: 0o600,
      [`${db}-shm`]: 0o600,
    });
  });

  it('a start tightens a folder and files an older version left 0755 and 0644', async () => {
    const dir = dataDir();
    const booted = await boot(dir);
    await booted.shutdown();
    cores.splice(0);
    const db = DESKTOP_DB_FILE;
    mkdirSync(join(dir, 'notes'), { mode: 0o755 });
    writeFileSync(join(dir, 'notes', 'key.pem'), 'not really a key', { mode: 0o644 });
    closeSync(openSync(join(dir, `${db}-wal`), 'a'));
    for (const path of ['.', 'notes', 'cloud']) chmodSync(join(dir, path), 0o755);
    for (const path of [db, `${db}-wal`, 'notes/key.pem']) chmodSync(join(dir, path), 0o644);

    await boot(dir);
    expect(modes(dir, ['.', 'notes', 'cloud', db, `${db}-wal`, `${db}-shm`, 'notes/key.pem'])).toEqual({
      '.': 0o700,
      notes: 0o700,
      cloud: 0o700,
      [db]: 0o600,
      [`${db}-wal`]: 0o600,
      [`${db}-shm`]: 0o600,
      'notes/key.pem': 0o600,
    });
  });

  it('an export waiting to be saved is owner-only, in an owner-only folder', async () => {
    const dir = dataDir();
    const db = openDesktopDatabase(join(dir, DESKTOP_DB_FILE));
    const cache = new SummaryCache(db);
    const fixture = JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput;
    const summary = cache.add('request-1', 'acme', summarizeBuiltin(fixture, 'en'));
    const progress: ExportProgress[] = [];
    const exporter = new SummaryExporter({
      reader: inlineReader(cache),
      dir: join(dir, 'exports'),
      regenerate: () => null,
      progress: (update) => progress.push(update),
      log: memoryLogger().log,
    });
    const exportId = exporter.start({ ids: [summary.id], format: 'csv', language: 'en' });
    await expect.poll(() => progress.find((p) => p.exportId === exportId && p.state !== 'running')?.state).toBe('done');
    expect(modes(dir, ['exports', `exports/${exportId}.csv`])).toEqual({
      exports: 0o700,
      [`exports/${exportId}.csv`]: 0o600,
    });
    exporter.close();
    db.close();
  });
});
