import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DESKTOP_DB_FILE,
  openDesktopDatabase,
  type DesktopDatabase,
} from '../../../../../src-main/core/db/desktopDatabase';
import { KeptCounts } from '../../../../../src-main/core/insights/keptCounts';
import { SummaryCache } from '../../../../../src-main/core/insights/summaryCache';
import { SummaryReads } from '../../../../../src-main/core/insights/summaryReads';
import type { SummaryFilter } from '../../../../../src-shared/domain/summary';
import { addFixtureSummary } from '../../../../support/sessionFixtures';
import { tempDir } from '../../../../support/tempDir';

/** The reads of a read worker's connection, counting how often SQLite was asked to count. */
class CountedReads extends SummaryReads {
  counted = 0;
  override overview(filter: SummaryFilter) {
    this.counted += 1;
    return super.overview(filter);
  }
  override facetValues() {
    this.counted += 1;
    return super.facetValues();
  }
}

/** Issue 18: the counts worker keeps the overview and the filters' values until the cache changes. */
describe('counts kept until the summary cache changes', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: DesktopDatabase;
  let reader: DesktopDatabase;
  let cache: SummaryCache;
  beforeEach(() => {
    dir = tempDir();
    db = openDesktopDatabase(join(dir.path, DESKTOP_DB_FILE));
    cache = new SummaryCache(db);
    // As the read worker opens it: its own read-only connection beside the writer.
    reader = new Database(join(dir.path, DESKTOP_DB_FILE), { readonly: true, fileMustExist: true });
  });
  afterEach(() => {
    reader.close();
    db.close();
    dir.cleanup();
  });
  const add = (name: string, minute: number) => addFixtureSummary(cache, name, minute);

  it('counts once per filter while nothing is written, and counts a write on the other connection at once', () => {
    add('printer-en', 0);
    add('vpn-de', 1);
    const reads = new CountedReads(reader);
    const kept = new KeptCounts(reader, reads);

    expect(kept.overview({})).toEqual(cache.overview({}));
    expect(kept.overview({ query: 'vpn' })).toEqual(cache.overview({ query: 'vpn' }));
    expect(kept.facetValues()).toEqual(cache.facetValues());
    expect(reads.counted).toBe(3);
    // Asked again (a search typed back, the view opened again): answered from what was kept.
    expect(kept.overview({})).toEqual(cache.overview({}));
    expect(kept.overview({ query: 'vpn' })).toEqual(cache.overview({ query: 'vpn' }));
    expect(kept.facetValues()).toEqual(cache.facetValues());
    expect(reads.counted).toBe(3);

    // A summary written by the one writer: the very next answers count it.
    add('outlook-en', 2);
    expect(kept.overview({}).total).toBe(3);
    expect(kept.overview({})).toEqual(cache.overview({}));
    expect(kept.facetValues()).toEqual(cache.facetValues());
    expect(kept.facetValues().applications).toEqual(expect.arrayContaining(['Microsoft Outlook']));
    expect(reads.counted).toBe(5);

    // A delete is a write too.
    const vpn = cache.list({ query: 'vpn', limit: 1, offset: 0 }).items[0]!;
    cache.remove(vpn.id);
    expect(kept.overview({ query: 'vpn' }).total).toBe(0);
  });
});
