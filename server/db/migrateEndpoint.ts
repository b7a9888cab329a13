import { sql } from 'kysely';
import { DatabaseTooNewError } from '../../src-shared/sqlite/migrate';
import type { Queries } from './endpointDb';
import type { EndpointMigration } from './migrations/migration';

/** As on SQLite, in the words of a shared database: every instance needs the newer Tandem. */
export class PostgresTooNewError extends DatabaseTooNewError {
  constructor(found: number, supported: number) {
    super(found, supported);
    this.message =
      `This PostgreSQL database was written by a newer version of Tandem (schema ${found}; this version knows up to ${supported}). ` +
      'Update Tandem on every instance that uses it, or point this one at another database.';
  }
}

/** Any fixed number: instances starting together take turns at migrating. */
const MIGRATION_LOCK = 0x74616e64; // 'tand'

/**
 * PostgreSQL's side of the endpoint's migrations (SQLite's is `src-shared/sqlite/migrate.ts`, with
 * `user_version`): the applied version is kept in `schema_version`; everything pending runs in one
 * transaction (PostgreSQL's DDL is transactional, so a failed migration leaves nothing behind), and
 * a database a newer Tandem wrote is refused. Returns the versions it applied.
 */
export async function migratePostgres(db: Queries, migrations: readonly EndpointMigration[]): Promise<number[]> {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration "${migration.name}" has version ${migration.version}; expected ${index + 1}.`);
    }
  });
  const latest = migrations.length;
  return db.transaction().execute(async (trx) => {
    // Two instances starting at once: the second waits here, then finds nothing pending.
    await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS schema_version (
      singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
      version   INTEGER NOT NULL
    )`.execute(trx);
    const row = (await sql<{ version: number }>`SELECT version FROM schema_version`.execute(trx)).rows[0];
    const current = row?.version ?? 0;
    if (current > latest) throw new PostgresTooNewError(current, latest);
    const pending = migrations.slice(current);
    // Without parameters the driver sends the text as one simple query: several statements at once.
    for (const migration of pending) await sql.raw(migration.postgres).execute(trx);
    if (pending.length > 0) {
      await sql`INSERT INTO schema_version (singleton, version) VALUES (1, ${latest})
                ON CONFLICT (singleton) DO UPDATE SET version = excluded.version`.execute(trx);
    }
    return pending.map((migration) => migration.version);
  });
}
