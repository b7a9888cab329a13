import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type SqliteStatement,
} from 'kysely';
import type { ServerDatabase } from './serverDatabase';
import type { EndpointSchema } from './schema';
import type { Pool } from 'pg';

export type Engine = 'sqlite' | 'postgres';

/** Runs queries: the database itself, or one transaction on it (Kysely's `Transaction` is one too). */
export type Queries = Kysely<EndpointSchema>;

/**
 * The endpoint's data layer: one typed query builder over SQLite (the embedded default, one file in
 * the data folder) or PostgreSQL (several instances sharing one database). Stores ask `engine` only
 * through the helpers in `./dialect.ts`, so the differences stay in one place.
 */
export class EndpointDb {
  private constructor(
    readonly engine: Engine,
    readonly query: Queries,
  ) {}

  /**
   * SQLite through the endpoint's open better-sqlite3 handle (its pragmas and migrations already
   * applied), so stores not yet moved to the query builder share the same connection and file.
   */
  static sqlite(handle: ServerDatabase): EndpointDb {
    return new EndpointDb(
      'sqlite',
      new Kysely<EndpointSchema>({ dialect: new WriteLockingSqliteDialect({ database: cached(handle) }) }),
    );
  }

  /** PostgreSQL through a pool the caller built (see `./postgres.ts`); closing the data layer ends the pool. */
  static postgres(pool: Pool): EndpointDb {
    return new EndpointDb('postgres', new Kysely<EndpointSchema>({ dialect: new PostgresDialect({ pool }) }));
  }

  /**
   * `work` in one transaction, committed when it resolves and rolled back when it throws. PostgreSQL
   * runs it at READ COMMITTED: a store that reads before it writes locks what it depends on first
   * (`lockForUpdate` in `./dialect.ts`), after which each statement sees what the previous holder
   * committed. SQLite has one writer at a time, so the same code is serialised there anyway.
   */
  transaction<T>(work: (trx: Queries) => Promise<T>): Promise<T> {
    return this.query.transaction().execute(work);
  }

  /**
   * Reads that must agree with each other, from one snapshot (PostgreSQL's REPEATABLE READ; a
   * SQLite transaction reads one snapshot anyway). Read-only work: a write here could fail to serialise.
   */
  snapshot<T>(work: (trx: Queries) => Promise<T>): Promise<T> {
    return this.query.transaction().setIsolationLevel('repeatable read').execute(work);
  }

  /** Closes the connection (SQLite) or ends the pool (PostgreSQL). */
  close(): Promise<void> {
    return this.query.destroy();
  }
}

/** The endpoint's instance ID: one per database, so every instance sharing it signs for the same audience. */
export async function instanceIdOf(data: EndpointDb): Promise<string> {
  return (await data.query.selectFrom('instance').select('instance_id').executeTakeFirstOrThrow()).instance_id;
}

/**
 * SQLite transactions that take the write lock when they begin (BEGIN IMMEDIATE). A transaction
 * that reads and then writes would otherwise fail with SQLITE_BUSY when another process on the same
 * file (instances sharing one data folder) wrote in between; this way it waits its turn (the
 * handle's busy_timeout) and then reads what that one committed. Within one process the layer's
 * single connection runs one transaction at a time anyway.
 */
class WriteLockingSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class WriteLockingSqliteDialect extends SqliteDialect {
  readonly #settings: SqliteDialectConfig;

  constructor(settings: SqliteDialectConfig) {
    super(settings);
    this.#settings = settings;
  }

  override createDriver(): Driver {
    return new WriteLockingSqliteDriver(this.#settings);
  }
}

/**
 * Kysely prepares each query anew; better-sqlite3 statements can be kept. The stores' queries are a
 * bounded set of texts (values are always bound parameters), so a small cache holds them all.
 */
function cached(handle: ServerDatabase): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      if (handle.open) handle.close();
    },
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= 500) statements.clear();
        statement = handle.prepare(sql) as unknown as SqliteStatement;
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
