import type { Migration } from '../../../../src-shared/sqlite/migrate';

export const migration: Migration = {
  version: 1,
  name: 'settings_and_device',
  up: `
    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE device (
      singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
      device_id  TEXT NOT NULL CHECK (length(device_id) = 9),
      created_at TEXT NOT NULL
    ) STRICT;
  `,
};
