import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { VideoSessionStore } from '../../../../../server/video/videoSessionStore';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../../support/endpointDbs';
import { acme, migrateTo } from '../../../../support/migrationSteps';

const VERSION = 29;

describe.each(ENGINES)(`migration ${VERSION}: the fade time of drawings, on %s`, (engine) => {
  let test: TestEndpointDb | undefined;
  afterEach(async () => test?.close());

  it('gives existing companies 3 seconds and refuses a fade time out of bounds', async () => {
    test = await openTestEndpointDb(engine);
    const { db } = test;
    await sql`ALTER TABLE companies DROP COLUMN video_stroke_ttl_ms`.execute(db.query);
    await acme(db);
    await migrateTo(test, engine, VERSION);

    expect(await new VideoSessionStore(db, () => undefined).settings('acme')).toMatchObject({ strokeTtlMs: 3000 });
    for (const outOfBounds of [999, 30_001]) {
      await expect(
        db.query.updateTable('companies').set({ video_stroke_ttl_ms: outOfBounds }).where('id', '=', 'acme').execute(),
      ).rejects.toThrow(/check/i);
    }
  });
});
