import type { Migration } from '../../../src-shared/sqlite/migrate';

export const migration: Migration = {
  version: 14,
  name: 'device_request_nonces',
  up: `
    -- Each signed device request carries a random nonce; one seen before within the signature's
    -- window is a replay. Kept in the database (not in memory) so a restart does not forget them.
    CREATE TABLE device_request_nonces (
      nonce      TEXT PRIMARY KEY,
      device_id  TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX device_request_nonces_expiry ON device_request_nonces (expires_at);
  `,
};
