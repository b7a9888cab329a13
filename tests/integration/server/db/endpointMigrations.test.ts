import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { EndpointDb } from '../../../../server/db/endpointDb';
import { migratePostgres } from '../../../../server/db/migrateEndpoint';
import { endpointMigrations } from '../../../../server/db/migrations';
import { DatabaseConnectionError, openPostgresEndpointDb } from '../../../../server/db/openPostgres';
import { DatabaseTooNewError } from '../../../../src-shared/sqlite/migrate';
import { openTestEndpointDb, type TestEndpointDb } from '../../../support/endpointDbs';

describe('the endpoint’s migrations on PostgreSQL', () => {
  const opened: TestEndpointDb[] = [];
  const open = async (engine: 'sqlite' | 'postgres') => {
    const test = await openTestEndpointDb(engine);
    opened.push(test);
    return test;
  };
  afterEach(async () => {
    for (const test of opened.splice(0)) await test.close();
  });

  it('builds the same tables and columns as on SQLite', async () => {
    const columns = async (db: EndpointDb) =>
      Object.fromEntries(
        (await db.query.introspection.getTables())
          .filter((table) => !table.name.startsWith('summaries_fts') && table.name !== 'schema_version')
          .map((table) => [
            table.name,
            table.columns
              .map((column) => column.name)
              .filter((name) => name !== 'search')
              .sort(),
          ])
          .sort(([a], [b]) => String(a).localeCompare(String(b))),
      );
    const sqlite = await open('sqlite');
    const postgres = await open('postgres');
    const expected = await columns(sqlite.db);
    expect(Object.keys(expected)).toContain('credit_ledger');
    expect(await columns(postgres.db)).toEqual(expected);
  });

  it('applies nothing the second time, and every instance opening it shares one instance ID', async () => {
    const { db, url } = await open('postgres');
    expect(await migratePostgres(db.query, endpointMigrations)).toEqual([]);
    // Two more instances start at the same moment: they take turns at the migration lock.
    const [a, b] = await Promise.all([openPostgresEndpointDb(url!), openPostgresEndpointDb(url!)]);
    const ids = await Promise.all(
      [db, a, b].map(
        async (each) =>
          (await each.query.selectFrom('instance').select('instance_id').executeTakeFirstOrThrow()).instance_id,
      ),
    );
    await Promise.all([a.close(), b.close()]);
    expect(new Set(ids).size).toBe(1);
  });

  it('refuses a database a newer Tandem wrote, and leaves it as it was', async () => {
    const { db, url } = await open('postgres');
    await sql`UPDATE schema_version SET version = ${endpointMigrations.length + 1}`.execute(db.query);
    const refusal = await openPostgresEndpointDb(url!).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DatabaseTooNewError);
    expect((refusal as Error).message).toMatch(/newer version of Tandem .*Update Tandem on every instance/);
    expect(
      (await sql<{ version: number }>`SELECT version FROM schema_version`.execute(db.query)).rows[0]!.version,
    ).toBe(endpointMigrations.length + 1);
  });

  it('runs the pending migrations in one transaction: a failing one leaves none of them applied', async () => {
    const { db } = await open('postgres');
    const latest = endpointMigrations.length;
    const broken = [
      ...endpointMigrations,
      { version: latest + 1, name: 'good', sqlite: '', postgres: 'CREATE TABLE later_table (id TEXT PRIMARY KEY);' },
      { version: latest + 2, name: 'bad', sqlite: '', postgres: 'ALTER TABLE no_such_table ADD COLUMN x TEXT;' },
    ];
    await expect(migratePostgres(db.query, broken)).rejects.toThrow(/no_such_table/);
    expect(
      (await sql<{ version: number }>`SELECT version FROM schema_version`.execute(db.query)).rows[0]!.version,
    ).toBe(latest);
    const tables = (await db.query.introspection.getTables()).map((table) => table.name);
    expect(tables).not.toContain('later_table');
  });

  it('keeps the credit ledger and the account audit append-only', async () => {
    const { db } = await open('postgres');
    await db.query
      .insertInto('companies')
      .values({ id: 'c1', name: 'Acme', created_at: '2026-11-01T00:00:00.000Z' })
      .execute();
    await db.query
      .insertInto('credit_ledger')
      .values({
        company_id: 'c1',
        at: '2026-11-01T00:00:00.000Z',
        kind: 'grant',
        amount: 5,
        pack_id: 'p',
        expires_at: null,
        session_id: null,
      })
      .execute();
    await expect(db.query.updateTable('credit_ledger').set({ amount: 100 }).execute()).rejects.toThrow(
      /the credit ledger is append-only/,
    );
    await expect(db.query.deleteFrom('credit_ledger').execute()).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE credit_ledger`.execute(db.query)).rejects.toThrow(/append-only/);
    await expect(db.query.deleteFrom('account_audit').execute()).resolves.toBeDefined();
    await db.query
      .insertInto('account_audit')
      .values({
        company_id: 'c1',
        at: 'now',
        actor_id: 'u',
        actor: 'Ada',
        action: 'role.created',
        target: 'r',
        detail: '{}',
      })
      .execute();
    await expect(db.query.deleteFrom('account_audit').execute()).rejects.toThrow(/the account audit is append-only/);
  });

  it('indexes summaries for search as SQLite’s FTS5 does: words, prefixes, no diacritics, live rows only', async () => {
    const { db } = await open('postgres');
    await db.query
      .insertInto('companies')
      .values({ id: 'c1', name: 'Acme', created_at: '2026-11-01T00:00:00.000Z' })
      .execute();
    const fields = (title: string, applications: string[]) =>
      JSON.stringify({
        title,
        problem: 'Paper jam in tray two',
        actionsTaken: ['Restarted the spooler.'],
        outcome: 'Fixed.',
        followUps: ['Order toner.'],
        issueTypes: [{ type: 'network_vpn', confidence: 0.9 }],
        applications,
      });
    const row = (id: string, seq: number, deleted: number, value: string | null) => ({
      company_id: 'c1',
      id,
      request_id: `r-${id}`,
      version: 1,
      created_at: '2026-11-01T00:00:00.000Z',
      updated_at: '2026-11-01T00:00:00.000Z',
      deleted,
      fields: value,
      change_seq: seq,
    });
    await db.query
      .insertInto('summaries')
      .values([row('s1', 1, 0, fields('Drucker im Büro offline', ['Word'])), row('s2', 2, 1, null)])
      .execute();
    const matches = async (word: string) =>
      (
        await sql<{
          id: string;
        }>`SELECT id FROM summaries WHERE search @@ to_tsquery('tandem_search', ${`${word}:*`}) ORDER BY id`.execute(
          db.query,
        )
      ).rows.map((r) => r.id);
    for (const word of ['drucker', 'buro', 'büro', 'jam', 'spooler', 'toner', 'word', 'vpn', 'dru'])
      expect(await matches(word)).toEqual(['s1']);
    await db.query
      .updateTable('summaries')
      .set({ deleted: 1, fields: null, change_seq: 3 })
      .where('id', '=', 's1')
      .execute();
    expect(await matches('drucker')).toEqual([]);
  });

  it('says which server it cannot reach, without the password', async () => {
    const error = await openPostgresEndpointDb('postgres://tandem:hunter2-secret@127.0.0.1:1/tandem').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseConnectionError);
    expect((error as Error).message).toContain('127.0.0.1:1');
    expect((error as Error).message).not.toContain('hunter2-secret');
  });
});
