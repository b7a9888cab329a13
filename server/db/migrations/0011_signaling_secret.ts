import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 11,
  name: 'signaling_secret',
  sqlite: `
    -- The hub's secret for per-source keys sent to hosts (incoming.sourceKey). Unlike the
    -- instance ID it is never published, so a host cannot test guessed addresses against a key.
    CREATE TABLE signaling_secret (
      singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
      secret     BLOB NOT NULL CHECK (length(secret) = 32),
      created_at TEXT NOT NULL
    ) STRICT;
  `,
  postgres: `
    CREATE TABLE signaling_secret (
      singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
      secret     BYTEA NOT NULL CHECK (length(secret) = 32),
      created_at TEXT NOT NULL
    );
  `,
};
