import type { Migration } from '../../../../src-shared/sqlite/migrate';

export const migration: Migration = {
  version: 7,
  name: 'permanent_password_attempts',
  up: `
    -- RS-2: every answered guess at the permanent password, for a per-hour and per-day ceiling
    -- that no number of supporters, network sources or restarts resets. A row is removed only when
    -- its attempt proved the password right.
    CREATE TABLE permanent_password_attempts (
      id INTEGER PRIMARY KEY,
      at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX permanent_password_attempts_at ON permanent_password_attempts (at);
  `,
};
