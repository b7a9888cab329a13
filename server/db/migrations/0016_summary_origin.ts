import type { Migration } from '../../../src-shared/sqlite/migrate';

export const migration: Migration = {
  version: 16,
  name: 'summary_origin',
  up: `
    -- SI-14: who wrote a summary's current version (a digest of the sign-in session, or the device),
    -- so the client that pushed a change is not sent it back when it pulls.
    ALTER TABLE summaries ADD COLUMN origin TEXT;
  `,
};
