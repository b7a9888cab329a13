import type { Migration } from '../../../../src-shared/sqlite/migrate';

export const migration: Migration = {
  version: 6,
  name: 'insights_view',
  up: `
    -- SI-9: what the Insights view filters and counts by, one row per value: issue types,
    -- applications, supporters and the device. Written with the search index, in one transaction.
    CREATE TABLE summary_facets (
      seq   INTEGER NOT NULL,
      kind  TEXT NOT NULL CHECK (kind IN ('issue', 'app', 'supporter', 'device')),
      value TEXT NOT NULL,
      PRIMARY KEY (kind, value, seq)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX summary_facets_seq ON summary_facets (seq, kind);
    INSERT INTO summary_facets (seq, kind, value)
      SELECT s.seq, 'issue', json_extract(i.value, '$.type') FROM summaries s, json_each(s.fields, '$.issueTypes') i
       WHERE s.deleted = 0
      UNION SELECT s.seq, 'app', a.value FROM summaries s, json_each(s.fields, '$.applications') a WHERE s.deleted = 0
      UNION SELECT s.seq, 'supporter', json_extract(p.value, '$.name') FROM summaries s, json_each(s.fields, '$.participants') p
       WHERE s.deleted = 0 AND json_extract(p.value, '$.role') = 'supporter'
      UNION SELECT s.seq, 'device', json_extract(s.fields, '$.device.id') FROM summaries s WHERE s.deleted = 0;

    -- SI-9: earlier versions of each summary, newest last: who changed it, when, and what it said.
    CREATE TABLE summary_history (
      seq        INTEGER PRIMARY KEY,
      summary_id TEXT NOT NULL,
      version    INTEGER NOT NULL,
      changed_at TEXT NOT NULL,
      changed_by TEXT,
      fields     TEXT NOT NULL
    ) STRICT;
    CREATE INDEX summary_history_summary ON summary_history (summary_id, seq);

    -- The signed-in user as last confirmed by the endpoint: permissions stay known offline.
    ALTER TABLE account ADD COLUMN me TEXT;
  `,
};
