import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 14,
  name: 'device_request_nonces',
  sqlite: `
    -- Each signed device request carries a random nonce; one seen before within the signature's
    -- window is a replay. Kept in the database (not in memory) so a restart does not forget them.
    CREATE TABLE device_request_nonces (
      nonce      TEXT PRIMARY KEY,
      device_id  TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX device_request_nonces_expiry ON device_request_nonces (expires_at);
  `,
  postgres: `
    CREATE TABLE device_request_nonces (
      nonce      TEXT PRIMARY KEY,
      device_id  TEXT NOT NULL,
      expires_at BIGINT NOT NULL
    );
    CREATE INDEX device_request_nonces_expiry ON device_request_nonces (expires_at);
  `,
};
