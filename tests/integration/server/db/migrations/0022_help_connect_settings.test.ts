import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../../../../server/db/migrateEndpoint';
import { endpointMigrations, serverMigrations } from '../../../../../server/db/migrations';
import { HelpSessionStore } from '../../../../../server/liveview/helpSessionStore';
import { migrate } from '../../../../../src-shared/sqlite/migrate';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../../support/endpointDbs';

describe.each(ENGINES)('migration 22: how help connections start, on %s', (engine) => {
  let test: TestEndpointDb | undefined;
  afterEach(async () => test?.close());

  it('leaves every existing company asking the end user to accept, until an administrator changes it', async () => {
    test = await openTestEndpointDb(engine);
    const { db } = test;
    // Back to the schema before migration 22, a company in place, then forward again.
    await sql`ALTER TABLE companies DROP COLUMN help_code_skips_accept`.execute(db.query);
    await db.query
      .insertInto('companies')
      .values({ id: 'acme', name: 'Acme', created_at: '2026-11-01T00:00:00.000Z' })
      .execute();
    if (engine === 'sqlite') {
      await sql`PRAGMA user_version = 21`.execute(db.query);
      // Up to 22: the migrations after it are their own tests'.
      migrate(test.handle!, serverMigrations.slice(0, 22));
    } else {
      await sql`UPDATE schema_version SET version = 21`.execute(db.query);
      expect(await migratePostgres(db.query, endpointMigrations.slice(0, 22))).toEqual([22]);
    }
    const store = new HelpSessionStore(db);
    // What migration 22 added; later settings (the lifetime, migration 26) are their own tests'.
    expect((await store.settings('acme')).codeSkipsAccept).toBe(false);
    expect((await store.changeSettings('acme', { codeSkipsAccept: true })).codeSkipsAccept).toBe(true);
    expect((await store.settings('acme')).codeSkipsAccept).toBe(true);
  });
});
