import type { Statement } from 'better-sqlite3';
import type { ServerDatabase } from '../db/serverDatabase';
import type { Permission } from '../../src-shared/domain/accounts';
import {
  issueTypeSchema,
  summaryFieldsSchema,
  type SummaryFields,
  type SummaryFilter,
  type SummaryOverview,
  type SummaryVersion,
} from '../../src-shared/domain/summary';
import type { SummaryEvent } from '../../src-shared/domain/integrations';
import type { SummaryChange, SummaryPushResult, SyncedSummary } from '../../src-shared/domain/summarySync';
import { statementCache } from '../../src-shared/sqlite/statements';

interface Row {
  id: string;
  request_id: string;
  version: number;
  created_at: string;
  updated_at: string;
  deleted: number;
  fields: string | null;
  updated_by: string | null;
  change_seq: number;
}

const toSynced = (row: Row): SyncedSummary => ({
  id: row.id,
  requestId: row.request_id,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  deleted: row.deleted === 1,
  fields: row.fields === null ? null : summaryFieldsSchema.parse(JSON.parse(row.fields)),
  updatedBy: row.updated_by,
});

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
 * SI-14: the company's summaries on the cloud endpoint. The conflict rules (README, "Sync"):
 * - a change based on the current version applies and makes the next version;
 * - edit against edit: refused as a conflict; the endpoint's copy goes back, the user keeps both;
 * - edit against delete: the edit wins and restores the summary (a delete never discards work
 *   done after what the deleting side saw); a delete based on an older version is a conflict.
 * Adding a summary of one's own session needs only a company account; changing one needs
 * *edit*, deleting *delete*, reading *view*.
 */
export class SummaryStore {
  readonly #sql: (source: string) => Statement<unknown[], unknown>;

  constructor(
    private readonly db: ServerDatabase,
    /** Told of every change applied, inside its transaction (SI-12: webhooks and connectors). */
    private readonly changed: (companyId: string, summary: () => SyncedSummary, event: SummaryEvent) => void = () =>
      undefined,
  ) {
    this.#sql = statementCache<Statement<unknown[], unknown>>(db);
  }

  /** One summary as the endpoint holds it (tombstones included), or null. */
  get(companyId: string, id: string): SyncedSummary | null {
    const row = this.#sql('SELECT * FROM summaries WHERE company_id = ? AND id = ?').get(companyId, id) as
      Row | undefined;
    return row ? toSynced(row) : null;
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

  /**
   * `author`: the user's name, shown with the version; null for a company device. `origin`: who
   * pushed (a digest of the sign-in session, or the device), so their own changes are not sent back.
   */
  push(
    companyId: string,
    permissions: readonly Permission[],
    changes: readonly SummaryChange[],
    now: Date,
    author: string | null = null,
    origin: string | null = null,
  ) {
    return this.db.transaction(() =>
      changes.map((change) => {
        const known = this.#sql('SELECT result FROM summary_push_keys WHERE company_id = ? AND key = ?').get(
          companyId,
          change.key,
        ) as { result: string } | undefined;
        if (known) return JSON.parse(known.result) as SummaryPushResult;
        const result = this.#apply(companyId, permissions, change, now.toISOString(), author, origin);
        this.#sql('INSERT INTO summary_push_keys (company_id, key, result) VALUES (?, ?, ?)').run(
          companyId,
          change.key,
          JSON.stringify(result),
        );
        return result;
      }),
    )();
  }

  /**
   * Changes after `since`, oldest first, at most `limit` of them. Changes `origin` made itself are
   * left out — the pusher already holds them — and never count towards the page, so a device that
   * pushed 10,000 summaries pulls once afterwards, not once per page of its own changes.
   * The cursor is the highest change number this answer accounts for: with `more`, the last
   * change on the page; without, the company's last change after `since`, whoever made it (so
   * the caller's own changes after the page are passed over, even when the page is empty).
   */
  pull(companyId: string, since: number, limit: number, origin: string | null = null) {
    return this.db.transaction(() => {
      const rows = (
        origin === null
          ? this.#sql(
              'SELECT * FROM summaries WHERE company_id = ? AND change_seq > ? ORDER BY change_seq LIMIT ?',
            ).all(companyId, since, limit + 1)
          : this.#sql(
              'SELECT * FROM summaries WHERE company_id = ? AND change_seq > ? AND origin IS NOT ? ORDER BY change_seq LIMIT ?',
            ).all(companyId, since, origin, limit + 1)
      ) as Row[];
      const page = rows.slice(0, limit);
      const more = rows.length > limit;
      const cursor = more
        ? page[page.length - 1]!.change_seq
        : ((
            this.#sql('SELECT max(change_seq) AS last FROM summaries WHERE company_id = ? AND change_seq > ?').get(
              companyId,
              since,
            ) as { last: number | null }
          ).last ?? since);
      return { changes: page.map(toSynced), cursor, more };
    })();
  }

  #apply(
    companyId: string,
    permissions: readonly Permission[],
    change: SummaryChange,
    at: string,
    author: string | null,
    origin: string | null,
  ): SummaryPushResult {
    const row = this.#sql('SELECT * FROM summaries WHERE company_id = ? AND id = ?').get(companyId, change.id) as
      Row | undefined;
    const refuse = (permission: Permission) => ({
      status: 'refused' as const,
      id: change.id,
      reason: `Your role does not include the permission "${permission}".`,
    });

    if (change.op === 'delete') {
      if (!permissions.includes('insights.delete')) return refuse('insights.delete');
      if (!row) return { status: 'applied', id: change.id, version: 0 };
      if (row.deleted === 1)
        return { status: 'applied', id: change.id, version: row.version, updatedAt: row.updated_at };
      if (change.baseVersion !== row.version) return { status: 'conflict', id: change.id, server: toSynced(row) };
      this.#write(companyId, origin, {
        ...row,
        version: row.version + 1,
        updated_at: at,
        deleted: 1,
        fields: null,
        updated_by: author,
      });
      return { status: 'applied', id: change.id, version: row.version + 1, updatedAt: at };
    }

    const fields = JSON.stringify(change.fields);
    if (!row) {
      this.#write(companyId, origin, {
        id: change.id,
        request_id: change.requestId,
        version: 1,
        created_at: change.createdAt,
        updated_at: at,
        deleted: 0,
        fields,
        // The first version is the summarizer's, whoever hands it in.
        updated_by: null,
      });
      return { status: 'applied', id: change.id, version: 1, updatedAt: at };
    }
    if (!permissions.includes('insights.edit')) return refuse('insights.edit');
    if (change.baseVersion !== row.version && row.deleted === 0) {
      return { status: 'conflict', id: change.id, server: toSynced(row) };
    }
    this.#write(companyId, origin, {
      ...row,
      version: row.version + 1,
      updated_at: at,
      deleted: 0,
      fields,
      updated_by: author,
    });
    return { status: 'applied', id: change.id, version: row.version + 1, updatedAt: at };
  }

  #write(
    companyId: string,
    origin: string | null,
    { change_seq: _, ...row }: Omit<Row, 'change_seq'> & { change_seq?: number },
  ): void {
    this.#sql(
      `INSERT INTO summaries (company_id, id, request_id, version, created_at, updated_at, deleted, fields, updated_by, change_seq, origin)
         VALUES (@companyId, @id, @request_id, @version, @created_at, @updated_at, @deleted, @fields, @updated_by,
                 (SELECT coalesce(max(change_seq), 0) + 1 FROM summaries), @origin)
         ON CONFLICT (company_id, id) DO UPDATE SET
           version = excluded.version, updated_at = excluded.updated_at, deleted = excluded.deleted,
           fields = excluded.fields, updated_by = excluded.updated_by, change_seq = excluded.change_seq,
           origin = excluded.origin`,
    ).run({ companyId, ...row, origin });
    const event = row.deleted === 1 ? 'summary.deleted' : row.version === 1 ? 'summary.created' : 'summary.updated';
    this.changed(companyId, () => toSynced({ ...row, change_seq: 0 }), event);
  }
}
