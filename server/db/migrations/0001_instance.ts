import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 1,
  name: 'instance',
  sqlite: `
    CREATE TABLE instance (
      singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
      instance_id TEXT NOT NULL,
      created_at  TEXT NOT NULL
    ) STRICT;
  `,
  postgres: `
    CREATE TABLE instance (
      singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
      instance_id TEXT NOT NULL,
      created_at  TEXT NOT NULL
    );
  `,
};
