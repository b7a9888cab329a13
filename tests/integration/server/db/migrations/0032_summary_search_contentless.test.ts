import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serverMigrations } from '../../../../../server/db/migrations';
import { migrate } from '../../../../../src-shared/sqlite/migrate';
import { tempDir } from '../../../../support/tempDir';

const fields = (title: string, problem: string, applications: string[]) =>
  JSON.stringify({
    title,
    problem,
    actionsTaken: ['Restarted the spooler.'],
    outcome: 'Fixed.',
    followUps: ['Order toner.'],
    issueTypes: [{ type: 'network_vpn', confidence: 0.9 }],
    applications,
  });

describe('migration 32: the summaries’ search index without a copy of the text', () => {
  const dir = tempDir();
  afterEach(() => dir.cleanup());

  it('answers the searches it answered before, keeps no text, and a row still leaves it by its rowid', () => {
    const db = new Database(join(dir.path, 'tandem-cloud.db'));
    migrate(db, serverMigrations.slice(0, 31));
    db.prepare("INSERT INTO companies (id, name, created_at) VALUES ('c1', 'Acme', '2026-11-01T00:00:00.000Z')").run();
    const insert = db.prepare(
      `INSERT INTO summaries (company_id, id, request_id, version, created_at, updated_at, deleted, fields, change_seq)
       VALUES ('c1', ?, ?, 1, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', ?, ?, ?)`,
    );
    const index = db.prepare(
      'INSERT INTO summaries_fts (rowid, title, body, applications, issue_types) VALUES (?, ?, ?, ?, ?)',
    );
    // Since migration 31 a push indexes what it writes; here by hand, as it would.
    insert.run('s1', 'r1', 0, fields('Printer offline', 'Paper jam in tray two', ['Word']), 1);
    index.run(
      1,
      'Printer offline',
      'Paper jam in tray two\nRestarted the spooler.\nFixed.\nOrder toner.',
      'Word',
      'network vpn',
    );
    insert.run('s2', 'r2', 1, null, 2);
    insert.run('s3', 'r3', 0, fields('Outlook crashes', 'On start', ['Outlook']), 3);
    index.run(3, 'Outlook crashes', 'On start\nRestarted the spooler.\nFixed.\nOrder toner.', 'Outlook', 'network vpn');
    const matches = (query: string) =>
      (
        db
          .prepare(
            'SELECT s.id FROM summaries s WHERE s.change_seq IN (SELECT rowid FROM summaries_fts WHERE summaries_fts MATCH ?) ORDER BY s.id',
          )
          .all(query) as { id: string }[]
      ).map((row) => row.id);
    const queries = [
      '"printer"*',
      '"jam"*',
      '"spo"*',
      '"toner"*',
      '"wo"*',
      '"vpn"*',
      '"outl"*',
      '"on"* "start"*',
      '"xyz"*',
    ];
    const before = queries.map(matches);
    expect(before.filter((ids) => ids.length > 0)).toHaveLength(8);
    expect(db.prepare('SELECT count(*) AS n FROM summaries_fts_content').get()).toEqual({ n: 2 });

    migrate(db, serverMigrations.slice(0, 32));
    expect(queries.map(matches)).toEqual(before);
    expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'summaries_fts_content'").get()).toBeUndefined();
    expect(db.prepare('SELECT title, body FROM summaries_fts ORDER BY rowid').all()).toEqual([
      { title: null, body: null },
      { title: null, body: null },
    ]);
    // A push replaces a row's entry by its rowid; a row deleted outright leaves through migration 18's trigger.
    db.prepare('DELETE FROM summaries_fts WHERE rowid = 1').run();
    db.prepare("UPDATE summaries SET fields = ?, change_seq = 4 WHERE id = 's1'").run(
      fields('Scanner offline', 'No scans', []),
    );
    index.run(4, 'Scanner offline', 'No scans', '', 'network vpn');
    expect(matches('"printer"*')).toEqual([]);
    expect(matches('"scanner"*')).toEqual(['s1']);
    db.prepare("DELETE FROM summaries WHERE id = 's3'").run();
    expect(matches('"outlook"*')).toEqual([]);
    expect(matches('"spo"*')).toEqual([]);
    expect((db.prepare('SELECT count(*) AS n FROM summaries_fts').get() as { n: number }).n).toBe(1);
    db.close();
  });
});
