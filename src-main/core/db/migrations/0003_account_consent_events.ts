import type { Migration } from '../../../../src-shared/sqlite/migrate';

export const migration: Migration = {
  version: 3,
  name: 'account_consent_events',
  up: `
    -- AC-1: the company account this app is signed in with (token sealed by the OS keychain).
    CREATE TABLE account (
      singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
      email      TEXT NOT NULL,
      token      TEXT NOT NULL,
      expires_at TEXT NOT NULL
    ) STRICT;

    -- The session event log: written only while the consent decision allows it.
    CREATE TABLE session_events (
      id         INTEGER PRIMARY KEY,
      request_id TEXT NOT NULL,
      at         TEXT NOT NULL,
      kind       TEXT NOT NULL,
      data       TEXT NOT NULL
    ) STRICT;
    CREATE INDEX session_events_request ON session_events (request_id, id);

    -- Every consent decision, chained by hashes so a changed or removed entry shows.
    CREATE TABLE consent_audit (
      seq        INTEGER PRIMARY KEY,
      request_id TEXT NOT NULL,
      at         TEXT NOT NULL,
      entry      TEXT NOT NULL,
      prev_hash  TEXT NOT NULL,
      hash       TEXT NOT NULL
    ) STRICT;
  `,
};
