import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 15,
  name: 'secret_box',
  sqlite: `
    -- Secrets at rest (TOTP, webhook and connector secrets) are sealed with a key the operator
    -- keeps outside the database. This row is a known value sealed with that key, so a wrong key
    -- is refused at start with a clear error instead of failing on the first secret it opens.
    CREATE TABLE secret_box (
      singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
      key_check  TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
  `,
  postgres: `
    CREATE TABLE secret_box (
      singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
      key_check  TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
  `,
};
