import { sql, type Expression, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { searchColumns, type SummaryFields } from '../../src-shared/domain/summary';
import type { EndpointDb, Engine, Queries } from './endpointDb';

/*
 * Where SQLite and PostgreSQL differ, in one place. Everything else a store writes is the query
 * builder's portable SQL: `onConflict(...)`, `returning(...)`, text times and 0/1 flags on both.
 */

/**
 * Locks the rows a transaction read so that a second instance's transaction waits for this one's
 * commit before it reads them (PostgreSQL's `FOR UPDATE`). SQLite needs none: one writer at a time.
 */
export function lockForUpdate<DB, TB extends keyof DB, O>(
  engine: Engine,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return engine === 'postgres' ? query.forUpdate() : query;
}

/**
 * Locks the rows a transaction claims, passing over those another transaction is claiming at that
 * moment (PostgreSQL's `FOR UPDATE SKIP LOCKED`): work queues shared by instances. SQLite: one
 * writer at a time, nothing to pass over.
 */
export function claimForUpdate<DB, TB extends keyof DB, O>(
  engine: Engine,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return engine === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/**
 * A text field of a JSON-text column (`json_extract` / `->>`), top-level (`key`) or nested
 * (`device.id`); NULL when absent.
 */
export function jsonText(engine: Engine, column: Expression<string | null>, key: string): RawBuilder<string | null> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(key)) {
    throw new Error(`Not a JSON key a store reads: ${key}`);
  }
  if (engine === 'sqlite') return sql<string | null>`json_extract(${column}, ${`$.${key}`})`;
  return key.includes('.')
    ? sql<string | null>`(${column}::jsonb #>> ${`{${key.replaceAll('.', ',')}}`})`
    : sql<string | null>`(${column}::jsonb ->> ${key})`;
}

/**
 * The elements of a top-level array field of a JSON-text column, as a table to alias (`.as('x')`)
 * with one column, `value`: the text of a string element, the JSON text of an object (read its
 * fields with `jsonText`) — `json_each` / `jsonb_array_elements_text`. Listed in FROM after the row
 * it reads, it is evaluated for each row (lateral on both engines); no rows when the field is absent.
 */
export function jsonElements(
  engine: Engine,
  column: Expression<string | null>,
  key: string,
): RawBuilder<{ value: string }> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`Not a JSON key a store reads: ${key}`);
  return engine === 'postgres'
    ? sql<{ value: string }>`jsonb_array_elements_text(${column}::jsonb -> ${key})`
    : sql<{ value: string }>`json_each(${column}, ${`$.${key}`})`;
}

/**
 * Text ordered by its characters' code points, as SQLite's BINARY collation orders it, instead of
 * PostgreSQL's database collation (which may fold case), so lists come in the same order on both.
 */
export function byteOrder(engine: Engine, text: Expression<string | null>): RawBuilder<string | null> {
  return engine === 'postgres' ? sql<string | null>`(${text} COLLATE "C")` : sql<string | null>`${text}`;
}

/**
 * The summaries (`alias`) whose search index (migrations 18, 20) holds every word as a prefix of one of
 * its words, case and diacritics ignored: SQLite's FTS5 table (`"word"*`, the unicode61 tokenizer
 * folding them), PostgreSQL's `search` column (`'word':*` through the same text search
 * configuration that built it, unaccent and lower case). The words come from what someone typed,
 * split on everything but letters and digits, so they hold no query syntax; quotes are dropped anyway.
 */
export function summarySearch(engine: Engine, alias: string, words: readonly string[]): RawBuilder<boolean> {
  const clean = words.map((word) => word.replace(/["'\\]/g, '')).filter((word) => word.length > 0);
  if (clean.length === 0) throw new Error('A search needs at least one word.');
  if (engine === 'postgres') {
    const query = clean.map((word) => `'${word}':*`).join(' & ');
    return sql<boolean>`(${sql.ref(`${alias}.search`)} @@ to_tsquery('tandem_search', ${query}))`;
  }
  const query = clean.map((word) => `"${word}"*`).join(' ');
  return sql<boolean>`(${sql.ref(`${alias}.change_seq`)} IN (SELECT rowid FROM summaries_fts WHERE summaries_fts MATCH ${query}))`;
}

/**
 * Keeps the search index in step with a push's writes (`seq`: the row's new change number;
 * `replaces`: the number its live version was indexed under; `fields`: null for a tombstone).
 * SQLite's FTS5 table (migration 18, keyed by change_seq) takes the push's rows in one statement,
 * from the fields the push already holds — the triggers this replaces (migration 31) read each
 * row's JSON back five times, most of a push's time. PostgreSQL's `search` column is generated
 * with every write.
 */
export async function indexSummaries(
  engine: Engine,
  trx: Queries,
  written: readonly { seq: number; replaces: number | null; fields: SummaryFields | null }[],
): Promise<void> {
  if (engine === 'postgres') return;
  for (const { replaces } of written) {
    if (replaces !== null) await sql`DELETE FROM summaries_fts WHERE rowid = ${replaces}`.execute(trx);
  }
  const live = written.filter((row) => row.fields !== null);
  if (live.length === 0) return;
  const rows = live.map((row) => sql`(${row.seq}, ${sql.join(searchColumns(row.fields!))})`);
  await sql`INSERT INTO summaries_fts (rowid, title, body, applications, issue_types) VALUES ${sql.join(rows)}`.execute(
    trx,
  );
}

/** Writers that must not overlap anywhere on the endpoint, each with its own lock number. */
const TURNS = { summaryFeed: 0x74616e65, firstCompany: 0x74616e66 } as const;

/**
 * Makes this transaction wait until no other transaction (of any instance) holds the same turn,
 * and holds it until the commit (PostgreSQL's transaction-level advisory lock). SQLite needs none:
 * one writer at a time.
 */
export async function takeTurn(engine: Engine, trx: Queries, turn: keyof typeof TURNS): Promise<void> {
  if (engine === 'postgres') await sql`SELECT pg_advisory_xact_lock(${TURNS[turn]})`.execute(trx);
}

/**
 * A write refused because it would repeat a UNIQUE or PRIMARY KEY value (SQLite's
 * `SQLITE_CONSTRAINT_UNIQUE`/`_PRIMARYKEY`, PostgreSQL's 23505): another writer took it first.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Moves SQLite's write-ahead log into the database file and empties it, so content just overwritten
 * (with secure_delete on) is gone from disk too. PostgreSQL: the operator's storage, nothing to do.
 */
export async function checkpoint(data: EndpointDb): Promise<void> {
  if (data.engine === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(data.query);
}
