import type { Statement } from 'better-sqlite3';
import type { ServerDatabase } from '../db/serverDatabase';
import {
  issueTypeSchema,
  summaryFieldsSchema,
  type SummaryFields,
  type SummaryFilter,
  type SummaryOverview,
  type SummaryVersion,
} from '../../src-shared/domain/summary';
import { statementCache } from '../../src-shared/sqlite/statements';
import type { SummaryRow } from './summaryFeed';

type Row = SummaryRow;

/** A live summary as the Insights list shows it; the endpoint holds nothing pending or in conflict. */
export interface SummaryListItem {
  id: string;
  requestId: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  pending: false;
  conflict: false;
  fields: SummaryFields;
}

const toItem = (row: Row): SummaryListItem => ({
  id: row.id,
  requestId: row.request_id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
  pending: false,
  conflict: false,
  fields: summaryFieldsSchema.parse(JSON.parse(row.fields!)),
});

/** An FTS5 query from what someone typed, as the desktop cache builds it: each word a prefix, all required. */
function ftsQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 12);
  return words.length === 0 ? null : words.map((word) => `"${word.replaceAll('"', '')}"*`).join(' ');
}

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/**
 * The SQL narrowing a company's live summaries (alias `s`) to a filter, with the desktop's
 * semantics: within a kind any value matches, kinds combine, the search needs every word as a
 * prefix; null when the search has no word (nothing matches, as on the desktop).
 */
function filterSql(companyId: string, filter: SummaryFilter): { from: string; params: unknown[] } | null {
  const clauses = ['s.company_id = ?', 's.deleted = 0', 's.fields IS NOT NULL'];
  const params: unknown[] = [companyId];
  let from = 'FROM summaries s';
  if (filter.query?.trim()) {
    const match = ftsQuery(filter.query);
    if (!match) return null;
    from = 'FROM summaries_fts f JOIN summaries s ON s.change_seq = f.rowid';
    clauses.push('summaries_fts MATCH ?');
    params.push(match);
  }
  if (filter.issueTypes?.length) {
    clauses.push(
      `EXISTS (SELECT 1 FROM json_each(s.fields, '$.issueTypes') i WHERE json_extract(i.value, '$.type') IN (${placeholders(filter.issueTypes)}))`,
    );
    params.push(...filter.issueTypes);
  }
  if (filter.applications?.length) {
    clauses.push(
      `EXISTS (SELECT 1 FROM json_each(s.fields, '$.applications') a WHERE a.value IN (${placeholders(filter.applications)}))`,
    );
    params.push(...filter.applications);
  }
  if (filter.devices?.length) {
    clauses.push(`json_extract(s.fields, '$.device.id') IN (${placeholders(filter.devices)})`);
    params.push(...filter.devices);
  }
  if (filter.supporters?.length) {
    clauses.push(
      `EXISTS (SELECT 1 FROM json_each(s.fields, '$.participants') p WHERE json_extract(p.value, '$.role') = 'supporter' AND json_extract(p.value, '$.name') IN (${placeholders(filter.supporters)}))`,
    );
    params.push(...filter.supporters);
  }
  if (filter.from) {
    clauses.push('s.created_at >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    clauses.push('s.created_at < ?');
    params.push(filter.to);
  }
  return { from: `${from} WHERE ${clauses.join(' AND ')}`, params };
}

/**
 * SI-9 in the web console: the company's summaries as the Insights view reads them (the list with
 * its search, overview, facets, one summary's detail); reading needs *view*. The writes and the
 * devices' change feed are `summaryFeed.ts`. Still on the better-sqlite3 handle (FTS5): the next to
 * move to the data layer, with PostgreSQL's search (migration 18) beside it.
 */
export class SummaryStore {
  readonly #sql: (source: string) => Statement<unknown[], unknown>;

  constructor(db: ServerDatabase) {
    this.#sql = statementCache<Statement<unknown[], unknown>>(db);
  }

  // ---- reading, as the Insights view does (SI-9 in the web console) ----

  /** The company's live summaries, newest first, narrowed by the filter. */
  list(
    companyId: string,
    filter: SummaryFilter,
    limit: number,
    offset: number,
  ): { total: number; items: SummaryListItem[] } {
    const where = filterSql(companyId, filter);
    if (!where) return { total: 0, items: [] };
    const { n } = this.#sql(`SELECT count(*) AS n ${where.from}`).get(...where.params) as { n: number };
    const rows = this.#sql(
      `SELECT s.* ${where.from} ORDER BY s.created_at DESC, s.change_seq DESC LIMIT ? OFFSET ?`,
    ).all(...where.params, limit, offset) as Row[];
    return { total: n, items: rows.map(toItem) };
  }

  /** How many of the filtered summaries name each issue type and application (top 15), as the desktop counts. */
  overview(companyId: string, filter: SummaryFilter): SummaryOverview {
    const where = filterSql(companyId, filter);
    if (!where) return { total: 0, issueTypes: [], applications: [] };
    const { n } = this.#sql(`SELECT count(*) AS n ${where.from}`).get(...where.params) as { n: number };
    const count = (value: string, path: string, limit: number) =>
      this.#sql(
        `WITH matched AS (SELECT s.change_seq AS seq, s.fields ${where.from})
         SELECT ${value} AS value, count(DISTINCT m.seq) AS count FROM matched m, json_each(m.fields, '${path}') x
          GROUP BY 1 ORDER BY count DESC, value LIMIT ${limit}`,
      ).all(...where.params) as { value: string; count: number }[];
    return {
      total: n,
      issueTypes: count("json_extract(x.value, '$.type')", '$.issueTypes', 9).map(({ value, count: c }) => ({
        value: issueTypeSchema.parse(value),
        count: c,
      })),
      applications: count('x.value', '$.applications', 15),
    };
  }

  /** What the filters offer: the applications, devices and supporters of the company's live summaries, most frequent first. */
  facets(companyId: string): { applications: string[]; devices: string[]; supporters: string[] } {
    const values = (value: string, each: string, where = '') =>
      (
        this.#sql(
          `SELECT ${value} AS value FROM summaries s${each}
            WHERE s.company_id = ? AND s.deleted = 0 AND s.fields IS NOT NULL${where}
            GROUP BY 1 ORDER BY count(DISTINCT s.change_seq) DESC, value LIMIT 200`,
        ).all(companyId) as { value: string }[]
      ).map((row) => row.value);
    return {
      applications: values('x.value', ", json_each(s.fields, '$.applications') x"),
      devices: values("json_extract(s.fields, '$.device.id')", ''),
      supporters: values(
        "json_extract(x.value, '$.name')",
        ", json_each(s.fields, '$.participants') x",
        " AND json_extract(x.value, '$.role') = 'supporter'",
      ),
    };
  }

  /**
   * One live summary with its history. The endpoint keeps only the current version of a summary,
   * so the history is that version alone (its number, when and by whom it was written).
   */
  detail(
    companyId: string,
    id: string,
  ): { summary: SummaryListItem; history: SummaryVersion[]; conflict: null } | null {
    const row = this.#sql(
      'SELECT * FROM summaries WHERE company_id = ? AND id = ? AND deleted = 0 AND fields IS NOT NULL',
    ).get(companyId, id) as Row | undefined;
    if (!row) return null;
    const summary = toItem(row);
    return {
      summary,
      history: [{ version: row.version, changedAt: row.updated_at, changedBy: row.updated_by, fields: summary.fields }],
      conflict: null,
    };
  }
}
