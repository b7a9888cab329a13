import { randomUUID } from 'node:crypto';
import { searchColumns, summaryFieldsSchema, type SummaryFields } from '../../../src-shared/domain/summary';
import type { SummaryChange, SyncedSummary } from '../../../src-shared/domain/summarySync';
import { TandemError } from '../../../src-shared/errors';
import { SummaryReads, type CachedSummary } from './summaryReads';

export { ftsQuery, type CachedSummary } from './summaryReads';

/**
 * SI-14: Session Insights summaries in the desktop database — STRICT tables, FTS5 search, and
 * an outbox of local changes for the sync engine. Every write is one transaction: a crash
 * leaves either the whole change (summary, search row, outbox entry) or none of it.
 */
export class SummaryCache extends SummaryReads {
  /** The summary a session left; written once per session. */
  add(requestId: string, companyId: string | null, fields: SummaryFields, now = new Date()): CachedSummary {
    const parsed = summaryFieldsSchema.parse(fields);
    const id = randomUUID();
    const at = now.toISOString();
    this.db.transaction(() => {
      const { lastInsertRowid } = this.sql(
        'INSERT INTO summaries (id, request_id, company_id, created_at, updated_at, version, fields, sort_key) VALUES (?, ?, ?, ?, ?, 0, ?, ?)',
      ).run(id, requestId, companyId, at, at, JSON.stringify(parsed), this.#sortKey(at));
      this.#index(Number(lastInsertRowid), parsed, true);
      this.#queue(id, 'upsert', at, this.#remember(id, null, at, null, parsed));
    })();
    return this.get(id)!;
  }

  /**
   * An edit by the user (`by`: their name), re-indexed and queued for the endpoint. It has no
   * version until the endpoint confirms it: versions are numbered by the endpoint alone. Editing
   * a summary deleted here whose delete is in conflict takes the delete back.
   */
  update(id: string, fields: SummaryFields, now = new Date(), by: string | null = null): CachedSummary {
    const parsed = summaryFieldsSchema.parse(fields);
    const at = now.toISOString();
    this.db.transaction(() => {
      const row = this.sql('SELECT seq FROM summaries WHERE id = ? AND deleted = 0').get(id) as
        { seq: number } | undefined;
      if (!row) throw new TandemError('not_found', 'This summary no longer exists.');
      this.sql('UPDATE summaries SET fields = ?, updated_at = ? WHERE seq = ?').run(
        JSON.stringify(parsed),
        at,
        row.seq,
      );
      this.#index(row.seq, parsed);
      this.sql("DELETE FROM outbox WHERE summary_id = ? AND op = 'delete'").run(id);
      this.#queue(id, 'upsert', at, this.#remember(id, null, at, by, parsed));
    })();
    return this.get(id)!;
  }

  /**
   * A delete: gone from the list and the search at once, a tombstone for the endpoint. Deleting a
   * summary whose conflict is shown is the user's answer to it: the delete is based on the other
   * side's version, and this device's unsent edits of it are dropped.
   */
  remove(id: string, now = new Date()): void {
    const at = now.toISOString();
    this.db.transaction(() => {
      const row = this.sql('SELECT seq FROM summaries WHERE id = ? AND deleted = 0').get(id) as
        { seq: number } | undefined;
      if (!row) return;
      const conflict = this.conflictWith(id);
      if (conflict) {
        this.sql('DELETE FROM summary_conflicts WHERE summary_id = ?').run(id);
        this.sql('DELETE FROM outbox WHERE summary_id = ?').run(id);
        this.sql('UPDATE summaries SET synced_version = ?, version = ? WHERE seq = ?').run(
          conflict.version,
          conflict.version,
          row.seq,
        );
      }
      this.sql('UPDATE summaries SET deleted = 1, updated_at = ? WHERE seq = ?').run(at, row.seq);
      this.#unindex(row.seq);
      this.#queue(id, 'delete', at, null);
    })();
  }

  outbox(): { seq: number; summaryId: string; op: 'upsert' | 'delete'; version: number }[] {
    return this.sql('SELECT seq, summary_id AS summaryId, op, version FROM outbox ORDER BY seq').all() as never;
  }

  // ---- sync (SI-14): what to push, what was confirmed, what others changed ----

  /**
   * The next change of each summary, oldest first, without those waiting on a conflict. Changes
   * go one at a time per summary, in the order they were made, each with its own content and key:
   * a change the endpoint applied but whose answer was lost is sent again with the same key, so it
   * is recognised as applied (with its version) before the next change is based on it.
   * `after`: only entries after this outbox seq (those before it are on their way already).
   * `maxBytes`: the changes' content stops there (at least one is taken), so a push of long
   * summaries stays within what the endpoint accepts in one request.
   */
  pendingChanges(limit: number, after = 0, maxBytes = Infinity): { upToSeq: number; change: SummaryChange }[] {
    const rows = this.sql(
      `SELECT o.seq AS upToSeq, o.key, o.op, s.id, s.request_id, s.created_at, s.synced_version,
              coalesce(h.fields, s.fields) AS fields
           FROM outbox o JOIN summaries s ON s.id = o.summary_id
           LEFT JOIN summary_history h ON h.seq = o.history_seq
          WHERE NOT EXISTS (SELECT 1 FROM outbox earlier WHERE earlier.summary_id = o.summary_id AND earlier.seq < o.seq)
            AND NOT EXISTS (SELECT 1 FROM summary_conflicts c WHERE c.summary_id = o.summary_id)
            AND o.seq > ?
          ORDER BY o.seq LIMIT ?`,
    ).all(after, limit) as {
      upToSeq: number;
      key: string | null;
      op: 'upsert' | 'delete';
      id: string;
      request_id: string;
      created_at: string;
      synced_version: number;
      fields: string;
    }[];
    let bytes = 0;
    const fitting = rows.findIndex(
      (row, index) => (bytes += row.op === 'delete' ? 0 : Buffer.byteLength(row.fields)) > maxBytes && index > 0,
    );
    return (fitting === -1 ? rows : rows.slice(0, fitting)).map((row) => {
      const key = row.key ?? this.#newKey(row.upToSeq);
      const change: SummaryChange =
        row.op === 'delete'
          ? { op: 'delete', key, id: row.id, baseVersion: row.synced_version }
          : {
              op: 'upsert',
              key,
              id: row.id,
              requestId: row.request_id,
              baseVersion: row.synced_version,
              createdAt: row.created_at,
              fields: summaryFieldsSchema.parse(JSON.parse(row.fields)),
            };
      return { upToSeq: row.upToSeq, change };
    });
  }

  /** Several sync steps as one transaction. */
  batch(work: () => void): void {
    this.db.transaction(work)();
  }

  pendingCount(): number {
    return (this.sql('SELECT count(DISTINCT summary_id) AS n FROM outbox').get() as { n: number }).n;
  }

  /**
   * The endpoint applied the change: its version is now the base, the edit it carried takes the
   * endpoint's number and time, and the entry goes. With nothing else waiting, the summary shows
   * the endpoint's time of the change, as every other device does.
   */
  confirmed(id: string, upToSeq: number, version: number, updatedAt?: string): void {
    // Three statements (each entry of a confirmed push runs them), and no savepoint of its own
    // inside a caller's transaction (`batch`): that one already makes the step whole.
    this.#whole(() => {
      this.sql(
        `UPDATE summary_history SET version = ?, changed_at = coalesce(?, changed_at)
          WHERE seq = (SELECT history_seq FROM outbox WHERE seq = ?)`,
      ).run(version, updatedAt ?? null, upToSeq);
      this.sql('DELETE FROM outbox WHERE summary_id = ? AND seq <= ?').run(id, upToSeq);
      this.sql(
        `UPDATE summaries SET synced_version = @version, version = @version,
           updated_at = CASE WHEN @updatedAt IS NOT NULL AND NOT EXISTS (SELECT 1 FROM outbox WHERE summary_id = @id)
                             THEN @updatedAt ELSE updated_at END
          WHERE id = @id`,
      ).run({ id, version, updatedAt: updatedAt ?? null });
    });
  }

  /** `work` as one transaction, or as part of the caller's when one is open (no savepoint for each step). */
  #whole(work: () => void): void {
    if (this.db.inTransaction) work();
    else this.db.transaction(work)();
  }

  /**
   * The endpoint refused a change as a conflict: keep its copy next to the local one for the user
   * to resolve. A summary deleted here comes back into the list, so the conflict can be opened.
   */
  conflicted(server: SyncedSummary, now = new Date()): void {
    this.#whole(() => {
      this.sql('INSERT OR REPLACE INTO summary_conflicts (summary_id, server, at) VALUES (?, ?, ?)').run(
        server.id,
        JSON.stringify(server),
        now.toISOString(),
      );
      const hidden = this.sql('SELECT seq, fields FROM summaries WHERE id = ? AND deleted = 1').get(server.id) as
        { seq: number; fields: string } | undefined;
      if (hidden) {
        this.sql('UPDATE summaries SET deleted = 0 WHERE seq = ?').run(hidden.seq);
        this.#index(hidden.seq, summaryFieldsSchema.parse(JSON.parse(hidden.fields)));
      }
    });
  }

  conflictCount(): number {
    return (this.sql('SELECT count(*) AS n FROM summary_conflicts').get() as { n: number }).n;
  }

  conflicts(): SyncedSummary[] {
    return (this.sql('SELECT server FROM summary_conflicts ORDER BY at').all() as { server: string }[]).map(
      (row) => JSON.parse(row.server) as SyncedSummary,
    );
  }

  /**
   * The user chose: keep this device's version — an edit, or a delete made here — pushed on top of
   * the endpoint's; or take theirs, which drops this device's unsent changes of the summary.
   */
  resolveConflict(id: string, keep: 'mine' | 'theirs', companyId: string | null): void {
    this.db.transaction(() => {
      const server = this.conflictWith(id);
      if (!server) return;
      this.sql('DELETE FROM summary_conflicts WHERE summary_id = ?').run(id);
      if (keep === 'mine') {
        this.sql('UPDATE summaries SET synced_version = ?, version = ? WHERE id = ?').run(
          server.version,
          server.version,
          id,
        );
        if (this.#deletedHere(id)) {
          // Keep it deleted: only the delete goes up; the edits before it no longer matter.
          this.sql("DELETE FROM outbox WHERE summary_id = ? AND op <> 'delete'").run(id);
          const row = this.sql('SELECT seq FROM summaries WHERE id = ?').get(id) as { seq: number };
          this.sql('UPDATE summaries SET deleted = 1 WHERE seq = ?').run(row.seq);
          this.#unindex(row.seq);
        }
        // A new decision is a new change: the old key would replay the conflict.
        this.sql('UPDATE outbox SET key = NULL WHERE summary_id = ?').run(id);
        return;
      }
      this.sql('DELETE FROM outbox WHERE summary_id = ?').run(id);
      this.sql('DELETE FROM summary_history WHERE summary_id = ? AND version IS NULL').run(id);
      this.sql('UPDATE summaries SET synced_version = 0 WHERE id = ?').run(id);
      this.applyRemote(server, companyId);
    })();
  }

  #deletedHere(id: string): boolean {
    return this.sql("SELECT 1 FROM outbox WHERE summary_id = ? AND op = 'delete' LIMIT 1").get(id) !== undefined;
  }

  /** A change from another device. A summary with local changes not yet pushed keeps them. */
  applyRemote(remote: SyncedSummary, companyId: string | null): boolean {
    return this.db.transaction(() => this.#applyRemote(remote, companyId))();
  }

  /**
   * A page of changes from the endpoint and the cursor after it, in one transaction (no savepoint
   * per change). True when any of them changed what the cache shows.
   */
  applyRemotePage(changes: readonly SyncedSummary[], companyId: string | null, cursor: number): boolean {
    return this.db.transaction(() => {
      let applied = false;
      for (const change of changes) applied = this.#applyRemote(change, companyId) || applied;
      this.setCursor(cursor);
      return applied;
    })();
  }

  #applyRemote(remote: SyncedSummary, companyId: string | null): boolean {
    const pending = this.sql('SELECT 1 FROM outbox WHERE summary_id = ? LIMIT 1').get(remote.id);
    if (pending) {
      // A conflict waiting for the user compares against the endpoint's newest copy.
      this.sql(
        "UPDATE summary_conflicts SET server = ? WHERE summary_id = ? AND json_extract(server, '$.version') < ?",
      ).run(JSON.stringify(remote), remote.id, remote.version);
      return false;
    }
    const local = this.sql('SELECT seq, synced_version FROM summaries WHERE id = ?').get(remote.id) as
      { seq: number; synced_version: number } | undefined;
    if (local && local.synced_version >= remote.version) return false;
    if (remote.deleted || !remote.fields) {
      if (!local) return false;
      this.sql('UPDATE summaries SET deleted = 1, version = ?, synced_version = ?, updated_at = ? WHERE seq = ?').run(
        remote.version,
        remote.version,
        remote.updatedAt,
        local.seq,
      );
      this.#unindex(local.seq);
      return true;
    }
    // Checked where it came in (the endpoint client's answer schema); stringified once, for the row and its history.
    const fields = remote.fields;
    const text = JSON.stringify(fields);
    const { lastInsertRowid } = this.sql(
      `INSERT INTO summaries (id, request_id, company_id, created_at, updated_at, version, synced_version, fields, deleted, sort_key)
         VALUES (@id, @requestId, @companyId, @createdAt, @updatedAt, @version, @version, @fields, 0, @sortKey)
         ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, version = excluded.version,
           synced_version = excluded.synced_version, fields = excluded.fields, deleted = 0`,
    ).run({
      ...remote,
      companyId,
      fields: text,
      sortKey: local ? null : this.#sortKey(remote.createdAt),
    });
    this.#index(local?.seq ?? Number(lastInsertRowid), fields, local === undefined);
    this.#remember(remote.id, remote.version, remote.updatedAt, remote.updatedBy ?? null, fields, text);
    return true;
  }

  cursor(): number {
    const row = this.sql('SELECT cursor FROM sync_state WHERE singleton = 1').get() as { cursor: number } | undefined;
    return row?.cursor ?? 0;
  }

  setCursor(cursor: number): void {
    this.sql(
      'INSERT INTO sync_state (singleton, cursor) VALUES (1, ?) ON CONFLICT (singleton) DO UPDATE SET cursor = excluded.cursor',
    ).run(cursor);
  }

  /** `historySeq`: the edit whose content the change sends (none for a delete). */
  #queue(id: string, op: 'upsert' | 'delete', at: string, historySeq: number | null): void {
    // `version` keeps the endpoint's version the change was made on, for the record.
    this.sql(
      `INSERT INTO outbox (summary_id, op, version, created_at, key, history_seq)
         SELECT ?, ?, synced_version, ?, ?, ? FROM summaries WHERE id = ?`,
    ).run(id, op, at, randomUUID(), historySeq, id);
  }

  /** A key for an entry whose old one was dropped (after "keep mine" in a conflict). */
  #newKey(seq: number): string {
    const key = randomUUID();
    this.sql('UPDATE outbox SET key = ? WHERE seq = ?').run(key, seq);
    return key;
  }

  /**
   * The list's order: creation time in milliseconds × 1024, plus a counter for summaries made in
   * the same millisecond (the later cached, the higher).
   */
  #sortKey(createdAt: string): number {
    const base = Date.parse(createdAt) * 1024;
    const { top } = this.sql('SELECT max(sort_key) AS top FROM summaries WHERE sort_key BETWEEN ? AND ?').get(
      base,
      base + 1023,
    ) as { top: number | null };
    return top === null ? base : top + 1;
  }

  #sortKeyOf(seq: number): number {
    return (this.sql('SELECT sort_key FROM summaries WHERE seq = ?').get(seq) as { sort_key: number }).sort_key;
  }

  /** The search row (keyed by the sort key) and the facets (keyed by seq) of a summary's current version. */
  #index(seq: number, fields: SummaryFields, fresh = false): void {
    // A summary cached just now has nothing indexed yet.
    if (!fresh) this.#unindex(seq);
    // Its sort key is read first: FTS5 takes rows from VALUES many times faster than from a SELECT.
    this.sql('INSERT INTO summaries_fts (rowid, title, body, applications, issue_types) VALUES (?, ?, ?, ?, ?)').run(
      this.#sortKeyOf(seq),
      ...searchColumns(fields),
    );
    // The facets in one statement (one text per number of rows, so the statement cache keeps them).
    const facets: (number | string)[] = [];
    for (const issue of fields.issueTypes) facets.push(seq, 'issue', issue.type);
    for (const app of fields.applications) facets.push(seq, 'app', app);
    for (const person of fields.participants)
      if (person.role === 'supporter') facets.push(seq, 'supporter', person.name);
    facets.push(seq, 'device', fields.device.id);
    this.sql(
      `INSERT OR IGNORE INTO summary_facets (seq, kind, value) VALUES ${Array(facets.length / 3)
        .fill('(?, ?, ?)')
        .join(', ')}`,
    ).run(...facets);
  }

  #unindex(seq: number): void {
    this.sql('DELETE FROM summaries_fts WHERE rowid = ?').run(this.#sortKeyOf(seq));
    this.sql('DELETE FROM summary_facets WHERE seq = ?').run(seq);
  }

  /** A version of the summary in its history; `version` null: made here, not yet confirmed. Returns its row. */
  #remember(
    id: string,
    version: number | null,
    at: string,
    by: string | null,
    fields: SummaryFields,
    text = JSON.stringify(fields),
  ): number {
    return Number(
      this.sql(
        'INSERT INTO summary_history (summary_id, version, changed_at, changed_by, fields) VALUES (?, ?, ?, ?, ?)',
      ).run(id, version, at, by, text).lastInsertRowid,
    );
  }
}
