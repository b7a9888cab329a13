import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../../../../server/db/migrateEndpoint';
import { endpointMigrations, serverMigrations } from '../../../../../server/db/migrations';
import { HelpSessionStore } from '../../../../../server/liveview/helpSessionStore';
import { migrate } from '../../../../../src-shared/sqlite/migrate';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../../support/endpointDbs';

describe.each(ENGINES)('migration 26: how long help sessions live, on %s', (engine) => {
  let test: TestEndpointDb | undefined;
  afterEach(async () => test?.close());

  it('gives every existing company an hour, and the database refuses a lifetime outside 5 … 720 minutes', async () => {
    test = await openTestEndpointDb(engine);
    const { db } = test;
    // Back to the schema before migration 26, a company in place, then forward again.
    await sql`ALTER TABLE companies DROP COLUMN help_session_lifetime_minutes`.execute(db.query);
    await db.query
      .insertInto('companies')
      .values({ id: 'acme', name: 'Acme', created_at: '2026-11-01T00:00:00.000Z' })
      .execute();
    if (engine === 'sqlite') {
      await sql`PRAGMA user_version = 25`.execute(db.query);
      // Up to 26: the migrations after it are their own tests'.
      migrate(test.handle!, serverMigrations.slice(0, 26));
    } else {
      await sql`UPDATE schema_version SET version = 25`.execute(db.query);
      expect(await migratePostgres(db.query, endpointMigrations.slice(0, 26))).toEqual([26]);
    }
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
