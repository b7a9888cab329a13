import type { EndpointMigration } from './migration';

/** What the search index holds of a summary row `r` (its current fields): as the desktop cache indexes it. */
const indexed = (r: string) => `
  json_extract(${r}.fields, '$.title'),
  concat_ws(char(10),
    json_extract(${r}.fields, '$.problem'),
    (SELECT group_concat(a.value, char(10)) FROM json_each(${r}.fields, '$.actionsTaken') a),
    json_extract(${r}.fields, '$.outcome'),
    (SELECT group_concat(f.value, char(10)) FROM json_each(${r}.fields, '$.followUps') f)),
  (SELECT group_concat(p.value, ' ') FROM json_each(${r}.fields, '$.applications') p),
  (SELECT group_concat(replace(json_extract(i.value, '$.type'), '_', ' '), ' ') FROM json_each(${r}.fields, '$.issueTypes') i)`;

export const migration: EndpointMigration = {
  version: 18,
  name: 'summary_search',
  sqlite: `
    -- SI-9 in the web console: full-text search over each company's live summaries, as the
    -- desktop cache searches its own (the same columns, tokenizer and prefixes). A row's search
    -- entry is keyed by its change_seq (unique, and stable across VACUUM); triggers keep the index
    -- in step with every write, so deleted summaries leave it at once.
    CREATE VIRTUAL TABLE summaries_fts USING fts5 (
      title, body, applications, issue_types, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    );
    INSERT INTO summaries_fts (rowid, title, body, applications, issue_types)
      SELECT s.change_seq, ${indexed('s')} FROM summaries s WHERE s.deleted = 0 AND s.fields IS NOT NULL;

    CREATE TRIGGER summaries_fts_insert AFTER INSERT ON summaries
      WHEN new.deleted = 0 AND new.fields IS NOT NULL
    BEGIN
      INSERT INTO summaries_fts (rowid, title, body, applications, issue_types) SELECT new.change_seq, ${indexed('new')};
    END;
    CREATE TRIGGER summaries_fts_update AFTER UPDATE ON summaries
    BEGIN
      DELETE FROM summaries_fts WHERE rowid = old.change_seq;
      INSERT INTO summaries_fts (rowid, title, body, applications, issue_types)
        SELECT new.change_seq, ${indexed('new')} WHERE new.deleted = 0 AND new.fields IS NOT NULL;
    END;
    CREATE TRIGGER summaries_fts_delete AFTER DELETE ON summaries
    BEGIN
      DELETE FROM summaries_fts WHERE rowid = old.change_seq;
    END;

    -- The console's list: a company's summaries, newest first.
    CREATE INDEX summaries_by_created ON summaries (company_id, created_at DESC);
  `,
  postgres: `
    -- The same search on PostgreSQL: the four parts as a weighted tsvector kept in a generated column
    -- (so every write keeps it in step, and a deleted summary drops out at once), words folded to
    -- lower case without diacritics as unicode61 does, searched by prefix through a GIN index.
    CREATE EXTENSION IF NOT EXISTS unaccent;
    CREATE TEXT SEARCH CONFIGURATION tandem_search (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION tandem_search
      ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;
    CREATE FUNCTION tandem_summary_search(fields TEXT) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('tandem_search', coalesce(f ->> 'title', '')), 'A')
          || setweight(to_tsvector('tandem_search', concat_ws(E'\\n',
               f ->> 'problem',
               (SELECT string_agg(a #>> '{}', E'\\n') FROM jsonb_path_query(f, '$.actionsTaken[*]') a),
               f ->> 'outcome',
               (SELECT string_agg(u #>> '{}', E'\\n') FROM jsonb_path_query(f, '$.followUps[*]') u))), 'B')
          || setweight(to_tsvector('tandem_search', coalesce(
               (SELECT string_agg(p #>> '{}', ' ') FROM jsonb_path_query(f, '$.applications[*]') p), '')), 'C')
          || setweight(to_tsvector('tandem_search', coalesce(
               (SELECT string_agg(replace(i ->> 'type', '_', ' '), ' ') FROM jsonb_path_query(f, '$.issueTypes[*]') i),
               '')), 'D')
          FROM (SELECT fields::jsonb AS f) AS parsed
      $$;
    ALTER TABLE summaries ADD COLUMN search tsvector
      GENERATED ALWAYS AS (CASE WHEN deleted = 0 AND fields IS NOT NULL THEN tandem_summary_search(fields) END) STORED;
    CREATE INDEX summaries_search ON summaries USING gin (search);

    CREATE INDEX summaries_by_created ON summaries (company_id, created_at DESC);
  `,
};
