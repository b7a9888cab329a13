import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { HelpSessionStore } from '../../../../../server/liveview/helpSessionStore';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../../support/endpointDbs';
import { acme, migrateTo } from '../../../../support/migrationSteps';

describe.each(ENGINES)('migration 22: how help connections start, on %s', (engine) => {
  let test: TestEndpointDb | undefined;
  afterEach(async () => test?.close());

  it('leaves every existing company asking the end user to accept, until an administrator changes it', async () => {
    test = await openTestEndpointDb(engine);
    const { db } = test;
    // Back to the schema before migration 22, a company in place, then forward again.
    await sql`ALTER TABLE companies DROP COLUMN help_code_skips_accept`.execute(db.query);
    await acme(db);
    await migrateTo(test, engine, 22);
    const store = new HelpSessionStore(db);
    // What migration 22 added; later settings (the lifetime, migration 26) are their own tests'.
    expect((await store.settings('acme')).codeSkipsAccept).toBe(false);
    expect((await store.changeSettings('acme', { codeSkipsAccept: true })).codeSkipsAccept).toBe(true);
    expect((await store.settings('acme')).codeSkipsAccept).toBe(true);
  });
});
