import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 26,
  name: 'help_session_lifetime',
  sqlite: `
    -- LV-4: how long a help session of the company lives at most, in minutes (5 min … 12 h);
    -- an hour unless an administrator changes it.
    ALTER TABLE companies ADD COLUMN help_session_lifetime_minutes INTEGER NOT NULL DEFAULT 60
      CHECK (help_session_lifetime_minutes BETWEEN 5 AND 720);
  `,
  postgres: `
    ALTER TABLE companies ADD COLUMN help_session_lifetime_minutes INTEGER NOT NULL DEFAULT 60
      CHECK (help_session_lifetime_minutes BETWEEN 5 AND 720);
  `,
};
