import { randomUUID } from 'node:crypto';
import { summaryFieldsSchema, type SummaryFields } from '../../../src-shared/domain/summary';
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
}

interface Row {
  id: string;
  request_id: string;
  company_id: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  fields: string;
  pending: number;
}

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
 * SI-14: Session Insights summaries in the desktop database — STRICT tables, FTS5 search, and
 * an outbox of local changes for the sync engine. Every write is one transaction: a crash
 * leaves either the whole change (summary, search row, outbox entry) or none of it.
 */
export class SummaryCache {
  constructor(private readonly db: DesktopDatabase) {}

  /** The summary a session left; written once per session. */
  add(requestId: string, companyId: string | null, fields: SummaryFields, now = new Date()): CachedSummary {
    const parsed = summaryFieldsSchema.parse(fields);
    const id = randomUUID();
    const at = now.toISOString();
    this.db.transaction(() => {
      const { lastInsertRowid } = this.db
        .prepare(
          'INSERT INTO summaries (id, request_id, company_id, created_at, updated_at, version, fields) VALUES (?, ?, ?, ?, ?, 1, ?)',
        )
        .run(id, requestId, companyId, at, at, JSON.stringify(parsed));
      this.#index(Number(lastInsertRowid), parsed);
      this.db
        .prepare("INSERT INTO outbox (summary_id, op, version, created_at) VALUES (?, 'upsert', 1, ?)")
        .run(id, at);
    })();
    return this.get(id)!;
  }

  get(id: string): CachedSummary | null {
    const row = this.db.prepare(`${SELECT} FROM summaries s WHERE s.id = ? AND s.deleted = 0`).get(id) as
      Row | undefined;
    return row ? toSummary(row) : null;
  }

  forSession(requestId: string): CachedSummary | null {
    const row = this.db
      .prepare(`${SELECT} FROM summaries s WHERE s.request_id = ? AND s.deleted = 0`)
      .get(requestId) as Row | undefined;
    return row ? toSummary(row) : null;
  }

  /** Newest first; with a query, only summaries matching every word (as a prefix). */
  list(options: { query?: string | undefined; limit: number; offset: number }): {
    total: number;
    items: CachedSummary[];
  } {
    const match = options.query ? ftsQuery(options.query) : null;
    if (options.query && !match) return { total: 0, items: [] };
    // The search index shares the summaries' rowid, so a match joins straight to its row.
    const from = match
      ? 'FROM summaries s JOIN summaries_fts f ON f.rowid = s.seq WHERE summaries_fts MATCH ? AND s.deleted = 0'
      : 'FROM summaries s WHERE s.deleted = 0';
    const params = match ? [match] : [];
    const total = (this.db.prepare(`SELECT count(*) AS n ${from}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`${SELECT} ${from} ORDER BY s.created_at DESC, s.id LIMIT ? OFFSET ?`)
      .all(...params, options.limit, options.offset) as Row[];
    return { total, items: rows.map(toSummary) };
  }

  outbox(): { seq: number; summaryId: string; op: 'upsert' | 'delete'; version: number }[] {
    return this.db.prepare('SELECT seq, summary_id AS summaryId, op, version FROM outbox ORDER BY seq').all() as never;
  }

  #index(seq: number, fields: SummaryFields): void {
    this.db.prepare('DELETE FROM summaries_fts WHERE rowid = ?').run(seq);
    this.db
      .prepare('INSERT INTO summaries_fts (rowid, title, body, applications, issue_types) VALUES (?, ?, ?, ?, ?)')
      .run(
        seq,
        fields.title,
        [fields.problem, ...fields.actionsTaken, fields.outcome, ...fields.followUps].join('\n'),
        fields.applications.join(' '),
        fields.issueTypes.map((issue) => issue.type.replaceAll('_', ' ')).join(' '),
      );
  }
}

const SELECT = `SELECT s.id, s.request_id, s.company_id, s.created_at, s.updated_at, s.version, s.fields,
                       EXISTS (SELECT 1 FROM outbox o WHERE o.summary_id = s.id) AS pending`;

function toSummary(row: Row): CachedSummary {
  return {
    id: row.id,
    requestId: row.request_id,
    companyId: row.company_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    fields: summaryFieldsSchema.parse(JSON.parse(row.fields)),
    pending: row.pending === 1,
  };
}
