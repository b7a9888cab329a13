import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DESKTOP_DB_FILE,
  openDesktopDatabase,
  type DesktopDatabase,
} from '../../../../../src-main/core/db/desktopDatabase';
import { summarizeBuiltin } from '../../../../../src-main/core/insights/builtinSummarizer';
import { SummaryCache, ftsQuery } from '../../../../../src-main/core/insights/summaryCache';
import { SEARCH_COUNT_BOUND } from '../../../../../src-main/core/insights/summaryReads';
import { desktopMigrations } from '../../../../../src-main/core/db/migrations';
import { migrate } from '../../../../../src-shared/sqlite/migrate';
import { addFixtureSummary, sessionFixture } from '../../../../support/sessionFixtures';
import { tempDir } from '../../../../support/tempDir';

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
    names.forEach((name, index) => addFixtureSummary(cache, name, index));
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

  it('filters and counts exactly as an independent model does, for any combination (seeded)', () => {
    const base = summarizeBuiltin(sessionFixture('printer-en'), 'en');
    const issues = ['printing', 'network_vpn', 'email', 'performance', 'other'] as const;
    const apps = ['Outlook', 'Excel', 'AnyConnect', 'Teams', 'Word'];
    const people = ['Ada', 'Grace', 'Linus'];
    const devices = ['111222333', '444555666', '777888999'];
    let state = 42;
    const rand = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    const some = <T>(items: readonly T[]) => items.filter(() => rand(3) === 0);
    const model: { id: string; createdAt: string; fields: typeof base }[] = [];
    for (let i = 0; i < 300; i++) {
      const chosenIssues = some(issues);
      const fields = {
        ...base,
        title: `Case ${i} ${rand(2) === 0 ? 'paper jam' : 'slow start'}`,
        issueTypes: (chosenIssues.length ? chosenIssues : ['other' as const]).map((type) => ({
          type,
          confidence: 0.5,
        })),
        applications: some(apps),
        participants: [{ role: 'supporter' as const, name: people[rand(3)]! }],
        device: { id: devices[rand(3)]!, os: 'windows' as const },
      };
      const at = new Date(Date.UTC(2026, 9, 1) + rand(60 * 24) * 3_600_000);
      const added = cache.add(`request-${i}`, 'acme', fields, at);
      model.push({ id: added.id, createdAt: at.toISOString(), fields });
    }
    for (const gone of model.splice(0, 20)) cache.remove(gone.id);

    for (let round = 0; round < 60; round++) {
      const filter = {
        ...(rand(3) === 0 ? { query: rand(2) === 0 ? 'paper' : 'slow st' } : {}),
        ...(rand(2) === 0 ? { issueTypes: some(issues) } : {}),
        ...(rand(2) === 0 ? { applications: some(apps) } : {}),
        ...(rand(3) === 0 ? { supporters: some(people) } : {}),
        ...(rand(3) === 0 ? { devices: some(devices) } : {}),
        ...(rand(2) === 0 ? { from: new Date(Date.UTC(2026, 9, 1 + rand(30))).toISOString() } : {}),
        ...(rand(3) === 0 ? { to: new Date(Date.UTC(2026, 9, 31 + rand(30))).toISOString() } : {}),
      };
      const anyOf = (wanted: readonly string[] | undefined, have: string[]) =>
        !wanted?.length || wanted.some((value) => have.includes(value));
      const expected = model
        .filter(({ createdAt, fields }) => {
          if (filter.query === 'paper' && !fields.title.includes('paper')) return false;
          if (filter.query === 'slow st' && !fields.title.includes('slow start')) return false;
          return (
            anyOf(
              filter.issueTypes,
              fields.issueTypes.map((issue) => issue.type),
            ) &&
            anyOf(filter.applications, fields.applications) &&
            anyOf(filter.supporters, [fields.participants[0]!.name]) &&
            anyOf(filter.devices, [fields.device.id]) &&
            (!filter.from || createdAt >= filter.from) &&
            (!filter.to || createdAt < filter.to)
          );
        })
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || model.indexOf(b) - model.indexOf(a));
      const listed = cache.list({ ...filter, limit: 500, offset: 0 });
      expect(listed.total, JSON.stringify(filter)).toBe(expected.length);
      expect(listed.items.map((item) => item.id)).toEqual(expected.map((item) => item.id));

      const overview = cache.overview(filter);
      expect(overview.total).toBe(expected.length);
      for (const { value, count } of overview.issueTypes)
        expect(count).toBe(
          expected.filter((item) => item.fields.issueTypes.some((issue) => issue.type === value)).length,
        );
      for (const app of apps) {
        const count = expected.filter((item) => item.fields.applications.includes(app)).length;
        expect(overview.applications.find((entry) => entry.value === app)?.count ?? 0).toBe(count);
      }
      expect(overview.issueTypes.map((entry) => entry.count)).toEqual(
        [...overview.issueTypes.map((entry) => entry.count)].sort((a, b) => b - a),
      );
    }
    expect(cache.facetValues()).toEqual({
      applications: expect.arrayContaining(apps),
      devices: expect.arrayContaining(devices),
      supporters: expect.arrayContaining(people),
    });
  });

  it('keeps every version of a summary with who wrote it; an edit is searchable and filterable at once', () => {
    const fields = summarizeBuiltin(sessionFixture('printer-en'), 'en');
    const added = cache.add('request-1', 'acme', fields, new Date('2026-11-20T10:00:00Z'));
    cache.update(
      added.id,
      { ...fields, title: 'Toner replaced', applications: ['Printer Panel'] },
      new Date('2026-11-20T11:00:00Z'),
      'Grace',
    );
    // Versions are the endpoint's numbers: both are made here and not yet confirmed.
    expect(cache.history(added.id)).toEqual([
      { version: null, changedAt: '2026-11-20T10:00:00.000Z', changedBy: null, fields },
      expect.objectContaining({ version: null, changedAt: '2026-11-20T11:00:00.000Z', changedBy: 'Grace' }),
    ]);
    // The endpoint confirms each in order; its numbers and times are the history's from then on.
    // One change at a time per summary, in the order they were made, each with its own content.
    const [first, ...rest] = cache.pendingChanges(10);
    expect(rest).toEqual([]);
    expect(first?.change).toMatchObject({ op: 'upsert', baseVersion: 0, fields });
    cache.confirmed(first!.change.id, first!.upToSeq, 1, '2026-11-20T10:00:05.000Z');
    const [second] = cache.pendingChanges(10);
    expect(second?.change).toMatchObject({ op: 'upsert', baseVersion: 1, fields: { title: 'Toner replaced' } });
    cache.confirmed(second!.change.id, second!.upToSeq, 2, '2026-11-20T11:00:07.000Z');
    expect(cache.history(added.id)).toEqual([
      { version: 1, changedAt: '2026-11-20T10:00:05.000Z', changedBy: null, fields },
      expect.objectContaining({ version: 2, changedAt: '2026-11-20T11:00:07.000Z', changedBy: 'Grace' }),
    ]);
    expect(cache.get(added.id)).toMatchObject({ version: 2, updatedAt: '2026-11-20T11:00:07.000Z', pending: false });
    expect(cache.list({ query: 'toner', limit: 5, offset: 0 }).total).toBe(1);
    expect(cache.list({ applications: ['Printer Panel'], limit: 5, offset: 0 }).total).toBe(1);
    expect(cache.list({ applications: fields.applications, limit: 5, offset: 0 }).total).toBe(
      fields.applications.length ? 0 : 1,
    );
    cache.remove(added.id);
    expect(cache.facetValues()).toEqual({ applications: [], devices: [], supporters: [] });
  });

  it('answers a page of the list or of a search from an index, without sorting the matches', () => {
    const fields = summarizeBuiltin(sessionFixture('printer-en'), 'en');
    for (let i = 0; i < 5; i++) cache.add(`request-${i}`, 'acme', fields, new Date(Date.UTC(2026, 10, 20, 10, i)));
    for (const filter of [{}, { query: 'printer' }, { query: 'pr' }, { query: 'printer', applications: ['x'] }]) {
      const plan = cache.listPlan(filter).join(' | ');
      expect(plan, JSON.stringify(filter)).not.toMatch(/TEMP B-TREE/);
      if ('query' in filter) expect(plan).toMatch(/SCAN f VIRTUAL TABLE INDEX/);
      else expect(plan).toMatch(/USING INDEX summaries_live/);
    }
    // Newest first, by creation time; a search lists its matches in the same order.
    const titles = (query?: string) => cache.list({ query, limit: 10, offset: 0 }).items.map((item) => item.createdAt);
    expect(titles()).toEqual([...titles()].sort().reverse());
    expect(titles('printer')).toEqual(titles());
  });

  it('keeps only the search index, not a copy of the text; an edit or a delete removes the old words', () => {
    const fields = summarizeBuiltin(sessionFixture('printer-en'), 'en');
    const kept = cache.add('request-kept', 'acme', { ...fields, title: 'Spooler restarted' });
    const edited = cache.add('request-edited', 'acme', { ...fields, title: 'Toner cartridge replaced' });
    const deleted = cache.add('request-deleted', 'acme', { ...fields, title: 'Firmware flashed' });
    const find = (query: string) =>
      cache
        .list({ query, limit: 10, offset: 0 })
        .items.map((item) => item.requestId)
        .sort();
    // Words (and prefixes) only the edited or the deleted summary holds, before the change.
    const oldWords = {
      toner: 'request-edited',
      cartr: 'request-edited',
      firmw: 'request-deleted',
      flashed: 'request-deleted',
    };
    for (const [word, holder] of Object.entries(oldWords)) expect(find(word)).toEqual([holder]);
    expect(find('drum')).toEqual([]);
    cache.update(edited.id, { ...fields, title: 'Drum unit swapped' });
    cache.remove(deleted.id);
    for (const word of Object.keys(oldWords)) expect(find(word)).toEqual([]);
    expect(find('drum')).toEqual(['request-edited']);
    expect(find('swapp')).toEqual(['request-edited']);
    expect(find('spoo')).toEqual([kept.requestId]);
    expect(cache.list({ query: 'printing', limit: 10, offset: 0 }).total).toBe(2);
    // Contentless: the index answers rowids only and keeps no text of its own.
    expect(db.prepare('SELECT title, body FROM summaries_fts').all()).toEqual([
      { title: null, body: null },
      { title: null, body: null },
    ]);
    expect(() =>
      db.prepare("INSERT INTO summaries_fts (summaries_fts) VALUES ('integrity-check')").run(),
    ).not.toThrow();
  });

  it('migrates a search index holding its own copy of the text to one that does not, answering as before', () => {
    db.close();
    const path = join(dir.path, 'before-contentless.db');
    const old = new Database(path);
    migrate(old, desktopMigrations.slice(0, 9));
    const before = new SummaryCache(old);
    const names = ['printer-en', 'outlook-en', 'vpn-de', 'password-de', 'slow-pc-en'];
    const added = names.map((name, index) => {
      const f = sessionFixture(name);
      return before.add(
        `request-${name}`,
        'acme',
        summarizeBuiltin(f, f.language),
        new Date(Date.UTC(2026, 10, 20, 10, index)),
      );
    });
    before.update(added[0]!.id, { ...added[0]!.fields, title: 'Toner replaced' });
    before.remove(added[1]!.id);
    const queries = ['printing', 'toner', 'outl', 'vpn', 'anyconnect', 'dr', 'passw', 'slow', 'e', 'übersicht'];
    const answers = (reader: SummaryCache) =>
      queries.map((query) => {
        const page = reader.list({ query, limit: 10, offset: 0 });
        return { query, total: page.total, ids: page.items.map((item) => item.id) };
      });
    const expected = answers(before);
    expect(expected.some((answer) => answer.total > 0)).toBe(true);
    expect(old.prepare('SELECT count(*) AS n FROM summaries_fts_content').get()).toEqual({ n: 4 });
    old.close();

    db = openDesktopDatabase(path);
    cache = new SummaryCache(db);
    expect(answers(cache)).toEqual(expected);
    expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'summaries_fts_content'").get()).toBeUndefined();
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'summaries_fts'").get()).toEqual({
      sql: expect.stringMatching(/content = '', contentless_delete = 1/),
    });
    // Edits and deletes after the migration still take the old words out.
    cache.update(added[0]!.id, { ...added[0]!.fields, title: 'Drum swapped' });
    cache.remove(added[2]!.id);
    expect(cache.list({ query: 'toner', limit: 5, offset: 0 }).total).toBe(0);
    expect(cache.list({ query: 'drum', limit: 5, offset: 0 }).total).toBe(1);
    expect(cache.list({ query: 'anyconnect', limit: 5, offset: 0 }).total).toBe(0);
  });

  it("counts a search's matches only to a bound past the page: at least that many past it, exactly below it", () => {
    const base = summarizeBuiltin(sessionFixture('printer-en'), 'en');
    const matching = SEARCH_COUNT_BOUND + 5;
    db.transaction(() => {
      for (let i = 0; i < matching + 7; i++)
        cache.add(
          `request-${i}`,
          'acme',
          { ...base, title: i < matching ? `Toner ${i}` : `Paper jam ${i}` },
          new Date(Date.UTC(2026, 9, 1) + i * 60_000),
        );
    })();
    const first = cache.list({ query: 'toner', limit: 50, offset: 0 });
    expect([first.total, first.totalIsLowerBound]).toEqual([SEARCH_COUNT_BOUND, true]);
    expect(first.items.map((item) => item.fields.title)).toEqual(
      Array.from({ length: 50 }, (_, i) => `Toner ${matching - 1 - i}`),
    );
    // A page further down counts from its own start: the end is in reach, so exact again.
    const last = cache.list({ query: 'toner', limit: 50, offset: 1000 });
    expect([last.total, last.totalIsLowerBound]).toEqual([matching, false]);
    expect(last.items.map((item) => item.fields.title)).toEqual([
      'Toner 4',
      'Toner 3',
      'Toner 2',
      'Toner 1',
      'Toner 0',
    ]);
    const few = cache.list({ query: 'paper', limit: 50, offset: 0 });
    expect([few.total, few.totalIsLowerBound, few.items.length]).toEqual([7, false, 7]);
    const all = cache.list({ limit: 50, offset: 0 });
    expect([all.total, all.totalIsLowerBound]).toEqual([matching + 7, false]);
  });

  it('fills the filters for summaries cached before the Insights view existed', () => {
    db.close();
    const path = join(dir.path, 'old.db');
    const old = new Database(path);
    migrate(old, desktopMigrations.slice(0, 5));
    const fields = summarizeBuiltin(sessionFixture('vpn-de'), 'de');
    old
      .prepare(
        'INSERT INTO summaries (id, request_id, company_id, created_at, updated_at, version, fields) VALUES (?, ?, ?, ?, ?, 1, ?)',
      )
      .run('s-1', 'request-1', 'acme', '2026-11-01T10:00:00.000Z', '2026-11-01T10:00:00.000Z', JSON.stringify(fields));
    old.close();
    db = openDesktopDatabase(path);
    cache = new SummaryCache(db);
    expect(cache.list({ issueTypes: ['network_vpn'], limit: 5, offset: 0 }).total).toBe(1);
    expect(cache.list({ devices: [fields.device.id], limit: 5, offset: 0 }).total).toBe(1);
    expect(cache.overview({}).applications).toEqual(fields.applications.map((value) => ({ value, count: 1 })));
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
    const found = cache.list({ query: 'printing', limit: 1, offset: 0 });
    expect([found.total, found.totalIsLowerBound]).toEqual([
      Math.min(summaries, SEARCH_COUNT_BOUND),
      summaries > SEARCH_COUNT_BOUND,
    ]);
  });
});
