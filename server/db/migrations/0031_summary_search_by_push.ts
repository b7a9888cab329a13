import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 31,
  name: 'summary_search_by_push',
  sqlite: `
    -- SI-9 in the web console: a push indexes the summaries it writes itself, in one statement, from
    -- the fields it already holds (indexSummaries in server/db/dialect.ts); these triggers read each
    -- row's JSON back five times, most of a push's time. A row deleted outright still leaves the index.
    DROP TRIGGER summaries_fts_insert;
    DROP TRIGGER summaries_fts_update;
  `,
  // PostgreSQL's search column is generated with every write (migration 20).
  postgres: `SELECT 1;`,
};
