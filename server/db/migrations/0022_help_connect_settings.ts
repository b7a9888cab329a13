import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 22,
  name: 'help_connect_settings',
  sqlite: `
    -- LV-2: whether a supporter who typed an end user's help session ID starts without the end
    -- user's Accept step (they acknowledged when they asked for help). Off unless an admin turns it on.
    ALTER TABLE companies ADD COLUMN help_code_skips_accept INTEGER NOT NULL DEFAULT 0;
  `,
  postgres: `
    ALTER TABLE companies ADD COLUMN help_code_skips_accept INTEGER NOT NULL DEFAULT 0;
  `,
};
