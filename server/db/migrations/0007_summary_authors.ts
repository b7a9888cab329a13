import type { Migration } from '../../../src-shared/sqlite/migrate';

export const migration: Migration = {
  version: 7,
  name: 'summary_authors',
  up: `
    -- SI-9: who wrote each summary's current version (NULL: the summarizer, or a company device).
    ALTER TABLE summaries ADD COLUMN updated_by TEXT;
  `,
};
