import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Engine, EndpointDb } from '../../server/db/endpointDb';
import { migratePostgres } from '../../server/db/migrateEndpoint';
import { endpointMigrations, serverMigrations } from '../../server/db/migrations';
import { permissionSchema } from '../../src-shared/domain/accounts';
import { migrate } from '../../src-shared/sqlite/migrate';
import type { TestEndpointDb } from './endpointDbs';

/**
 * What a migration's test does around its own checks: the database is taken back to the schema
 * before migration `version` (the test drops what the migration adds, then puts in the rows it
 * should find), and `migrateTo` runs that one migration — the later ones are their own tests'.
 */
export async function migrateTo(test: TestEndpointDb, engine: Engine, version: number): Promise<void> {
  if (engine === 'sqlite') {
    await sql.raw(`PRAGMA user_version = ${version - 1}`).execute(test.db.query);
    migrate(test.handle!, serverMigrations.slice(0, version));
  } else {
    await sql`UPDATE schema_version SET version = ${version - 1}`.execute(test.db.query);
    expect(await migratePostgres(test.db.query, endpointMigrations.slice(0, version))).toEqual([version]);
  }
}

/** Acme, the company a migration finds. */
export async function acme(db: EndpointDb): Promise<void> {
  await db.query
    .insertInto('companies')
    .values({ id: 'acme', name: 'Acme', created_at: '2026-11-01T00:00:00.000Z' })
    .execute();
}

/** Acme's two roles as a migration that grants a new permission finds them: `admins` and `helpers`. */
export async function acmeRoles(db: EndpointDb, permissions: { admins: string[]; helpers: string[] }): Promise<void> {
  await acme(db);
  await db.query
    .insertInto('roles')
    .values([
      { id: 'admins', company_id: 'acme', name: 'Administrator', permissions: JSON.stringify(permissions.admins) },
      { id: 'helpers', company_id: 'acme', name: 'Helpdesk', permissions: JSON.stringify(permissions.helpers) },
    ])
    .execute();
}

/** Each role's permissions after the migration, by role ID. */
export async function rolePermissions(db: EndpointDb): Promise<[string, string[]][]> {
  const roles = await db.query.selectFrom('roles').select(['id', 'permissions']).orderBy('id').execute();
  return roles.map((role) => [role.id, permissionSchema.array().parse(JSON.parse(role.permissions))]);
}

/**
 * Migration 27's tables and the later ones that refer to them (28: screenshots, 30: recordings),
 * dropped first by a test that rewinds to before a table they refer to.
 */
export const VIDEO_SESSION_TABLES = [
  'video_recordings',
  'video_screenshots',
  'video_session_changes',
  'video_session_assignees',
  'video_sessions',
  'video_device_assignees',
] as const;

/** Drops `tables` in order (what refers to a table before the table: PostgreSQL refuses otherwise). */
export async function dropTables(db: EndpointDb, tables: readonly string[]): Promise<void> {
  for (const table of tables) await sql`DROP TABLE ${sql.table(table)}`.execute(db.query);
}

/** Acme with one device with a code, `press`, as the video migrations after 24 find it. */
export async function acmeWithVideoDevice(db: EndpointDb): Promise<void> {
  await acme(db);
  await db.query
    .insertInto('video_devices')
    .values({
      id: 'press',
      company_id: 'acme',
      name: 'Press 4',
      customer: '',
      notes: '',
      code_sealed: 'sealed',
      code_key: 'key',
      created_at: '2026-11-01T00:00:00.000Z',
      created_by: 'someone',
    })
    .execute();
}
