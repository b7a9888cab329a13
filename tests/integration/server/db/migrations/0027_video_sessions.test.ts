import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { VideoSessionStore } from '../../../../../server/video/videoSessionStore';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../../support/endpointDbs';
import { acmeWithVideoDevice, dropTables, migrateTo, VIDEO_SESSION_TABLES } from '../../../../support/migrationSteps';

const VERSION = 27;
const AT = '2026-11-30T00:00:00.000Z';

describe.each(ENGINES)(`migration ${VERSION}: video sessions, on %s`, (engine) => {
  let test: TestEndpointDb | undefined;
  afterEach(async () => test?.close());

  it('lets existing companies take requests from every device, reviews for 72 hours, and refuses an unknown status', async () => {
    test = await openTestEndpointDb(engine);
    const { db } = test;
    // Back to the schema before this migration, a company with a device in place, then forward again.
    await dropTables(db, VIDEO_SESSION_TABLES);
    await sql`ALTER TABLE video_devices DROP COLUMN device_group`.execute(db.query);
    for (const column of ['video_requests', 'video_request_groups', 'video_review_hours']) {
      await sql`ALTER TABLE companies DROP COLUMN ${sql.ref(column)}`.execute(db.query);
    }
    await acmeWithVideoDevice(db);
    await migrateTo(test, engine, VERSION);

    const store = new VideoSessionStore(db, () => undefined);
    expect(await store.settings('acme')).toMatchObject({ requests: 'all', requestGroups: [], reviewHours: 72 });
    expect(await store.requestsAllowed({ companyId: 'acme', deviceId: 'press' })).toBe(true);
    expect(
      (await db.query.selectFrom('video_devices').select('device_group').executeTakeFirstOrThrow()).device_group,
    ).toBe('');
    const session = (status: string) =>
      db.query
        .insertInto('video_sessions')
        .values({
          id: `s-${status}`,
          company_id: 'acme',
          device_id: 'press',
          ticket_id: null,
          origin: 'request',
          reason: 'Help',
          status: status as 'REQUESTED',
          created_at: AT,
          updated_at: AT,
          status_at: AT,
        })
        .execute();
    await session('REQUESTED');
    await expect(session('PAUSED')).rejects.toThrow(/check/i);
    await expect(
      db.query.updateTable('companies').set({ video_review_hours: 0 }).where('id', '=', 'acme').execute(),
    ).rejects.toThrow(/check/i);
  });
});
