import type { Statement } from 'better-sqlite3';
import {
  issueTypeSchema,
  summaryFieldsSchema,
  type SummaryFilter,
  type SummaryOverview,
  type SummaryVersion,
  type SummaryFields,
} from '../../../src-shared/domain/summary';
import type { SyncedSummary } from '../../../src-shared/domain/summarySync';
import { statementCache } from '../../../src-shared/sqlite/statements';
import type { DesktopDatabase } from '../db/desktopDatabase';

export interface CachedSummary {
  id: string;
  requestId: string;
  companyId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  fields: SummaryFields;
  /** Local changes not yet pushed to the cloud endpoint. */
  pending: boolean;
  /** Changed here and on another device: waiting for the user to choose. */
  conflict: boolean;
  /** Deleted on this device, the delete not yet confirmed (it is listed only while in conflict). */
  deletedHere: boolean;
  /** Changed by someone since the summarizer wrote it (here or on another device). */
  edited: boolean;
}

interface SummaryRow {
  id: string;
  request_id: string;
  company_id: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  fields: string;
  pending: number;
  conflict: number;
  deleted_here: number;
  edited: number;
}

/**
 * How far past a page's start a search counts its matches: past it the list says "1,000+" and
 * grows as it is scrolled. The count of every match is the overview's, asked once typing pauses.
 */
export const SEARCH_COUNT_BOUND = 1000;

/** A page of the list; `total` is exact unless `totalIsLowerBound` (then at least that many match). */
export interface SummaryPage {
  total: number;
  totalIsLowerBound: boolean;
  items: CachedSummary[];
}

const FACET_KINDS = [
  ['issue', 'issueTypes'],
  ['app', 'applications'],
  ['device', 'devices'],
  ['supporter', 'supporters'],
] as const;

/** An FTS5 query from what someone typed: each word a prefix, all of them required. */
export function ftsQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 12);
  return words.length === 0 ? null : words.map((word) => `"${word.replaceAll('"', '')}"*`).join(' ');
}

/**
 * SI-9: reading the summary cache — one summary, the filtered list (newest first, FTS5 search),
 * the overview's counts, the filters' values, a summary's history and its conflict. Nothing here
 * writes; `SummaryCache` adds the writes and the sync's bookkeeping on top.
 */
export class SummaryReads {
  protected readonly sql: (source: string) => Statement<unknown[], unknown>;

  constructor(protected readonly db: DesktopDatabase) {
    this.sql = statementCache<Statement<unknown[], unknown>>(db);
  }

  get(id: string): CachedSummary | null {
    const row = this.sql(`${SUMMARY_SELECT} FROM summaries s WHERE s.id = ? AND s.deleted = 0`).get(id) as
      SummaryRow | undefined;
    return row ? toSummary(row) : null;
  }

  forSession(requestId: string): CachedSummary | null {
    const row = this.sql(`${SUMMARY_SELECT} FROM summaries s WHERE s.request_id = ? AND s.deleted = 0`).get(
      requestId,
    ) as SummaryRow | undefined;
    return row ? toSummary(row) : null;
  }

  /**
   * Newest first, narrowed by the filter (a query matches every word, as a prefix). A search counts
   * its matches only to SEARCH_COUNT_BOUND past the page's start: `totalIsLowerBound` says more match.
   */
  list(options: SummaryFilter & { limit: number; offset: number }): SummaryPage {
    const { limit, offset, ...filter } = options;
    const where = this.#where(filter);
    if (!where) return { total: 0, totalIsLowerBound: false, items: [] };
    if (where.search) {
      // One walk of the index, newest first, gives the page and the count up to the bound. The
      // index holds 2- and 3-letter prefixes, so a word's first letter merges every term starting
      // with it (5–10 ms at 100,000 summaries); counting all its matches merged them a second time.
      const reach = offset + Math.max(limit, SEARCH_COUNT_BOUND);
      const keys = (
        this.sql(`SELECT f.rowid AS k ${where.from} ORDER BY f.rowid DESC LIMIT ?`).all(...where.params, reach + 1) as {
          k: number;
        }[]
      ).map((row) => row.k);
      const page = keys.slice(offset, offset + limit);
      const rows = page.length
        ? (this.sql(
            `${SUMMARY_SELECT} FROM summaries s WHERE s.sort_key IN (SELECT value FROM json_each(?)) ORDER BY s.sort_key DESC`,
          ).all(JSON.stringify(page)) as SummaryRow[])
        : [];
      return {
        total: Math.min(keys.length, reach),
        totalIsLowerBound: keys.length > reach,
        items: rows.map(toSummary),
      };
    }
    const total = this.sql(`SELECT count(*) AS n ${where.from}`).get(...where.params) as { n: number };
    const rows = this.sql(`${SUMMARY_SELECT} ${where.from} ORDER BY s.sort_key DESC LIMIT ? OFFSET ?`).all(
      ...where.params,
      limit,
      offset,
    ) as SummaryRow[];
    return { total: total.n, totalIsLowerBound: false, items: rows.map(toSummary) };
  }

  /** How SQLite answers `list` for this filter (EXPLAIN QUERY PLAN): which index, and whether it sorts. */
  listPlan(filter: SummaryFilter): string[] {
    const where = this.#where(filter);
    if (!where) return [];
    const order = where.search ? 'f.rowid DESC' : 's.sort_key DESC';
    return (
      this.sql(`EXPLAIN QUERY PLAN ${SUMMARY_SELECT} ${where.from} ORDER BY ${order} LIMIT 50 OFFSET 0`).all(
        ...where.params,
      ) as { detail: string }[]
    ).map((row) => row.detail);
  }

  /** SI-9: how many of the filtered summaries name each issue type and application (top 15). */
  overview(filter: SummaryFilter): SummaryOverview {
    const where = this.#where(filter);
    if (!where) return { total: 0, issueTypes: [], applications: [] };
    const total = (this.sql(`SELECT count(*) AS n ${where.from}`).get(...where.params) as { n: number }).n;
    const rows = this.sql(
      `SELECT kind, value, count(*) AS count FROM summary_facets
        WHERE kind IN ('issue', 'app') AND seq IN (SELECT s.seq ${where.from})
        GROUP BY kind, value ORDER BY count DESC, value`,
    ).all(...where.params) as { kind: 'issue' | 'app'; value: string; count: number }[];
    return {
      total,
      issueTypes: rows
        .filter((row) => row.kind === 'issue')
        .map(({ value, count }) => ({ value: issueTypeSchema.parse(value), count })),
      applications: rows
        .filter((row) => row.kind === 'app')
        .slice(0, 15)
        .map(({ value, count }) => ({ value, count })),
    };
  }

  /** What the filters offer: the applications, devices and supporters in the cache, most frequent first. */
  facetValues(): { applications: string[]; devices: string[]; supporters: string[] } {
    const rows = this.sql(
      `SELECT kind, value FROM summary_facets WHERE kind IN ('app', 'device', 'supporter')
        GROUP BY kind, value ORDER BY count(*) DESC, value`,
    ).all() as { kind: 'app' | 'device' | 'supporter'; value: string }[];
    const of = (kind: string) =>
      rows
        .filter((row) => row.kind === kind)
        .slice(0, 200)
        .map((row) => row.value);
    return { applications: of('app'), devices: of('device'), supporters: of('supporter') };
  }

  /** Every version this device has seen of a summary, oldest first; edits made here and not yet confirmed have none. */
  history(id: string): SummaryVersion[] {
    return (
      this.sql(
        'SELECT version, changed_at, changed_by, fields FROM summary_history WHERE summary_id = ? ORDER BY seq',
      ).all(id) as { version: number | null; changed_at: string; changed_by: string | null; fields: string }[]
    ).map((row) => ({
      version: row.version,
      changedAt: row.changed_at,
      changedBy: row.changed_by,
      fields: summaryFieldsSchema.parse(JSON.parse(row.fields)),
    }));
  }

  /** The endpoint's copy of a summary in conflict, or null. */
  conflictWith(id: string): SyncedSummary | null {
    const row = this.sql('SELECT server FROM summary_conflicts WHERE summary_id = ?').get(id) as
      { server: string } | undefined;
    return row ? (JSON.parse(row.server) as SyncedSummary) : null;
  }

  #where(filter: SummaryFilter): { from: string; params: unknown[]; search: boolean } | null {
    const clauses = ['s.deleted = 0'];
    const params: unknown[] = [];
    let from = 'FROM summaries s';
    const search = Boolean(filter.query?.trim());
    if (filter.query?.trim()) {
      const match = ftsQuery(filter.query);
      if (!match) return null;
      // The search index's rowid is the summary's sort key: a match joins straight to its row.
      from = 'FROM summaries_fts f JOIN summaries s ON s.sort_key = f.rowid';
      clauses.push('summaries_fts MATCH ?');
      params.push(match);
    }
    for (const [kind, key] of FACET_KINDS) {
      const values = filter[key];
      if (!values?.length) continue;
      clauses.push(
        `s.seq IN (SELECT seq FROM summary_facets WHERE kind = ? AND value IN (${values.map(() => '?').join(', ')}))`,
      );
      params.push(kind, ...values);
    }
    if (filter.from) {
      clauses.push('s.created_at >= ?');
      params.push(filter.from);
    }
    if (filter.to) {
      clauses.push('s.created_at < ?');
      params.push(filter.to);
    }
    return {
      from: `${from} WHERE ${clauses.join(' AND ')}`,
      params,
      search,
    };
  }
}

const SUMMARY_SELECT = `SELECT s.id, s.request_id, s.company_id, s.created_at, s.updated_at, s.version, s.fields,
                       EXISTS (SELECT 1 FROM outbox o WHERE o.summary_id = s.id) AS pending,
                       EXISTS (SELECT 1 FROM summary_conflicts c WHERE c.summary_id = s.id) AS conflict,
                       EXISTS (SELECT 1 FROM outbox d WHERE d.summary_id = s.id AND d.op = 'delete') AS deleted_here,
                       (s.version > 1 OR (SELECT count(*) FROM summary_history h WHERE h.summary_id = s.id) > 1) AS edited`;

function toSummary(row: SummaryRow): CachedSummary {
  return {
    id: row.id,
    requestId: row.request_id,
    companyId: row.company_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    fields: summaryFieldsSchema.parse(JSON.parse(row.fields)),
    pending: row.pending === 1,
    conflict: row.conflict === 1,
    deletedHere: row.deleted_here === 1,
    edited: row.edited === 1,
  };
}
