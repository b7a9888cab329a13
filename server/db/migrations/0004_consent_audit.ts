import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 4,
  name: 'consent_audit',
  sqlite: `
    -- Copies of each device's consent audit chain, checked on arrival, readable by admins.
    CREATE TABLE consent_audit (
      device_id  TEXT NOT NULL REFERENCES devices (device_id),
      seq        INTEGER NOT NULL,
      request_id TEXT NOT NULL,
      at         TEXT NOT NULL,
      entry      TEXT NOT NULL,
      prev_hash  TEXT NOT NULL,
      hash       TEXT NOT NULL,
      PRIMARY KEY (device_id, seq)
    ) STRICT;
  `,
  postgres: `
    CREATE TABLE consent_audit (
      device_id  TEXT NOT NULL REFERENCES devices (device_id),
      seq        BIGINT NOT NULL,
      request_id TEXT NOT NULL,
      at         TEXT NOT NULL,
      entry      TEXT NOT NULL,
      prev_hash  TEXT NOT NULL,
      hash       TEXT NOT NULL,
      PRIMARY KEY (device_id, seq)
    );
  `,
};
