import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { EndpointDb } from '../../../../../server/db/endpointDb';
import { migratePostgres } from '../../../../../server/db/migrateEndpoint';
import { endpointMigrations } from '../../../../../server/db/migrations';
import { postgresPool } from '../../../../../server/db/postgres';

const admin = async (text: string) => {
  const client = new pg.Client({ connectionString: inject('postgresUrl') });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
};

describe('migration 20 on PostgreSQL: the summaries’ search splits words at punctuation', () => {
  const name = `tandem_test_${randomBytes(6).toString('hex')}`;
  let db: EndpointDb | undefined;
  afterEach(async () => {
    await db?.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('indexes the summaries already there anew, host names and addresses by their parts', async () => {
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(inject('postgresUrl'));
    url.pathname = `/${name}`;
    db = EndpointDb.postgres(postgresPool(url.toString()));
    const before = endpointMigrations.findIndex((migration) => migration.name === 'summary_search_words');
    await migratePostgres(db.query, endpointMigrations.slice(0, before));
    await db.query
      .insertInto('companies')
      .values({ id: 'c1', name: 'Acme', created_at: '2026-11-01T00:00:00.000Z' })
      .execute();
    await db.query
      .insertInto('summaries')
      .values({
        company_id: 'c1',
        id: 's1',
        request_id: 'r1',
        version: 1,
        created_at: '2026-11-01T00:00:00.000Z',
        updated_at: '2026-11-01T00:00:00.000Z',
        deleted: 0,
        fields: JSON.stringify({
          title: 'mail.contoso.test unreachable',
          problem: 'Ping to 192.168.1.10 fails from Büro2-PC.',
          actionsTaken: [],
          outcome: 'Fixed.',
          followUps: [],
          issueTypes: [{ type: 'network_vpn', confidence: 0.9 }],
          applications: ['Outlook'],
        }),
        change_seq: 1,
      })
      .execute();
    const matches = async (...words: string[]) =>
      (
        await sql<{ id: string }>`SELECT id FROM summaries WHERE search @@ to_tsquery('tandem_search', ${words
          .map((word) => `'${word}':*`)
          .join(' & ')})`.execute(db!.query)
      ).rows.map((row) => row.id);
    expect(await matches('contoso')).toEqual([]);
    expect(await matches('168')).toEqual([]);

    expect(await migratePostgres(db.query, endpointMigrations.slice(0, before + 1))).toEqual([
      endpointMigrations[before]!.version,
    ]);
    for (const words of [
      ['contoso'],
      ['mail', 'contoso', 'test'],
      ['168'],
      ['192', '168', '1', '10'],
      ['buro2', 'pc'],
      ['network', 'vpn'],
    ]) {
      expect(await matches(...words), words.join(' ')).toEqual(['s1']);
    }
    // Words mixing letters and digits lose their diacritics too: written with the umlaut or without.
    expect(await matches('büro2', 'pc')).toEqual(['s1']);
    expect(await matches('buro3')).toEqual([]);
  });
});
