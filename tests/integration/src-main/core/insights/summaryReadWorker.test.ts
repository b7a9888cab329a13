import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DESKTOP_DB_FILE,
  openDesktopDatabase,
  type DesktopDatabase,
} from '../../../../../src-main/core/db/desktopDatabase';
import { summarizeBuiltin } from '../../../../../src-main/core/insights/builtinSummarizer';
import { SummaryCache } from '../../../../../src-main/core/insights/summaryCache';
import { workerReader, type SummaryReader } from '../../../../../src-main/core/insights/summaryReader';
import { memoryLogger } from '../../../../support/silentLogger';
import { addFixtureSummary, sessionFixture } from '../../../../support/sessionFixtures';
import { tempDir } from '../../../../support/tempDir';

/** The worker as browser mode runs it (npm run build writes it; npm test builds before this suite). */
const WORKER = resolve('out/bridge/summaryReadWorker.cjs');

/** Issue 18: the Insights view's reads run in a worker thread with its own read-only connection. */
describe('reading the summary cache in a worker thread', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: DesktopDatabase;
  let cache: SummaryCache;
  let reader: SummaryReader;
  const logger = memoryLogger();
  beforeEach(() => {
    if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run "npm run build" first.`);
    dir = tempDir();
    db = openDesktopDatabase(join(dir.path, DESKTOP_DB_FILE));
    cache = new SummaryCache(db);
    reader = workerReader({
      file: join(dir.path, DESKTOP_DB_FILE),
      workerFile: WORKER,
      log: logger.log,
      fallback: cache,
    });
  });
  afterEach(() => {
    reader.close();
    db.close();
    dir.cleanup();
  });

  const add = (name: string, minute: number) => addFixtureSummary(cache, name, minute);

  it('answers every read exactly as the cache on the main thread does, and sees each write at once', async () => {
    expect(await reader.read('list', { limit: 10, offset: 0 })).toEqual({
      total: 0,
      totalIsLowerBound: false,
      items: [],
    });
    const names = ['printer-en', 'outlook-en', 'vpn-de', 'password-de', 'slow-pc-en'];
    names.forEach((name, index) => add(name, index));
    const vpn = cache.list({ query: 'vpn', limit: 1, offset: 0 }).items[0]!;
    cache.update(vpn.id, { ...vpn.fields, title: 'VPN fixed' }, new Date(Date.UTC(2026, 10, 21)), 'Ada');

    expect(await reader.read('list', { limit: 2, offset: 1 })).toEqual(cache.list({ limit: 2, offset: 1 }));
    expect(await reader.read('list', { query: 'vpn', limit: 10, offset: 0 })).toEqual(
      cache.list({ query: 'vpn', limit: 10, offset: 0 }),
    );
    expect(await reader.read('overview', {})).toEqual(cache.overview({}));
    expect(await reader.read('facetValues')).toEqual(cache.facetValues());
    expect(await reader.read('get', vpn.id)).toEqual(cache.get(vpn.id));
    expect(await reader.read('history', vpn.id)).toEqual(cache.history(vpn.id));
    expect((await reader.read('history', vpn.id)).map((version) => version.fields.title)).toEqual([
      vpn.fields.title,
      'VPN fixed',
    ]);
    expect(await reader.read('conflictWith', vpn.id)).toBeNull();

    // A write on the main thread is seen by the very next read.
    cache.remove(vpn.id);
    expect(await reader.read('get', vpn.id)).toBeNull();
    expect((await reader.read('list', { limit: 10, offset: 0 })).total).toBe(4);
  });

  it('answers reads asked for at the same time, each with its own answer', async () => {
    ['printer-en', 'outlook-en', 'vpn-de'].forEach((name, index) => add(name, index));
    const answers = await Promise.all([
      reader.read('list', { query: 'outlook', limit: 5, offset: 0 }),
      reader.read('list', { query: 'vpn', limit: 5, offset: 0 }),
      reader.read('list', { query: 'drucker', limit: 5, offset: 0 }),
      reader.read('facetValues'),
    ]);
    expect(answers[0].items.map((item) => item.requestId)).toEqual(['request-outlook-en']);
    expect(answers[1].items.map((item) => item.requestId)).toEqual(['request-vpn-de']);
    expect(answers[2]).toEqual(cache.list({ query: 'drucker', limit: 5, offset: 0 }));
    expect(answers[3]).toEqual(cache.facetValues());
  });

  it('answers a page of the list while the overviews asked before it are still being counted', async () => {
    const summaries = ['printer-en', 'outlook-en', 'vpn-de', 'password-de', 'slow-pc-en'].map((name) => {
      const f = sessionFixture(name);
      return summarizeBuiltin(f, f.language);
    });
    db.transaction(() => {
      for (let i = 0; i < 500; i++)
        cache.add(`request-${i}`, 'acme', summaries[i % 5]!, new Date(Date.UTC(2026, 10, 20, 10, i)));
    })();
    // Both workers running (each starts on its first read), then overviews asked first, each for
    // another period (none answered from what the worker kept), then a page of the list: the
    // order in which the answers arrive is recorded.
    await Promise.all([reader.read('get', 'none'), reader.read('facetValues')]);
    const answered: string[] = [];
    const overviews = Array.from({ length: 1000 }, (_, i) =>
      reader
        .read('overview', { to: new Date(Date.UTC(2026, 10, 20, 10, 0, 0, 500_000 - i)).toISOString() })
        .then(() => answered.push(`overview ${i}`)),
    );
    const page = await reader.read('list', { limit: 50, offset: 0 });
    answered.push('list');
    expect(page).toEqual(cache.list({ limit: 50, offset: 0 }));
    await Promise.all(overviews);
    // In one worker the page waited until all 1000 were counted (about a second); beside them it does not.
    expect(answered.indexOf('list')).toBeLessThan(1000);
    expect(answered.at(-1)).toBe('overview 999');
  });

  it('a worker that cannot start leaves the reads on the main thread, and says so in the log', async () => {
    add('printer-en', 0);
    reader.close();
    reader = workerReader({
      file: join(dir.path, DESKTOP_DB_FILE),
      workerFile: join(dir.path, 'no-such-worker.cjs'),
      log: logger.log,
      fallback: cache,
    });
    expect(await reader.read('list', { limit: 10, offset: 0 })).toEqual(cache.list({ limit: 10, offset: 0 }));
    expect(logger.lines().some((line) => line.includes('cannot start; reading on the main thread instead'))).toBe(true);
    expect((await reader.read('facetValues')).devices).toEqual(cache.facetValues().devices);

    // A path Node refuses outright (not absolute) is the same fault, caught the same way.
    reader.close();
    reader = workerReader({
      file: join(dir.path, DESKTOP_DB_FILE),
      workerFile: 'out/bridge/summaryReadWorker.cjs',
      log: logger.log,
      fallback: cache,
    });
    expect((await reader.read('list', { limit: 10, offset: 0 })).total).toBe(1);
  });

  it('after closing, a read is refused with a reason rather than left waiting', async () => {
    reader.close();
    await expect(reader.read('facetValues')).rejects.toThrow('Tandem is shutting down.');
  });
});
