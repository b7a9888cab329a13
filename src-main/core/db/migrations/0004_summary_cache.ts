import type { Migration } from '../../../../src-shared/sqlite/migrate';

export const migration: Migration = {
  version: 4,
  name: 'summary_cache',
  up: `
    -- SI-14: the local cache of Session Insights summaries (readable offline).
    CREATE TABLE summaries (
      id         TEXT PRIMARY KEY,
      request_id TEXT NOT NULL UNIQUE,
      company_id TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      version    INTEGER NOT NULL DEFAULT 1,
      fields     TEXT NOT NULL,
      deleted    INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX summaries_created ON summaries (created_at DESC);

    -- Full-text search over title, text, applications and issue types.
    CREATE VIRTUAL TABLE summaries_fts USING fts5 (
      summary_id UNINDEXED, title, body, applications, issue_types, tokenize = 'unicode61 remove_diacritics 2'
    );

    -- Local changes waiting for the sync engine, in order.
    CREATE TABLE outbox (
      seq        INTEGER PRIMARY KEY,
      summary_id TEXT NOT NULL,
      op         TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
      version    INTEGER NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
  `,
};
