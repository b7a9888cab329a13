import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 16,
  name: 'summary_origin',
  sqlite: `
    -- SI-14: who wrote a summary's current version (a digest of the sign-in session, or the device),
    -- so the client that pushed a change is not sent it back when it pulls.
    ALTER TABLE summaries ADD COLUMN origin TEXT;
  `,
  postgres: `
    ALTER TABLE summaries ADD COLUMN origin TEXT;
  `,
};
