import type { EndpointMigration } from './migration';

/** One part of the summary `f` (jsonb) as words only: punctuation made a space, as unicode61 splits. */
const part = (text: string) => `tandem_search_words(coalesce(${text}, ''))`;

export const migration: EndpointMigration = {
  version: 20,
  name: 'summary_search_words',
  // SQLite's FTS5 (migration 18) already splits every word at punctuation.
  sqlite: `SELECT 1;`,
  postgres: `
    -- SI-9 in the web console: PostgreSQL's parser kept host names, addresses, versions, e-mail
    -- addresses, paths and numbers with a sign or point as one word each ("mail.acme.test",
    -- "192.168.1.10", "laptop-42"), where SQLite's FTS5 and the desktop cache split them at each
    -- punctuation mark, so "acme" or "192.168.1.10" found a summary on one engine and not the other.
    -- Each part is now cut at ASCII punctuation and Unicode's general punctuation before it is
    -- parsed (the parser itself splits at the rest), and words mixing letters and digits lose their
    -- diacritics too. The search column is rebuilt, so existing summaries are indexed anew.
    CREATE FUNCTION tandem_search_words(t TEXT) RETURNS TEXT
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT regexp_replace(t, '[\\u0001-\\u002f\\u003a-\\u0040\\u005b-\\u0060\\u007b-\\u007f\\u00a0\\u00ab\\u00bb\\u2000-\\u206f]+', ' ', 'g')
      $$;
    ALTER TEXT SEARCH CONFIGURATION tandem_search ALTER MAPPING FOR numword WITH unaccent, simple;
    ALTER TABLE summaries DROP COLUMN search;
    CREATE OR REPLACE FUNCTION tandem_summary_search(fields TEXT) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('tandem_search', ${part(`f ->> 'title'`)}), 'A')
          || setweight(to_tsvector('tandem_search', ${part(`concat_ws(E'\\n',
               f ->> 'problem',
               (SELECT string_agg(a #>> '{}', E'\\n') FROM jsonb_path_query(f, '$.actionsTaken[*]') a),
               f ->> 'outcome',
               (SELECT string_agg(u #>> '{}', E'\\n') FROM jsonb_path_query(f, '$.followUps[*]') u))`)}), 'B')
          || setweight(to_tsvector('tandem_search', ${part(
            `(SELECT string_agg(p #>> '{}', ' ') FROM jsonb_path_query(f, '$.applications[*]') p)`,
          )}), 'C')
          || setweight(to_tsvector('tandem_search', ${part(
            `(SELECT string_agg(i ->> 'type', ' ') FROM jsonb_path_query(f, '$.issueTypes[*]') i)`,
          )}), 'D')
          FROM (SELECT fields::jsonb AS f) AS parsed
      $$;
    ALTER TABLE summaries ADD COLUMN search tsvector
      GENERATED ALWAYS AS (CASE WHEN deleted = 0 AND fields IS NOT NULL THEN tandem_summary_search(fields) END) STORED;
    CREATE INDEX summaries_search ON summaries USING gin (search);
  `,
};
