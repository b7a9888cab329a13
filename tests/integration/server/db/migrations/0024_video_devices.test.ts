import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../../../../server/db/migrateEndpoint';
import { endpointMigrations, serverMigrations } from '../../../../../server/db/migrations';
import { migrate } from '../../../../../src-shared/sqlite/migrate';
import { permissionSchema } from '../../../../../src-shared/domain/accounts';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../../support/endpointDbs';

describe.each(ENGINES)('migration 24: video devices, on %s', (engine) => {
  let test: TestEndpointDb | undefined;
  afterEach(async () => test?.close());

  it('gives the three video permissions to the roles that manage users, and to no other', async () => {
    test = await openTestEndpointDb(engine);
    const { db } = test;
    // Back to the schema before migration 24, with roles in place, then forward again.
    await sql`DROP TABLE video_ticket_messages`.execute(db.query);
    await sql`DROP TABLE video_tickets`.execute(db.query);
    await sql`DROP TABLE video_code_user_tokens`.execute(db.query);
    await sql`DROP TABLE video_devices`.execute(db.query);
    await db.query
      .insertInto('companies')
      .values({ id: 'acme', name: 'Acme', created_at: '2026-11-01T00:00:00.000Z' })
      .execute();
    await db.query
      .insertInto('roles')
      .values([
        { id: 'admins', company_id: 'acme', name: 'Administrator', permissions: '["admin.users"]' },
        { id: 'helpers', company_id: 'acme', name: 'Helpdesk', permissions: '["liveview.view"]' },
      ])
      .execute();
    if (engine === 'sqlite') {
      await sql`PRAGMA user_version = 23`.execute(db.query);
      migrate(test.handle!, serverMigrations.slice(0, 24));
    } else {
      await sql`UPDATE schema_version SET version = 23`.execute(db.query);
      expect(await migratePostgres(db.query, endpointMigrations.slice(0, 24))).toEqual([24]);
    }
    const roles = await db.query.selectFrom('roles').select(['id', 'permissions']).orderBy('id').execute();
    expect(roles.map((role) => [role.id, permissionSchema.array().parse(JSON.parse(role.permissions))])).toEqual([
      ['admins', ['admin.users', 'video.view', 'video.manage', 'video.conduct']],
      ['helpers', ['liveview.view']],
    ]);
  });
});
