import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 17,
  name: 'identity_key',
  sqlite: `
    -- The endpoint's own Ed25519 key for identity statements: it vouches to a host that the
    -- supporter connecting is a signed-in user of the company (name, company, device). The
    -- private key is sealed with the secret box (context 'identity_key'); the public key is
    -- published so the company's devices can check statements.
    CREATE TABLE identity_key (
      singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
      public_key  TEXT NOT NULL,
      private_key TEXT NOT NULL CHECK (private_key LIKE 'tsb1:%'),
      created_at  TEXT NOT NULL
    ) STRICT;
  `,
  postgres: `
    CREATE TABLE identity_key (
      singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
      public_key  TEXT NOT NULL,
      private_key TEXT NOT NULL CHECK (private_key LIKE 'tsb1:%'),
      created_at  TEXT NOT NULL
    );
  `,
};
