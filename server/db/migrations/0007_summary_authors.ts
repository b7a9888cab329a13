import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 7,
  name: 'summary_authors',
  sqlite: `
    -- SI-9: who wrote each summary's current version (NULL: the summarizer, or a company device).
    ALTER TABLE summaries ADD COLUMN updated_by TEXT;
  `,
  postgres: `
    ALTER TABLE summaries ADD COLUMN updated_by TEXT;
  `,
};
