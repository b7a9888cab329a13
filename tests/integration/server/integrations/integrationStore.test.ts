import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EndpointDb } from '../../../../server/db/endpointDb';
import { openPostgresEndpointDb } from '../../../../server/db/openPostgres';
import { IntegrationStore } from '../../../../server/integrations/integrationStore';
import { openSecretBox } from '../../../../server/security/secretBox';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../support/endpointDbs';

const key = randomBytes(32);

/** A delivery as the queue writes it, `minutes` after 10:00. */
const delivery = (companyId: string, target: string, minutes: number) => ({
  id: randomUUID(),
  company_id: companyId,
  target,
  event: 'summary.created',
  summary_id: randomUUID(),
  ticket: null,
  payload: '{}',
  status: 'pending' as const,
  next_attempt_at: '2026-11-21T10:00:00.000Z',
  created_at: new Date(Date.parse('2026-11-21T10:00:00.000Z') + minutes * 60_000).toISOString(),
});

/** SI-12: the company's webhooks, connectors and delivery log, on either engine. */
describe.each(ENGINES)('the integrations store on %s', (engine) => {
  let test: TestEndpointDb;
  let store: IntegrationStore;

  beforeEach(async () => {
    test = await openTestEndpointDb(engine);
    await test.db.query
      .insertInto('companies')
      .values(['acme', 'globex'].map((id) => ({ id, name: id, created_at: '2026-11-01T00:00:00.000Z' })))
      .execute();
    store = new IntegrationStore(test.db, await openSecretBox(test.db, key));
  });
  afterEach(() => test.close());

  it('keeps a company’s webhooks with their signing secrets sealed, and removes each once', async () => {
    const first = await store.addWebhook(
      'acme',
      'https://hooks.example/a',
      ['summary.created'],
      new Date('2026-11-21T10:00:00Z'),
    );
    const second = await store.addWebhook(
      'acme',
      'https://hooks.example/b',
      ['summary.updated', 'summary.deleted'],
      new Date('2026-11-21T11:00:00Z'),
    );
    expect(first.secret).toMatch(/^whsec_/);
    expect(await store.webhooks('acme')).toEqual([
      {
        id: first.id,
        url: 'https://hooks.example/a',
        events: ['summary.created'],
        createdAt: '2026-11-21T10:00:00.000Z',
      },
      {
        id: second.id,
        url: 'https://hooks.example/b',
        events: ['summary.updated', 'summary.deleted'],
        createdAt: '2026-11-21T11:00:00.000Z',
      },
    ]);
    // What the delivery worker signs with is the secret the administrator was shown; the database holds it sealed.
    expect(await store.webhookSecret('acme', first.id)).toEqual({
      url: 'https://hooks.example/a',
      secret: first.secret,
    });
    const stored = await test.db.query
      .selectFrom('webhooks')
      .select('secret')
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(stored.secret).not.toContain(first.secret);

    // Another company neither sees nor removes them.
    expect(await store.webhooks('globex')).toEqual([]);
    expect(await store.webhookSecret('globex', first.id)).toBeNull();
    expect(await store.removeWebhook('globex', first.id)).toBe(false);

    expect(await store.removeWebhook('acme', first.id)).toBe(true);
    expect(await store.removeWebhook('acme', first.id)).toBe(false);
    expect(await store.webhookSecret('acme', first.id)).toBeNull();
    expect((await store.webhooks('acme')).map((webhook) => webhook.id)).toEqual([second.id]);
  });

  it('saves a connector per company and kind, its secret sealed, a later save replacing it', async () => {
    expect(await store.connector('acme', 'servicenow')).toBeNull();
    await store.setConnector('acme', 'servicenow', true, {
      instanceUrl: 'https://acme.service-now.example',
      username: 'tandem',
      secret: 'first password',
    });
    expect(await store.connector('acme', 'servicenow')).toEqual({
      enabled: true,
      config: { instanceUrl: 'https://acme.service-now.example', username: 'tandem', secret: 'first password' },
    });
    const stored = await test.db.query.selectFrom('connectors').select('config').executeTakeFirstOrThrow();
    expect(stored.config).not.toContain('first password');

    await store.setConnector('acme', 'servicenow', false, { instanceUrl: 'https://other.example', secret: 'second' });
    expect(await store.connector('acme', 'servicenow')).toEqual({
      enabled: false,
      config: { instanceUrl: 'https://other.example', secret: 'second' },
    });
    expect(await test.db.query.selectFrom('connectors').select('kind').execute()).toHaveLength(1);
    expect(await store.connector('acme', 'salesforce')).toBeNull();
    expect(await store.connector('globex', 'servicenow')).toBeNull();
  });

  it('shows a target’s delivery log newest first, the company’s own only', async () => {
    await test.db.query
      .insertInto('deliveries')
      .values([
        delivery('acme', 'webhook:w1', 1),
        delivery('acme', 'webhook:w1', 3),
        delivery('acme', 'webhook:w1', 2),
        delivery('acme', 'servicenow', 4),
        delivery('globex', 'webhook:w1', 5),
      ])
      .execute();
    const log = await store.log('acme', 'webhook:w1');
    expect(log.map((entry) => entry.createdAt)).toEqual([
      '2026-11-21T10:03:00.000Z',
      '2026-11-21T10:02:00.000Z',
      '2026-11-21T10:01:00.000Z',
    ]);
    expect(log[0]).toMatchObject({
      target: 'webhook:w1',
      event: 'summary.created',
      status: 'pending',
      attempts: 0,
      ticket: null,
      deliveredAt: null,
    });
    expect(await store.log('acme', 'webhook:w1', 2)).toHaveLength(2);
    expect((await store.log('acme', 'servicenow')).map((entry) => entry.createdAt)).toEqual([
      '2026-11-21T10:04:00.000Z',
    ]);
    expect(await store.log('globex', 'servicenow')).toEqual([]);
  });

  if (engine === 'postgres') {
    it('two instances removing one webhook at the same moment: one reports it removed', async () => {
      const second: EndpointDb = await openPostgresEndpointDb(test.url!);
      try {
        const other = new IntegrationStore(second, await openSecretBox(second, key));
        for (let round = 0; round < 10; round++) {
          const { id } = await store.addWebhook('acme', `https://hooks.example/${round}`, ['summary.created']);
          const removed = await Promise.all([store.removeWebhook('acme', id), other.removeWebhook('acme', id)]);
          expect(removed.filter(Boolean)).toHaveLength(1);
        }
        // Saving one connector at once: both saves go through, and one of them is what is kept, whole.
        await Promise.all([
          store.setConnector('acme', 'salesforce', true, { instanceUrl: 'https://a.example', secret: 'token a' }),
          other.setConnector('acme', 'salesforce', true, { instanceUrl: 'https://b.example', secret: 'token b' }),
        ]);
        const kept = (await store.connector('acme', 'salesforce'))!.config;
        expect([
          { instanceUrl: 'https://a.example', secret: 'token a' },
          { instanceUrl: 'https://b.example', secret: 'token b' },
        ]).toContainEqual(kept);
      } finally {
        await second.close();
      }
    });
  }
});
