import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../../support/endpointDbs';
import { acmeWithVideoDevice, dropTables, migrateTo } from '../../../../support/migrationSteps';

const VERSION = 28;
const AT = '2026-11-30T00:00:00.000Z';

describe.each(ENGINES)(`migration ${VERSION}: video screenshots, on %s`, (engine) => {
  let test: TestEndpointDb | undefined;
  afterEach(async () => test?.close());

  it('keeps a session’s screenshot bytes as they were given, and refuses an unknown picture type or author', async () => {
    test = await openTestEndpointDb(engine);
    const { db } = test;
    await dropTables(db, ['video_screenshots']);
    await acmeWithVideoDevice(db);
    await db.query
      .insertInto('video_sessions')
      .values({
        id: 'session',
        company_id: 'acme',
        device_id: 'press',
        ticket_id: null,
        origin: 'direct',
        reason: 'Help',
        status: 'IN_PROGRESS',
        created_at: AT,
        updated_at: AT,
        status_at: AT,
      })
      .execute();
    await migrateTo(test, engine, VERSION);

    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
    const shot = (id: string, change: Record<string, unknown> = {}) =>
      db.query
        .insertInto('video_screenshots')
        .values({
          id,
          session_id: 'session',
          taken_by_kind: 'code-user',
          taken_by_user: null,
          taken_at: AT,
          width: 640,
          height: 480,
          image_type: 'image/jpeg',
          image: bytes,
          document: new Uint8Array([0, 0]),
          updated_at: AT,
          ...change,
        })
        .execute();
    await shot('one');
    const row = await db.query.selectFrom('video_screenshots').selectAll().executeTakeFirstOrThrow();
    expect(new Uint8Array(row.image)).toEqual(bytes);
    expect(new Uint8Array(row.document)).toEqual(new Uint8Array([0, 0]));
    await expect(shot('gif', { image_type: 'image/gif' })).rejects.toThrow(/check/i);
    await expect(shot('robot', { taken_by_kind: 'robot' })).rejects.toThrow(/check/i);
    await expect(shot('orphan', { session_id: 'nope' })).rejects.toThrow(/foreign key/i);
  });
});
