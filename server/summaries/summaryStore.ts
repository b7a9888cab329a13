import type { Statement } from 'better-sqlite3';
import type { ServerDatabase } from '../db/serverDatabase';
import type { Permission } from '../../src-shared/domain/accounts';
import { summaryFieldsSchema } from '../../src-shared/domain/summary';
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
   * Changes after `since`, oldest first. Changes `origin` made itself are left out of the page —
   * the pusher already holds them — while the cursor still moves past them.
   */
  pull(companyId: string, since: number, limit: number, origin: string | null = null) {
    const rows = this.#sql(
      'SELECT * FROM summaries WHERE company_id = ? AND change_seq > ? ORDER BY change_seq LIMIT ?',
    ).all(companyId, since, limit + 1) as (Row & { origin: string | null })[];
    const page = rows.slice(0, limit);
    return {
      changes: page.filter((row) => origin === null || row.origin !== origin).map(toSynced),
      cursor: page.length > 0 ? page[page.length - 1]!.change_seq : since,
      more: rows.length > limit,
    };
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
