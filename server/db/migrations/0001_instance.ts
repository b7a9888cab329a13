import type { Migration } from '../../../src-shared/sqlite/migrate';

export const migration: Migration = {
  version: 1,
  name: 'instance',
  up: `
    CREATE TABLE instance (
      singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
      instance_id TEXT NOT NULL,
      created_at  TEXT NOT NULL
    ) STRICT;
  `,
};
