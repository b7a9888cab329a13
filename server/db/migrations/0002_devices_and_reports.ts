import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 2,
  name: 'devices_and_reports',
  sqlite: `
    CREATE TABLE devices (
      device_id     TEXT PRIMARY KEY CHECK (length(device_id) = 9),
      public_key    TEXT NOT NULL,
      platform      TEXT NOT NULL,
      name          TEXT NOT NULL,
      registered_at TEXT NOT NULL,
      last_seen_at  TEXT
    ) STRICT;

    CREATE TABLE connection_reports (
      request_id          TEXT PRIMARY KEY,
      method              TEXT NOT NULL CHECK (method IN ('password', 'code')),
      access              TEXT NOT NULL CHECK (access IN ('full', 'view')),
      supporter_device_id TEXT NOT NULL REFERENCES devices (device_id),
      supporter_name      TEXT NOT NULL,
      supporter_company   TEXT NOT NULL,
      host_device_id      TEXT NOT NULL REFERENCES devices (device_id),
      requested_at        TEXT NOT NULL,
      started_at          TEXT,
      ended_at            TEXT,
      outcome             TEXT NOT NULL DEFAULT 'pending'
    ) STRICT;
    CREATE INDEX connection_reports_supporter ON connection_reports (supporter_device_id, requested_at);
    CREATE INDEX connection_reports_host ON connection_reports (host_device_id, requested_at);
  `,
  postgres: `
    CREATE TABLE devices (
      device_id     TEXT PRIMARY KEY CHECK (length(device_id) = 9),
      public_key    TEXT NOT NULL,
      platform      TEXT NOT NULL,
      name          TEXT NOT NULL,
      registered_at TEXT NOT NULL,
      last_seen_at  TEXT
    );

    CREATE TABLE connection_reports (
      request_id          TEXT PRIMARY KEY,
      method              TEXT NOT NULL CHECK (method IN ('password', 'code')),
      access              TEXT NOT NULL CHECK (access IN ('full', 'view')),
      supporter_device_id TEXT NOT NULL REFERENCES devices (device_id),
      supporter_name      TEXT NOT NULL,
      supporter_company   TEXT NOT NULL,
      host_device_id      TEXT NOT NULL REFERENCES devices (device_id),
      requested_at        TEXT NOT NULL,
      started_at          TEXT,
      ended_at            TEXT,
      outcome             TEXT NOT NULL DEFAULT 'pending'
    );
    CREATE INDEX connection_reports_supporter ON connection_reports (supporter_device_id, requested_at);
    CREATE INDEX connection_reports_host ON connection_reports (host_device_id, requested_at);
  `,
};
