import type { Permission } from '../../src-shared/domain/accounts';
import { summaryFieldsSchema, type SummaryFields } from '../../src-shared/domain/summary';
import type { SummaryEvent } from '../../src-shared/domain/integrations';
import type { SummaryChange, SummaryPushResult, SyncedSummary } from '../../src-shared/domain/summarySync';
import { indexSummaries, takeTurn } from '../db/dialect';
import type { EndpointDb, Queries } from '../db/endpointDb';

export interface SummaryRow {
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

const COLUMNS = [
  'id',
  'request_id',
  'version',
  'created_at',
  'updated_at',
  'deleted',
  'fields',
  'updated_by',
  'change_seq',
] as const;

export const toSynced = (row: Omit<SummaryRow, 'change_seq'>): SyncedSummary => ({
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
 * `toSynced(row)` as JSON text, with the row's fields as stored: the endpoint wrote that text itself
 * from fields it had checked (`#apply`), so it goes out as it is, not parsed, checked and written
 * again. Same members, in the same order, as `JSON.stringify(toSynced(row))`.
 */
export function syncedJson(row: Omit<SummaryRow, 'change_seq'>): string {
  const head = JSON.stringify({
    id: row.id,
    requestId: row.request_id,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deleted: row.deleted === 1,
  });
  return `${head.slice(0, -1)},"fields":${row.fields ?? 'null'},"updatedBy":${JSON.stringify(row.updated_by)}}`;
}

/**
 * Told of every change applied, inside its transaction (SI-12: webhooks and connectors): called
 * once per push, it answers what to do for each change of that push.
 */
export type SummaryChanged = (
  trx: Queries,
  companyId: string,
) => Promise<(summary: () => SyncedSummary, event: SummaryEvent) => Promise<void>>;

type Tell = Awaited<ReturnType<SummaryChanged>>;

/** A row a push writes, with its fields as pushed (null for a tombstone) for the search index. */
interface Write {
  row: Omit<SummaryRow, 'change_seq'>;
  fields: SummaryFields | null;
}

const nothingToTell: SummaryChanged = async () => async () => undefined;

/**
 * SI-14: the change feed between the endpoint and the company's desktop caches — push, pull and one
 * summary. The conflict rules (README, "Sync"):
 * - a change based on the current version applies and makes the next version;
 * - edit against edit: refused as a conflict; the endpoint's copy goes back, the user keeps both;
 * - edit against delete: the edit wins and restores the summary (a delete never discards work
 *   done after what the deleting side saw); a delete based on an older version is a conflict.
 * Adding a summary of one's own session needs only a company account; changing one needs
 * *edit*, deleting *delete*.
 *
 * Every change gets the next `change_seq` of the endpoint, and a device pulls what is after its
 * cursor. So that no change can commit behind a cursor a device already holds, pushes take turns
 * (on PostgreSQL an advisory lock held to the commit; SQLite has one writer): change numbers are
 * handed out in commit order. A push's key is answered once, however often it is retried.
 */
export class SummaryFeed {
  readonly #pushed: ((results: readonly SummaryPushResult[]) => void)[] = [];

  constructor(
    private readonly db: EndpointDb,
    private readonly changed: SummaryChanged = nothingToTell,
  ) {}

  /** One summary as the endpoint holds it (tombstones included), or null. */
  async get(companyId: string, id: string): Promise<SyncedSummary | null> {
    const row = await this.db.query
      .selectFrom('summaries')
      .select(COLUMNS)
      .where('company_id', '=', companyId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toSynced(row) : null;
  }

  /**
   * `author`: the user's name, shown with the version; null for a company device. `origin`: who
   * pushed (a digest of the sign-in session, or the device), so their own changes are not sent back.
   */
  async push(
    companyId: string,
    permissions: readonly Permission[],
    changes: readonly SummaryChange[],
    now: Date,
    author: string | null = null,
    origin: string | null = null,
  ): Promise<SummaryPushResult[]> {
    const results = await this.#push(companyId, permissions, changes, now, author, origin);
    for (const listener of this.#pushed) listener(results);
    return results;
  }

  /** `listener` hears each push's results once it committed (the endpoint's metrics count them). */
  onPushed(listener: (results: readonly SummaryPushResult[]) => void): void {
    this.#pushed.push(listener);
  }

  #push(
    companyId: string,
    permissions: readonly Permission[],
    changes: readonly SummaryChange[],
    now: Date,
    author: string | null,
    origin: string | null,
  ): Promise<SummaryPushResult[]> {
    return this.db.transaction(async (trx) => {
      await takeTurn(this.db.engine, trx, 'summaryFeed');
      // What the push needs is read once for all its changes (at most 250, the contract says):
      // the keys already answered and the summaries it touches, kept up to date as it applies them.
      const answered = new Map(
        (
          await trx
            .selectFrom('summary_push_keys')
            .select(['key', 'result'])
            .where('company_id', '=', companyId)
            .where('key', 'in', [...new Set(changes.map((change) => change.key))])
            .execute()
        ).map((row) => [row.key, row.result]),
      );
      const rows = new Map(
        (
          await trx
            .selectFrom('summaries')
            .select(COLUMNS)
            .where('company_id', '=', companyId)
            .where('id', 'in', [...new Set(changes.map((change) => change.id))])
            .execute()
        ).map((row) => [row.id, row]),
      );
      const tell = await this.changed(trx, companyId);
      const results: SummaryPushResult[] = [];
      const newKeys: { company_id: string; key: string; result: string }[] = [];
      // What the push writes, by summary, in the order of each one's last write: all in one statement at the end.
      const stored = new Map(rows);
      const writes = new Map<string, Write>();
      for (const change of changes) {
        const known = answered.get(change.key);
        if (known !== undefined) {
          results.push(JSON.parse(known) as SummaryPushResult);
          continue;
        }
        const result = await this.#apply(rows, writes, tell, permissions, change, now.toISOString(), author);
        const text = JSON.stringify(result);
        answered.set(change.key, text);
        newKeys.push({ company_id: companyId, key: change.key, result: text });
        results.push(result);
      }
      await this.#write(trx, companyId, origin, stored, [...writes.values()]);
      if (newKeys.length > 0) await trx.insertInto('summary_push_keys').values(newKeys).execute();
      return results;
    });
  }

  /**
   * Changes after `since`, oldest first, at most `limit` of them. Changes `origin` made itself are
   * left out — the pusher already holds them — and never count towards the page, so a device that
   * pushed 10,000 summaries pulls once afterwards, not once per page of its own changes.
   * The cursor is the highest change number this answer accounts for: with `more`, the last
   * change on the page; without, the company's last change after `since`, whoever made it (so
   * the caller's own changes after the page are passed over, even when the page is empty).
   * Page and cursor come from one snapshot, so a change committed meanwhile is never passed over.
   */
  async pull(companyId: string, since: number, limit: number, origin: string | null = null) {
    const { rows, cursor, more } = await this.#page(companyId, since, limit, origin);
    return { changes: rows.map(toSynced), cursor, more };
  }

  /**
   * `pull`'s answer as the changes route sends it: JSON text (`summaryPullSchema`), each summary's
   * fields as stored (`syncedJson`). A page of 500 summaries is half a megabyte: parsing, checking
   * and serializing it again took the endpoint more than reading it.
   */
  async pullJson(companyId: string, since: number, limit: number, origin: string | null = null): Promise<string> {
    const { rows, cursor, more } = await this.#page(companyId, since, limit, origin);
    return `{"changes":[${rows.map(syncedJson).join(',')}],"cursor":${cursor},"more":${more}}`;
  }

  #page(companyId: string, since: number, limit: number, origin: string | null) {
    return this.db.snapshot(async (trx) => {
      let query = trx
        .selectFrom('summaries')
        .select(COLUMNS)
        .where('company_id', '=', companyId)
        .where('change_seq', '>', since);
      if (origin !== null) query = query.where('origin', 'is distinct from', origin);
      const rows = await query
        .orderBy('change_seq')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      const more = rows.length > limit;
      const cursor = more
        ? page[page.length - 1]!.change_seq
        : ((
            await trx
              .selectFrom('summaries')
              .select((eb) => eb.fn.max('change_seq').as('last'))
              .where('company_id', '=', companyId)
              .where('change_seq', '>', since)
              .executeTakeFirst()
          )?.last ?? since);
      return { rows: page, cursor: Number(cursor), more };
    });
  }

  /** Decides one change against `rows` (kept up to date) and notes its write in `writes`. */
  async #apply(
    rows: Map<string, SummaryRow>,
    writes: Map<string, Write>,
    tell: Tell,
    permissions: readonly Permission[],
    change: SummaryChange,
    at: string,
    author: string | null,
  ): Promise<SummaryPushResult> {
    const row = rows.get(change.id);
    const write = async (next: Omit<SummaryRow, 'change_seq'>, fields: SummaryFields | null = null) => {
      rows.set(next.id, { ...next, change_seq: 0 });
      writes.delete(next.id);
      writes.set(next.id, { row: next, fields });
      const event = next.deleted === 1 ? 'summary.deleted' : next.version === 1 ? 'summary.created' : 'summary.updated';
      await tell(() => toSynced(next), event);
    };
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
      await write({
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
      await write(
        {
          id: change.id,
          request_id: change.requestId,
          version: 1,
          created_at: change.createdAt,
          updated_at: at,
          deleted: 0,
          fields,
          // The first version is the summarizer's, whoever hands it in.
          updated_by: null,
        },
        change.fields,
      );
      return { status: 'applied', id: change.id, version: 1, updatedAt: at };
    }
    if (!permissions.includes('insights.edit')) return refuse('insights.edit');
    if (change.baseVersion !== row.version && row.deleted === 0) {
      return { status: 'conflict', id: change.id, server: toSynced(row) };
    }
    await write(
      {
        ...row,
        version: row.version + 1,
        updated_at: at,
        deleted: 0,
        fields,
        updated_by: author,
      },
      change.fields,
    );
    return { status: 'applied', id: change.id, version: row.version + 1, updatedAt: at };
  }

  /**
   * The push's writes in one statement, each with the next change number (pushes take turns, see
   * the class comment, so the numbers after the highest one are free and in commit order), and
   * their search index. `stored`: the rows as they were before the push.
   */
  async #write(
    trx: Queries,
    companyId: string,
    origin: string | null,
    stored: ReadonlyMap<string, SummaryRow>,
    written: readonly Write[],
  ): Promise<void> {
    if (written.length === 0) return;
    const last = await trx
      .selectFrom('summaries')
      .select((eb) => eb.fn.max('change_seq').as('last'))
      .executeTakeFirst();
    const first = Number(last?.last ?? 0) + 1;
    await trx
      .insertInto('summaries')
      .values(written.map(({ row }, index) => ({ company_id: companyId, ...row, origin, change_seq: first + index })))
      .onConflict((conflict) =>
        conflict.columns(['company_id', 'id']).doUpdateSet((eb) => ({
          version: eb.ref('excluded.version'),
          updated_at: eb.ref('excluded.updated_at'),
          deleted: eb.ref('excluded.deleted'),
          fields: eb.ref('excluded.fields'),
          updated_by: eb.ref('excluded.updated_by'),
          change_seq: eb.ref('excluded.change_seq'),
          origin: eb.ref('excluded.origin'),
        })),
      )
      .execute();
    await indexSummaries(
      this.db.engine,
      trx,
      written.map(({ row, fields }, index) => {
        const before = stored.get(row.id);
        return {
          seq: first + index,
          replaces: before && before.deleted === 0 ? before.change_seq : null,
          fields,
        };
      }),
    );
  }
}
