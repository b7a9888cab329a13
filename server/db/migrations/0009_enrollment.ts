import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 9,
  name: 'enrollment',
  sqlite: `
    -- DP-2: tokens IT puts into the managed configuration; a device presenting one joins the
    -- company as a managed device. Only a hash is kept.
    CREATE TABLE enrollment_tokens (
      id         TEXT PRIMARY KEY,
      company_id TEXT NOT NULL REFERENCES companies (id),
      name       TEXT NOT NULL,
      token_hash TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      revoked_at TEXT,
      uses       INTEGER NOT NULL DEFAULT 0
    ) STRICT;
  `,
  postgres: `
    CREATE TABLE enrollment_tokens (
      id         TEXT PRIMARY KEY,
      company_id TEXT NOT NULL REFERENCES companies (id),
      name       TEXT NOT NULL,
      token_hash TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      revoked_at TEXT,
      uses       INTEGER NOT NULL DEFAULT 0
    );
  `,
};
