import type { Migration } from '../../../../src-shared/sqlite/migrate';

export const migration: Migration = {
  version: 8,
  name: 'sync_convergence',
  up: `
    -- SI-14: each queued change sends the content of its own edit (a history row), in order, so a
    -- change the endpoint applied but never confirmed is recognised by its key before the next one.
    ALTER TABLE outbox ADD COLUMN history_seq INTEGER;

    -- One numbering, the endpoint's: an edit made here has no version until the endpoint confirms it.
    CREATE TABLE summary_history_new (
      seq        INTEGER PRIMARY KEY,
      summary_id TEXT NOT NULL,
      version    INTEGER,
      changed_at TEXT NOT NULL,
      changed_by TEXT,
      fields     TEXT NOT NULL
    ) STRICT;
    INSERT INTO summary_history_new (seq, summary_id, version, changed_at, changed_by, fields)
      SELECT seq, summary_id, version, changed_at, changed_by, fields FROM summary_history;
    DROP TABLE summary_history;
    ALTER TABLE summary_history_new RENAME TO summary_history;
    CREATE INDEX summary_history_summary ON summary_history (summary_id, seq);
  `,
};
