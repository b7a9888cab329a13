import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingStore } from '../../../../../server/video/recordingStore';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../../support/endpointDbs';
import { acmeWithVideoDevice, migrateTo } from '../../../../support/migrationSteps';

const VERSION = 30;
const AT = '2026-11-30T00:00:00.000Z';

describe.each(ENGINES)(`migration ${VERSION}: video recordings, on %s`, (engine) => {
  let test: TestEndpointDb | undefined;
  afterEach(async () => test?.close());

  it('adds recordings beside existing sessions, refuses an unknown state and a second recording on one upload', async () => {
    test = await openTestEndpointDb(engine);
    const { db } = test;
    await sql`DROP TABLE video_recordings`.execute(db.query);
    await acmeWithVideoDevice(db);
    await db.query
      .insertInto('roles')
      .values({ id: 'helpers', company_id: 'acme', name: 'Helpdesk', permissions: '["video.conduct"]' })
      .execute();
    await db.query
      .insertInto('users')
      .values({
        id: 'agent',
        company_id: 'acme',
        email: 'agent@acme.test',
        name: 'Agent',
        password_hash: 'x',
        totp_secret: null,
        role_id: 'helpers',
        created_at: AT,
        disabled_at: null,
      })
      .execute();
    await db.query
      .insertInto('video_sessions')
      .values({
        id: 's1',
        company_id: 'acme',
        device_id: 'press',
        ticket_id: null,
        origin: 'direct',
        reason: 'noise',
        status: 'IN_PROGRESS',
        created_at: AT,
        updated_at: AT,
        status_at: AT,
      })
      .execute();
    await migrateTo(test, engine, VERSION);

    const store = new RecordingStore(db);
    expect(await store.current('s1')).toBeNull();
    expect(await store.list('s1')).toEqual([]);
    const row = (id: string, state: string, uploadId: string | null) =>
      db.query
        .insertInto('video_recordings')
        .values({
          id,
          session_id: 's1',
          state: state as 'on',
          requested_by: 'agent',
          requested_at: AT,
          upload_id: uploadId,
        })
        .execute();
    await expect(row('r0', 'paused', null)).rejects.toThrow(/check/i);
    await row('r1', 'on', 'u1');
    await expect(row('r2', 'on', 'u1')).rejects.toThrow(/unique/i);
  });
});
