import type { EndpointMigration } from './migration';

/** What the search index holds of a summary row `r`: as migration 18 and `searchColumns` index it. */
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
  version: 32,
  name: 'summary_search_contentless',
  sqlite: `
    -- SI-9 in the web console: the search index without a second copy of each summary's text.
    -- Searches ask it for rowids (change_seq) only, so a contentless FTS5 table answers the same;
    -- contentless_delete lets a push (and the delete trigger of migration 18) remove a row by its
    -- rowid, as before. Same tokenizer and prefixes; rebuilt from the live summaries.
    DROP TABLE summaries_fts;
    CREATE VIRTUAL TABLE summaries_fts USING fts5 (
      title, body, applications, issue_types, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3',
      content = '', contentless_delete = 1
    );
    INSERT INTO summaries_fts (rowid, title, body, applications, issue_types)
      SELECT s.change_seq, ${indexed('s')} FROM summaries s WHERE s.deleted = 0 AND s.fields IS NOT NULL;
  `,
  // PostgreSQL's search column is generated with every write (migration 20).
  postgres: `SELECT 1;`,
};
