import type { Migration } from '../../../../src-shared/sqlite/migrate';

/**
 * The search index without a second copy of the text: a contentless FTS5 table (`content = ''`)
 * keeps only the index, since the list reads summaries from `summaries` and asks the index for
 * nothing but rowids; `contentless_delete = 1` lets an edit or a delete remove a row by its rowid
 * alone, as before. Same tokenizer, prefixes and rowids (the sort key), so every search answers
 * as it did; a sync writes about a third less to the index (a pulled page of 500 summaries is
 * 1 MB of text that was stored twice).
 */
export const migration: Migration = {
  version: 10,
  name: 'search_contentless',
  up: `
    DROP TABLE summaries_fts;
    CREATE VIRTUAL TABLE summaries_fts USING fts5 (
      title, body, applications, issue_types, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3',
      content = '', contentless_delete = 1
    );
    INSERT INTO summaries_fts (rowid, title, body, applications, issue_types)
      SELECT s.sort_key,
             json_extract(s.fields, '$.title'),
             concat_ws(char(10),
               json_extract(s.fields, '$.problem'),
               (SELECT group_concat(a.value, char(10)) FROM json_each(s.fields, '$.actionsTaken') a),
               json_extract(s.fields, '$.outcome'),
               (SELECT group_concat(f.value, char(10)) FROM json_each(s.fields, '$.followUps') f)),
             (SELECT group_concat(p.value, ' ') FROM json_each(s.fields, '$.applications') p),
             (SELECT group_concat(replace(json_extract(i.value, '$.type'), '_', ' '), ' ') FROM json_each(s.fields, '$.issueTypes') i)
        FROM summaries s WHERE s.deleted = 0;
  `,
};
