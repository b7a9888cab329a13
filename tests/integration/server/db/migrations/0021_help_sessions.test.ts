import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../../support/endpointDbs';
import { acmeRoles, migrateTo, rolePermissions } from '../../../../support/migrationSteps';

describe.each(ENGINES)('migration 21: help sessions, on %s', (engine) => {
  let test: TestEndpointDb | undefined;
  afterEach(async () => test?.close());

  it('gives the new permission liveview.view to the roles that manage users, and to no other', async () => {
    test = await openTestEndpointDb(engine);
    const { db } = test;
    // Back to the schema before migration 21, then forward again with roles in place.
    await sql`DROP TABLE help_session_events`.execute(db.query);
    await sql`DROP TABLE help_sessions`.execute(db.query);
    await acmeRoles(db, { admins: ['insights.view', 'admin.users'], helpers: ['insights.view'] });
    await migrateTo(test, engine, 21);
    expect(await rolePermissions(db)).toEqual([
      ['admins', ['insights.view', 'admin.users', 'liveview.view']],
      ['helpers', ['insights.view']],
    ]);
  });

  if (engine === 'sqlite') {
    it('lists a company’s help sessions and sweeps silent and expired ones through their indexes', async () => {
      test = await openTestEndpointDb(engine);
      const plan = (query: string, ...values: string[]) =>
        (test!.handle!.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...values) as { detail: string }[])
          .map((row) => row.detail)
          .join('\n');
      expect(
        plan(
          'SELECT * FROM help_sessions WHERE company_id = ? AND last_seen_at >= ? AND expires_at > ?',
          'acme',
          'x',
          'x',
        ),
      ).toContain('help_sessions_company_seen');
      const sweep = plan('DELETE FROM help_sessions WHERE expires_at <= ? OR last_seen_at < ?', 'x', 'x');
      expect(sweep).toContain('help_sessions_expiry');
      expect(sweep).toContain('help_sessions_seen');
    });
  }
});
