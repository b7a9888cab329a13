import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../../support/endpointDbs';
import { acmeWithVideoDevice, migrateTo, dropTables, VIDEO_SESSION_TABLES } from '../../../../support/migrationSteps';

const VERSION = 25;

describe.each(ENGINES)(`migration ${VERSION}: video tickets, on %s`, (engine) => {
  let test: TestEndpointDb | undefined;
  afterEach(async () => test?.close());

  it('adds tickets to the existing devices, numbers their messages in order, and refuses an unknown status', async () => {
    test = await openTestEndpointDb(engine);
    const { db } = test;
    // Back to the schema before this migration, with a device in place, then forward again.
    // What later migrations built on these tables goes first (PostgreSQL refuses to drop what is referenced).
    await dropTables(db, VIDEO_SESSION_TABLES);
    await sql`DROP TABLE video_ticket_messages`.execute(db.query);
    await sql`DROP TABLE video_tickets`.execute(db.query);
    await acmeWithVideoDevice(db);
    await migrateTo(test, engine, VERSION);

    const at = '2026-11-30T00:00:00.000Z';
    await db.query
      .insertInto('video_tickets')
      .values({
        id: 't1',
        company_id: 'acme',
        device_id: 'press',
        title: 'Leaks oil',
        status: 'open',
        external_ref: '',
        created_by_user: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    for (const body of ['first', 'second', 'third']) {
      await db.query
        .insertInto('video_ticket_messages')
        .values({ ticket_id: 't1', author_user: null, body, created_at: at })
        .execute();
    }
    const messages = await db.query.selectFrom('video_ticket_messages').select(['id', 'body']).orderBy('id').execute();
    expect(messages.map((message) => message.body)).toEqual(['first', 'second', 'third']);

    await expect(
      db.query
        .insertInto('video_tickets')
        .values({
          id: 't2',
          company_id: 'acme',
          device_id: 'press',
          title: 'x',
          status: 'pending' as 'open',
          external_ref: '',
          created_by_user: null,
          created_at: at,
          updated_at: at,
        })
        .execute(),
    ).rejects.toThrow(/CHECK|check constraint/i);
  });
});
