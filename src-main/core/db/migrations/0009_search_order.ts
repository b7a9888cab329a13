import type { Migration } from '../../../../src-shared/sqlite/migrate';

/**
 * Search that reads only what it shows: the list's order is a key of its own (`sort_key`: the
 * creation time in milliseconds × 1024, plus a counter for summaries of the same millisecond), and
 * the search index's rowid is that key. The newest 50 matches are then the index's last 50 rows,
 * read backwards, and counting matches never touches the summaries table. Two- and three-letter
 * prefix indexes answer what is typed before a word is complete.
 */
export const migration: Migration = {
  version: 9,
  name: 'search_order',
  up: `
    ALTER TABLE summaries ADD COLUMN sort_key INTEGER;
    UPDATE summaries SET sort_key = (
      SELECT CAST(round(unixepoch(o.created_at, 'subsec') * 1000) AS INTEGER) * 1024 + o.n
        FROM (SELECT seq, created_at, row_number() OVER (PARTITION BY created_at ORDER BY seq) - 1 AS n FROM summaries) o
       WHERE o.seq = summaries.seq);
    CREATE UNIQUE INDEX summaries_order ON summaries (sort_key);
    DROP INDEX summaries_live;
    CREATE INDEX summaries_live ON summaries (deleted, sort_key DESC);

    DROP TABLE summaries_fts;
    CREATE VIRTUAL TABLE summaries_fts USING fts5 (
      title, body, applications, issue_types, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
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
