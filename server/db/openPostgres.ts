import { randomUUID } from 'node:crypto';
import { EndpointDb } from './endpointDb';
import { migratePostgres } from './migrateEndpoint';
import { endpointMigrations } from './migrations';
import { postgresPool, redactDatabaseUrl } from './postgres';

/** PostgreSQL could not be reached or refused the endpoint: the operator's to fix, said without the password. */
export class DatabaseConnectionError extends Error {
  override readonly name = 'DatabaseConnectionError';
}

/**
 * The endpoint's data layer on PostgreSQL: connects, applies pending migrations (refusing a database
 * a newer Tandem wrote) and makes sure the instance row exists. Every instance sharing the database
 * shares that row, and so the instance ID devices sign for.
 */
export async function openPostgresEndpointDb(
  url: string,
  options: { maxConnections?: number } = {},
): Promise<EndpointDb> {
  const db = EndpointDb.postgres(postgresPool(url, { max: options.maxConnections }));
  try {
    await migratePostgres(db.query, endpointMigrations).catch((error: unknown) => {
      throw unreachable(error, url) ?? error;
    });
    await db.query
      .insertInto('instance')
      .values({ singleton: 1, instance_id: randomUUID(), created_at: new Date().toISOString() })
      .onConflict((conflict) => conflict.column('singleton').doNothing())
      .execute();
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** Connection failures (network, authentication, a missing database) as one error naming the server. */
function unreachable(error: unknown, url: string): DatabaseConnectionError | undefined {
  const code = (error as { code?: unknown }).code;
  const network = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH'];
  // 28xxx: authentication; 3D000: no such database.
  const refused = typeof code === 'string' && (network.includes(code) || code.startsWith('28') || code === '3D000');
  const timedOut = error instanceof Error && /timeout/i.test(error.message);
  if (!refused && !timedOut) return undefined;
  return new DatabaseConnectionError(
    `Cannot use the PostgreSQL database at ${redactDatabaseUrl(url)}: ${(error as Error).message}`,
  );
}
