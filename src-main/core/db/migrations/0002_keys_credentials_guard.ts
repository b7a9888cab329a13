import type { Migration } from '../../../../src-shared/sqlite/migrate';

export const migration: Migration = {
  version: 2,
  name: 'keys_credentials_guard',
  up: `
    -- RS-1: the device's Ed25519 key pair; the private key is sealed by the OS keychain where there is one.
    CREATE TABLE device_keys (
      singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
      public_key  TEXT NOT NULL,
      private_key TEXT NOT NULL,
      registered_with TEXT
    ) STRICT;

    -- The host's OPAQUE server setup and the record of the optional permanent password. The record
    -- is argon2id-stretched; the password itself is never stored.
    CREATE TABLE host_secrets (
      name  TEXT PRIMARY KEY CHECK (name IN ('opaque_server_setup', 'permanent_password_record')),
      value TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    -- RS-2: failed password attempts, per scope (device, supporter, network source).
    CREATE TABLE auth_failures (
      scope           TEXT NOT NULL CHECK (scope IN ('device', 'supporter', 'source')),
      key             TEXT NOT NULL,
      failures        INTEGER NOT NULL,
      last_failure_at INTEGER NOT NULL,
      PRIMARY KEY (scope, key)
    ) STRICT;
  `,
};
