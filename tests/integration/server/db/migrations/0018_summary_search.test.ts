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

describe('migration 18: the summaries’ search index', () => {
  const dir = tempDir();
  afterEach(() => dir.cleanup());

  it('indexes the summaries already there, and every later write keeps the index in step', () => {
    const db = new Database(join(dir.path, 'tandem-cloud.db'));
    migrate(db, serverMigrations.slice(0, 17));
    db.prepare("INSERT INTO companies (id, name, created_at) VALUES ('c1', 'Acme', '2026-11-01T00:00:00.000Z')").run();
    const insert = db.prepare(
      `INSERT INTO summaries (company_id, id, request_id, version, created_at, updated_at, deleted, fields, change_seq)
       VALUES ('c1', ?, ?, 1, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', ?, ?, ?)`,
    );
    insert.run('s1', 'r1', 0, fields('Printer offline', 'Paper jam in tray two', ['Word']), 1);
    insert.run('s2', 'r2', 1, null, 2);
    migrate(db, serverMigrations.slice(0, 18));

    const matches = (query: string) =>
      (
        db
          .prepare(
            'SELECT s.id FROM summaries_fts f JOIN summaries s ON s.change_seq = f.rowid WHERE summaries_fts MATCH ? ORDER BY s.id',
          )
          .all(query) as { id: string }[]
      ).map((row) => row.id);
    // Title, problem, actions, follow-ups, applications and the issue type's words, from before the migration.
    for (const word of ['printer', 'jam', 'spooler', 'toner', 'word', 'vpn'])
      expect(matches(`"${word}"*`)).toEqual(['s1']);

    insert.run('s3', 'r3', 0, fields('Outlook crashes', 'On start', ['Outlook']), 3);
    expect(matches('"outlook"*')).toEqual(['s3']);
    db.prepare("UPDATE summaries SET fields = ?, change_seq = 4 WHERE id = 's1'").run(
      fields('Scanner offline', 'No scans', []),
    );
    expect(matches('"printer"*')).toEqual([]);
    expect(matches('"scanner"*')).toEqual(['s1']);
    db.prepare("UPDATE summaries SET deleted = 1, fields = NULL, change_seq = 5 WHERE id = 's1'").run();
    expect(matches('"scanner"*')).toEqual([]);
    db.prepare("DELETE FROM summaries WHERE id = 's3'").run();
    expect(matches('"outlook"*')).toEqual([]);
    expect((db.prepare('SELECT count(*) AS n FROM summaries_fts').get() as { n: number }).n).toBe(0);
    db.close();
  });
});
