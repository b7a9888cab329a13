import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, inject } from 'vitest';
import { EndpointDb, type Engine } from '../../server/db/endpointDb';
import { openPostgresEndpointDb } from '../../server/db/openPostgres';
import { openServerDatabase, type ServerDatabase } from '../../server/db/serverDatabase';
import { tempDir } from './tempDir';

/** Every store test runs on both engines: `describe.each(ENGINES)`. */
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

export interface TestEndpointDb {
  readonly db: EndpointDb;
  /** The URL of this test's own PostgreSQL database (postgres only): a second instance connects to it. */
  readonly url: string | undefined;
  /** SQLite only: the better-sqlite3 handle the not-yet-moved stores use. */
  readonly handle: ServerDatabase | undefined;
  close(): Promise<void>;
}

/** The superuser's database URL with another database name. */
const withDatabase = (url: string, name: string) => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};

/**
 * A fresh, migrated endpoint database: a SQLite file in a temp folder, or a new database in the
 * suite's PostgreSQL cluster (tests/support/postgresGlobalSetup.ts), dropped on close.
 */
export async function openTestEndpointDb(engine: Engine): Promise<TestEndpointDb> {
  if (engine === 'sqlite') {
    const dir = tempDir();
    const handle = openServerDatabase(dir.path);
    const db = EndpointDb.sqlite(handle);
    return {
      db,
      url: undefined,
      handle,
      close: async () => {
        await db.close();
        dir.cleanup();
      },
    };
  }
  const admin = inject('postgresUrl');
  const name = `tandem_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  const url = withDatabase(admin, name);
  const db = await openPostgresEndpointDb(url);
  return {
    db,
    url,
    handle: undefined,
    close: async () => {
      await db.close();
      await adminQuery(admin, `DROP DATABASE ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Two endpoint instances on one PostgreSQL database, fresh for each test of the calling `describe`:
 * `test` is the test database (its `db` is the first instance's), `second` another connection to
 * it, as a second instance holds. Call at `describe` level; read the fields inside the tests.
 */
export function twoInstancesOnPostgres(): { readonly test: TestEndpointDb; readonly second: EndpointDb } {
  let test: TestEndpointDb | undefined;
  let second: EndpointDb | undefined;
  beforeEach(async () => {
    test = await openTestEndpointDb('postgres');
    second = await openPostgresEndpointDb(test.url!);
  });
  afterEach(async () => {
    await second?.close();
    await test?.close();
  });
  return {
    get test() {
      return test!;
    },
    get second() {
      return second!;
    },
  };
}
