import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DESKTOP_DB_FILE,
  openDesktopDatabase,
  type DesktopDatabase,
} from '../../../../../src-main/core/db/desktopDatabase';
import { summarizeBuiltin, type SummaryInput } from '../../../../../src-main/core/insights/builtinSummarizer';
import { SummaryCache, ftsQuery } from '../../../../../src-main/core/insights/summaryCache';
import { tempDir } from '../../../../support/tempDir';

const fixture = (name: string) =>
  JSON.parse(readFileSync(`tests/fixtures/sessions/${name}.json`, 'utf8')) as SummaryInput & { language: 'en' | 'de' };

describe('the desktop summary cache', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: DesktopDatabase;
  let cache: SummaryCache;
  beforeEach(() => {
    dir = tempDir();
    db = openDesktopDatabase(join(dir.path, DESKTOP_DB_FILE));
    cache = new SummaryCache(db);
  });
  afterEach(() => {
    db.close();
    dir.cleanup();
  });

  function addAll() {
    const names = ['printer-en', 'outlook-en', 'vpn-de', 'password-de', 'slow-pc-en'];
    names.forEach((name, index) => {
      const f = fixture(name);
      cache.add(
        `request-${name}`,
        'acme',
        summarizeBuiltin(f, f.language),
        new Date(Date.UTC(2026, 10, 20, 10, index)),
      );
    });
  }

  it('lists newest first, pages, and queues every new summary for sync', () => {
    addAll();
    const page = cache.list({ limit: 2, offset: 0 });
    expect(page.total).toBe(5);
    expect(page.items.map((item) => item.requestId)).toEqual(['request-slow-pc-en', 'request-password-de']);
    expect(page.items.every((item) => item.pending)).toBe(true);
    expect(cache.outbox().map((entry) => entry.op)).toEqual(['upsert', 'upsert', 'upsert', 'upsert', 'upsert']);
  });

  it('finds summaries by words from their title, text, applications and issue types, in either language', () => {
    addAll();
    const find = (query: string) => cache.list({ query, limit: 10, offset: 0 }).items.map((item) => item.requestId);
    expect(find('anyconnect')).toEqual(['request-vpn-de']);
    expect(find('vpn')).toEqual(['request-vpn-de']);
    expect(find('outl')).toEqual(['request-outlook-en']);
    expect(find('printing control')).toEqual(['request-printer-en']);
    expect(find('Übersicht nirgends')).toEqual([]);
    expect(find('"; DROP TABLE summaries; --')).toEqual([]);
    expect(ftsQuery('  ')).toBeNull();
  });

  it('survives being killed mid-write: every summary it kept is whole, searchable and queued', async () => {
    db.close();
    const file = join(dir.path, DESKTOP_DB_FILE);
    for (let round = 0; round < 4; round++) {
      const writer = spawn(process.execPath, ['--import', 'tsx', 'tests/support/cacheWriter.ts', file], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => writer.stdout!.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 150 + round * 70));
      writer.kill('SIGKILL');
      await new Promise((resolve) => writer.once('exit', resolve));
    }
    const check = new Database(file);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    const summaries = (check.prepare('SELECT count(*) AS n FROM summaries').get() as { n: number }).n;
    expect(summaries).toBeGreaterThan(0);
    expect((check.prepare('SELECT count(*) AS n FROM summaries_fts').get() as { n: number }).n).toBe(summaries);
    expect((check.prepare('SELECT count(DISTINCT summary_id) AS n FROM outbox').get() as { n: number }).n).toBe(
      summaries,
    );
    check.close();
    db = openDesktopDatabase(file);
    cache = new SummaryCache(db);
    expect(cache.list({ query: 'printing', limit: 1, offset: 0 }).total).toBe(summaries);
  });
});
