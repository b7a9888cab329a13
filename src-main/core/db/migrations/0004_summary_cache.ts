import type { Migration } from '../../../../src-shared/sqlite/migrate';

export const migration: Migration = {
  version: 4,
  name: 'summary_cache',
  up: `
    -- SI-14: the local cache of Session Insights summaries (readable offline).
    CREATE TABLE summaries (
      seq        INTEGER PRIMARY KEY,
      id         TEXT NOT NULL UNIQUE,
      request_id TEXT NOT NULL UNIQUE,
      company_id TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      version    INTEGER NOT NULL DEFAULT 1,
      fields     TEXT NOT NULL,
      deleted    INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    -- The list: live summaries, newest first (also answers the count without reading rows).
    CREATE INDEX summaries_live ON summaries (deleted, created_at DESC, id);

    -- Full-text search over title, text, applications and issue types; rowid = summaries.seq.
    CREATE VIRTUAL TABLE summaries_fts USING fts5 (
      title, body, applications, issue_types, tokenize = 'unicode61 remove_diacritics 2'
    );

    -- Local changes waiting for the sync engine, in order.
    CREATE TABLE outbox (
      seq        INTEGER PRIMARY KEY,
      summary_id TEXT NOT NULL,
      op         TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
      version    INTEGER NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX outbox_summary ON outbox (summary_id);
  `,
};
