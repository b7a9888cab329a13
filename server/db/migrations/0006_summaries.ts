import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 6,
  name: 'summaries',
  sqlite: `
    -- SI-14: each company's Session Insights summaries, synced with its desktop caches.
    -- change_seq orders every change across the instance; a device pulls what is after its cursor.
    CREATE TABLE summaries (
      company_id TEXT NOT NULL REFERENCES companies (id),
      id         TEXT NOT NULL,
      request_id TEXT NOT NULL,
      version    INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      deleted    INTEGER NOT NULL DEFAULT 0,
      fields     TEXT,
      change_seq INTEGER NOT NULL,
      PRIMARY KEY (company_id, id)
    ) STRICT;
    CREATE UNIQUE INDEX summaries_seq ON summaries (change_seq);
    CREATE INDEX summaries_changes ON summaries (company_id, change_seq);

    -- A retried push answers with what the first one did.
    CREATE TABLE summary_push_keys (
      company_id TEXT NOT NULL,
      key        TEXT NOT NULL,
      result     TEXT NOT NULL,
      PRIMARY KEY (company_id, key)
    ) STRICT;
  `,
  postgres: `
    CREATE TABLE summaries (
      company_id TEXT NOT NULL REFERENCES companies (id),
      id         TEXT NOT NULL,
      request_id TEXT NOT NULL,
      version    INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      deleted    INTEGER NOT NULL DEFAULT 0,
      fields     TEXT,
      change_seq BIGINT NOT NULL,
      PRIMARY KEY (company_id, id)
    );
    CREATE UNIQUE INDEX summaries_seq ON summaries (change_seq);
    CREATE INDEX summaries_changes ON summaries (company_id, change_seq);

    CREATE TABLE summary_push_keys (
      company_id TEXT NOT NULL,
      key        TEXT NOT NULL,
      result     TEXT NOT NULL,
      PRIMARY KEY (company_id, key)
    );
  `,
};
