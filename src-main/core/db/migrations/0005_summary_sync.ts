import type { Migration } from '../../../../src-shared/sqlite/migrate';

export const migration: Migration = {
  version: 5,
  name: 'summary_sync',
  up: `
    -- SI-14: the version of each summary the cloud endpoint last confirmed (0: never pushed).
    ALTER TABLE summaries ADD COLUMN synced_version INTEGER NOT NULL DEFAULT 0;
    -- The idempotency key a change keeps across retried pushes.
    ALTER TABLE outbox ADD COLUMN key TEXT;
    -- Where this device is in the company's stream of changes.
    CREATE TABLE sync_state (
      singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
      cursor    INTEGER NOT NULL
    ) STRICT;
    -- Edit against edit: the endpoint's copy, kept until the user resolves it.
    CREATE TABLE summary_conflicts (
      summary_id TEXT PRIMARY KEY,
      server     TEXT NOT NULL,
      at         TEXT NOT NULL
    ) STRICT;
  `,
};
