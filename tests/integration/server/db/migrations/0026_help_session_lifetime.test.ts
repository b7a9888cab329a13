import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { HelpSessionStore } from '../../../../../server/liveview/helpSessionStore';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../../support/endpointDbs';
import { acme, migrateTo } from '../../../../support/migrationSteps';

describe.each(ENGINES)('migration 26: how long help sessions live, on %s', (engine) => {
  let test: TestEndpointDb | undefined;
  afterEach(async () => test?.close());

  it('gives every existing company an hour, and the database refuses a lifetime outside 5 … 720 minutes', async () => {
    test = await openTestEndpointDb(engine);
    const { db } = test;
    // Back to the schema before migration 26, a company in place, then forward again.
    await sql`ALTER TABLE companies DROP COLUMN help_session_lifetime_minutes`.execute(db.query);
    await acme(db);
    await migrateTo(test, engine, 26);
    const store = new HelpSessionStore(db);
    expect(await store.settings('acme')).toEqual({ codeSkipsAccept: false, lifetimeMinutes: 60 });
    expect(await store.changeSettings('acme', { lifetimeMinutes: 720 })).toEqual({
      codeSkipsAccept: false,
      lifetimeMinutes: 720,
    });
    for (const lifetimeMinutes of [4, 721]) {
      await expect(store.changeSettings('acme', { lifetimeMinutes })).rejects.toThrow(/check/i);
    }
    expect((await store.settings('acme')).lifetimeMinutes).toBe(720);
  });
});
