import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../../support/endpointDbs';
import {
  acmeRoles,
  migrateTo,
  rolePermissions,
  dropTables,
  VIDEO_SESSION_TABLES,
} from '../../../../support/migrationSteps';

describe.each(ENGINES)('migration 24: video devices, on %s', (engine) => {
  let test: TestEndpointDb | undefined;
  afterEach(async () => test?.close());

  it('gives the three video permissions to the roles that manage users, and to no other', async () => {
    test = await openTestEndpointDb(engine);
    const { db } = test;
    // Back to the schema before migration 24, with roles in place, then forward again.
    // What later migrations built on these tables goes first (PostgreSQL refuses to drop what is referenced).
    await dropTables(db, VIDEO_SESSION_TABLES);
    await sql`DROP TABLE video_ticket_messages`.execute(db.query);
    await sql`DROP TABLE video_tickets`.execute(db.query);
    await sql`DROP TABLE video_code_user_tokens`.execute(db.query);
    await sql`DROP TABLE video_devices`.execute(db.query);
    await acmeRoles(db, { admins: ['admin.users'], helpers: ['liveview.view'] });
    await migrateTo(test, engine, 24);
    expect(await rolePermissions(db)).toEqual([
      ['admins', ['admin.users', 'video.view', 'video.manage', 'video.conduct']],
      ['helpers', ['liveview.view']],
    ]);
  });
});
