import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../../../../server/db/migrateEndpoint';
import { endpointMigrations, serverMigrations } from '../../../../../server/db/migrations';
import { migrate } from '../../../../../src-shared/sqlite/migrate';
import { permissionSchema } from '../../../../../src-shared/domain/accounts';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../../support/endpointDbs';

describe.each(ENGINES)('migration 23: computers, on %s', (engine) => {
  let test: TestEndpointDb | undefined;
  afterEach(async () => test?.close());

  it('gives computers.view to the roles that manage users and to no other; devices have not said whether they take unattended access', async () => {
    test = await openTestEndpointDb(engine);
    const { db } = test;
    // Back to the schema before migration 23, with a company, its roles and a device in place.
    await sql`DROP INDEX devices_company_name`.execute(db.query);
    await sql`ALTER TABLE devices DROP COLUMN unattended`.execute(db.query);
    await db.query
      .insertInto('companies')
      .values({ id: 'acme', name: 'Acme', created_at: '2026-11-01T00:00:00.000Z' })
      .execute();
    await db.query
      .insertInto('roles')
      .values([
        { id: 'admins', company_id: 'acme', name: 'Administrator', permissions: '["admin.users","liveview.view"]' },
        { id: 'helpers', company_id: 'acme', name: 'Helpdesk', permissions: '["liveview.view"]' },
      ])
      .execute();
    await sql`INSERT INTO devices (device_id, public_key, platform, name, registered_at, company_id)
      VALUES ('123456789', 'key', 'win32', 'PC-1', '2026-11-01T00:00:00.000Z', 'acme')`.execute(db.query);
    if (engine === 'sqlite') {
      await sql`PRAGMA user_version = 22`.execute(db.query);
      migrate(test.handle!, serverMigrations.slice(0, 23));
    } else {
      await sql`UPDATE schema_version SET version = 22`.execute(db.query);
      expect(await migratePostgres(db.query, endpointMigrations.slice(0, 23))).toEqual([23]);
    }
    const roles = await db.query.selectFrom('roles').select(['id', 'permissions']).orderBy('id').execute();
    expect(roles.map((role) => [role.id, permissionSchema.array().parse(JSON.parse(role.permissions))])).toEqual([
      ['admins', ['admin.users', 'liveview.view', 'computers.view']],
      ['helpers', ['liveview.view']],
    ]);
    const device = await db.query.selectFrom('devices').select('unattended').executeTakeFirstOrThrow();
    expect(device.unattended).toBeNull();
    // Only yes (1) or no (0).
    await expect(sql`UPDATE devices SET unattended = 2`.execute(db.query)).rejects.toThrow();
  });
});
