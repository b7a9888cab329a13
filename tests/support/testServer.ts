import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { startServer as startEndpoint, type RunningServer, type ServerOptions } from '../../server/app';

/**
 * The engine this run of the integration suite gives every endpoint a test starts: SQLite in the
 * endpoint's data folder (the `integration` project) or a database of its own in the suite's
 * PostgreSQL cluster (`integration-postgres`, the same tests again). A test that names a database
 * itself (instances sharing one) keeps it.
 */
export const testEngine = (): 'sqlite' | 'postgres' => inject('endpointEngine') ?? 'sqlite';

/** The superuser's database URL with another database name. */
export function databaseUrl(name: string): string {
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new, empty database in the suite's cluster (the endpoint migrates it), dropped with `drop()`. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tandem_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return { url: databaseUrl(name), drop: () => adminQuery(`DROP DATABASE ${name} WITH (FORCE)`) };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('postgresUrl') });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Each data folder's database on PostgreSQL, made when an endpoint first starts on the folder: a
 * restart on the same folder finds its data again, and instances started on one folder share one
 * database, as on SQLite. Dropped after the test file (`dropTestDatabases`, tests/support/postgresRun.ts).
 */
const databases = new Map<string, Promise<{ url: string; drop(): Promise<void> }>>();

/** The database the endpoints on `dataDir` use on this run's engine; undefined on SQLite. */
export async function testDatabaseFor(dataDir: string): Promise<string | undefined> {
  if (testEngine() === 'sqlite') return undefined;
  let database = databases.get(dataDir);
  if (!database) {
    database = createTestDatabase();
    databases.set(dataDir, database);
  }
  return (await database).url;
}

export async function dropTestDatabases(): Promise<void> {
  const all = [...databases.values()];
  databases.clear();
  for (const database of all) await (await database).drop();
}

/** An endpoint on SQLite whatever the run: for the tests about the SQLite file itself (its bytes, its modes, its version). */
export const startSqliteServer = startEndpoint;

/** `startServer` on this run's engine. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  return startEndpoint({ ...options, database: options.database ?? (await testDatabaseFor(options.dataDir)) });
}

/**
 * An operator's command (`server/operatorCli.ts`, `companyCli.ts`) as the operator runs it beside
 * the endpoint: on this run's engine, the database of the data folder it names.
 */
export function onTestDatabase<R>(
  command: (argv: string[], env: NodeJS.ProcessEnv) => Promise<R>,
): (argv: string[], env: NodeJS.ProcessEnv) => Promise<R> {
  return async (argv, env) => {
    const at = argv.indexOf('--data-dir');
    const dataDir = at >= 0 ? argv[at + 1] : undefined;
    const database = dataDir && !env.TANDEM_DATABASE_URL ? await testDatabaseFor(dataDir) : undefined;
    return command(argv, database ? { ...env, TANDEM_DATABASE_URL: database } : env);
  };
}

/** The environment an endpoint process or operator command on `dataDir` needs on this run's engine. */
export async function databaseEnv(dataDir: string): Promise<NodeJS.ProcessEnv> {
  const database = await testDatabaseFor(dataDir);
  return database ? { TANDEM_DATABASE_URL: database } : {};
}
