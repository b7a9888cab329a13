import { z } from 'zod';
import { EndpointDb } from './endpointDb';
import { openPostgresEndpointDb } from './openPostgres';
import { prepareDataFolder } from '../security/dataFolder';
import { openServerDatabase } from './serverDatabase';

/** Where the endpoint's data lives: a PostgreSQL URL (`--database`), else SQLite in the data folder. */
export interface DataLocation {
  readonly dataDir: string;
  readonly database?: string | undefined;
}

/** `--database`'s value: PostgreSQL's URL (the server's configuration and the operator's commands). */
export const databaseUrlSchema = z.url({
  protocol: /^postgres(ql)?$/,
  error: 'a database URL starts with postgres:// or postgresql://',
});

/** The operator's commands: the same `--data-dir` and `--database` (or their variables) as the server. */
export const DATA_LOCATION_USAGE =
  '[--data-dir ./tandem-cloud-data] [--database postgres://…]   (or TANDEM_SERVER_DATA_DIR, TANDEM_DATABASE_URL)';

/**
 * The endpoint's database, migrated (a database a newer Tandem wrote is refused): PostgreSQL when
 * a URL is given — what several instances share —, otherwise the SQLite file in the data folder,
 * the embedded default. The server and the operator's commands open it alike.
 */
export async function openEndpointDb(where: DataLocation): Promise<EndpointDb> {
  if (!where.database) return EndpointDb.sqlite(openServerDatabase(where.dataDir));
  // The data folder still holds this instance's own files: the setup token, a loopback-only key.
  prepareDataFolder(where.dataDir);
  return openPostgresEndpointDb(where.database);
}

/** Opens the database for one piece of work (an operator's command) and closes it afterwards. */
export async function withEndpointDb<T>(where: DataLocation, work: (db: EndpointDb) => Promise<T>): Promise<T> {
  const db = await openEndpointDb(where);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
