import type { Migration } from '../../../../src-shared/sqlite/migrate';

export const migration: Migration = {
  version: 11,
  name: 'remembered_passwords',
  up: `
    -- Host: the supporter devices that may connect by a remembered password instead of the
    -- permanent one. The record is OPAQUE's (the key itself never reaches the host's disk); who they
    -- were is what the host showed when it remembered them. Changing or removing the permanent
    -- password empties the table.
    CREATE TABLE remembered_supporters (
      supporter_device_id TEXT PRIMARY KEY,
      record TEXT NOT NULL,
      name TEXT NOT NULL,
      company TEXT NOT NULL,
      verified INTEGER NOT NULL CHECK (verified IN (0, 1)),
      remembered_at TEXT NOT NULL,
      last_used_at TEXT
    ) STRICT;

    -- Supporter: the remembered key per host, sealed with the secret protector (the OS keychain).
    CREATE TABLE remembered_hosts (
      host_device_id TEXT PRIMARY KEY,
      sealed_key TEXT NOT NULL,
      remembered_at TEXT NOT NULL
    ) STRICT;
  `,
};
