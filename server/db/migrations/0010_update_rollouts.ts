import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 10,
  name: 'update_rollouts',
  sqlite: `
    -- DP-3: the share of devices that take the newest release of a channel now (staged rollout).
    CREATE TABLE update_rollouts (
      channel    TEXT PRIMARY KEY CHECK (channel IN ('stable', 'beta')),
      percentage INTEGER NOT NULL CHECK (percentage BETWEEN 0 AND 100),
      updated_at TEXT NOT NULL
    ) STRICT;
  `,
  postgres: `
    CREATE TABLE update_rollouts (
      channel    TEXT PRIMARY KEY CHECK (channel IN ('stable', 'beta')),
      percentage INTEGER NOT NULL CHECK (percentage BETWEEN 0 AND 100),
      updated_at TEXT NOT NULL
    );
  `,
};
