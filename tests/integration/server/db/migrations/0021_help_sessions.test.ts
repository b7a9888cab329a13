import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { EndpointDb } from '../../../../../server/db/endpointDb';
import { migratePostgres } from '../../../../../server/db/migrateEndpoint';
import { endpointMigrations, serverMigrations } from '../../../../../server/db/migrations';
import { migrate } from '../../../../../src-shared/sqlite/migrate';
import { permissionSchema } from '../../../../../src-shared/domain/accounts';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../../support/endpointDbs';

/** A company whose administrators manage users, and a role of supporters who do not. */
async function rolesBefore(db: EndpointDb): Promise<void> {
  await db.query
    .insertInto('companies')
    .values({ id: 'acme', name: 'Acme', created_at: '2026-11-01T00:00:00.000Z' })
    .execute();
  await db.query
    .insertInto('roles')
    .values([
      { id: 'admins', company_id: 'acme', name: 'Administrator', permissions: '["insights.view","admin.users"]' },
      { id: 'helpers', company_id: 'acme', name: 'Helpdesk', permissions: '["insights.view"]' },
    ])
    .execute();
}

describe.each(ENGINES)('migration 21: help sessions, on %s', (engine) => {
  let test: TestEndpointDb | undefined;
  afterEach(async () => test?.close());

  it('gives the new permission liveview.view to the roles that manage users, and to no other', async () => {
    test = await openTestEndpointDb(engine);
    const { db } = test;
    // Back to the schema before migration 21 (and 22, which follows it), then forward again with roles in place.
    await sql`ALTER TABLE companies DROP COLUMN help_code_skips_accept`.execute(db.query);
    await sql`DROP TABLE help_session_events`.execute(db.query);
    await sql`DROP TABLE help_sessions`.execute(db.query);
    if (engine === 'sqlite') {
      await sql`PRAGMA user_version = 20`.execute(db.query);
      await rolesBefore(db);
      migrate(test.handle!, serverMigrations);
    } else {
      await sql`UPDATE schema_version SET version = 20`.execute(db.query);
      await rolesBefore(db);
      expect(await migratePostgres(db.query, endpointMigrations)).toEqual([21, 22]);
    }
    const roles = await db.query.selectFrom('roles').select(['id', 'permissions']).orderBy('id').execute();
    expect(roles.map((role) => [role.id, permissionSchema.array().parse(JSON.parse(role.permissions))])).toEqual([
      ['admins', ['insights.view', 'admin.users', 'liveview.view']],
      ['helpers', ['insights.view']],
    ]);
  });

  if (engine === 'sqlite') {
    it('lists a company’s help sessions and sweeps silent and expired ones through their indexes', async () => {
      test = await openTestEndpointDb(engine);
      const plan = (query: string, ...values: string[]) =>
        (test!.handle!.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...values) as { detail: string }[])
          .map((row) => row.detail)
          .join('\n');
      expect(
        plan(
          'SELECT * FROM help_sessions WHERE company_id = ? AND last_seen_at >= ? AND expires_at > ?',
          'acme',
          'x',
          'x',
        ),
      ).toContain('help_sessions_company_seen');
      const sweep = plan('DELETE FROM help_sessions WHERE expires_at <= ? OR last_seen_at < ?', 'x', 'x');
      expect(sweep).toContain('help_sessions_expiry');
      expect(sweep).toContain('help_sessions_seen');
    });
  }
});
