import { sql, type Expression, type RawBuilder, type SelectQueryBuilder } from 'kysely';
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

/** A top-level text field of a JSON-text column (`json_extract` / `->>`); NULL when absent. */
export function jsonText(engine: Engine, column: Expression<string | null>, key: string): RawBuilder<string | null> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`Not a JSON key a store reads: ${key}`);
  return engine === 'postgres'
    ? sql<string | null>`(${column}::jsonb ->> ${key})`
    : sql<string | null>`json_extract(${column}, ${`$.${key}`})`;
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
