import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../../support/endpointDbs';
import { acmeRoles, migrateTo, rolePermissions } from '../../../../support/migrationSteps';

describe.each(ENGINES)('migration 23: computers, on %s', (engine) => {
  let test: TestEndpointDb | undefined;
  afterEach(async () => test?.close());

  it('gives computers.view to the roles that manage users and to no other; devices have not said whether they take unattended access', async () => {
    test = await openTestEndpointDb(engine);
    const { db } = test;
    // Back to the schema before migration 23, with a company, its roles and a device in place.
    await sql`DROP INDEX devices_company_name`.execute(db.query);
    await sql`ALTER TABLE devices DROP COLUMN unattended`.execute(db.query);
    await acmeRoles(db, { admins: ['admin.users', 'liveview.view'], helpers: ['liveview.view'] });
    await sql`INSERT INTO devices (device_id, public_key, platform, name, registered_at, company_id)
      VALUES ('123456789', 'key', 'win32', 'PC-1', '2026-11-01T00:00:00.000Z', 'acme')`.execute(db.query);
    await migrateTo(test, engine, 23);
    expect(await rolePermissions(db)).toEqual([
      ['admins', ['admin.users', 'liveview.view', 'computers.view']],
      ['helpers', ['liveview.view']],
    ]);
    const device = await db.query.selectFrom('devices').select('unattended').executeTakeFirstOrThrow();
    expect(device.unattended).toBeNull();
    // Only yes (1) or no (0).
    await expect(sql`UPDATE devices SET unattended = 2`.execute(db.query)).rejects.toThrow();
  });
});
