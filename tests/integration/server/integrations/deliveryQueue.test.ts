import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EndpointDb } from '../../../../server/db/endpointDb';
import {
  claimDueDeliveries,
  DELIVERY_LEASE_MS,
  enqueueDeliveries,
  settleDelivery,
} from '../../../../server/integrations/deliveryQueue';
import { SummaryFeed } from '../../../../server/summaries/summaryFeed';
import { summarizeBuiltin, type SummaryInput } from '../../../../src-main/core/insights/builtinSummarizer';
import { ALL_PERMISSIONS } from '../../../../src-shared/domain/accounts';
import type { SummaryChange } from '../../../../src-shared/domain/summarySync';
import { ENGINES, openTestEndpointDb, type TestEndpointDb, twoInstancesOnPostgres } from '../../../support/endpointDbs';
import { readFileSync } from 'node:fs';

const fields = summarizeBuiltin(
  JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput,
  'en',
);
const upsert = (): SummaryChange => {
  const id = randomUUID();
  return {
    op: 'upsert',
    key: randomUUID(),
    id,
    requestId: `request-${id}`,
    baseVersion: 0,
    createdAt: '2026-11-21T10:00:00.000Z',
    fields,
  };
};

/** A company with one webhook for new summaries, and `count` new summaries pushed: `count` deliveries due. */
async function dueDeliveries(db: EndpointDb, count: number): Promise<void> {
  await db.query.insertInto('companies').values({ id: 'acme', name: 'Acme', created_at: 'now' }).execute();
  await db.query
    .insertInto('webhooks')
    .values({
      id: 'w1',
      company_id: 'acme',
      url: 'https://hooks.example/x',
      secret: 's',
      events: '["summary.created"]',
      created_at: 'now',
    })
    .execute();
  const changes = Array.from({ length: count }, upsert);
  await new SummaryFeed(db, enqueueDeliveries).push('acme', ALL_PERMISSIONS, changes, new Date());
}

const failed = { ok: false, status: 503, error: 'Service Unavailable', retry: true };

describe.each(ENGINES)('the delivery queue on %s', (engine) => {
  let test: TestEndpointDb;

  beforeEach(async () => {
    test = await openTestEndpointDb(engine);
  });
  afterEach(() => test.close());

  it('hands a due delivery to one claim until it is settled; a failed one comes back after its back-off', async () => {
    await dueDeliveries(test.db, 1);
    const now = new Date();
    const [claimed, ...rest] = await claimDueDeliveries(test.db, now);
    expect(rest).toEqual([]);
    expect(claimed).toMatchObject({
      companyId: 'acme',
      target: 'webhook:w1',
      attempts: 0,
      payload: { event: 'summary.created' },
    });
    expect(await claimDueDeliveries(test.db, now)).toEqual([]);
    await settleDelivery(test.db, claimed!.id, failed, now);
    expect(await claimDueDeliveries(test.db, new Date(now.getTime() + 500))).toEqual([]);
    const again = await claimDueDeliveries(test.db, new Date(now.getTime() + 1000));
    expect(again).toMatchObject([{ id: claimed!.id, attempts: 1 }]);
    await settleDelivery(test.db, claimed!.id, { ok: true, status: 200, error: null, retry: false }, now);
    expect(await claimDueDeliveries(test.db, new Date(now.getTime() + 3_600_000))).toEqual([]);
    expect(
      await test.db.query.selectFrom('deliveries').select(['status', 'attempts', 'last_status']).execute(),
    ).toEqual([{ status: 'delivered', attempts: 2, last_status: 200 }]);
  });

  it('gives a delivery whose claimer stopped before settling it to the next claim once the lease ends', async () => {
    await dueDeliveries(test.db, 1);
    const now = new Date();
    const [claimed] = await claimDueDeliveries(test.db, now);
    expect(await claimDueDeliveries(test.db, new Date(now.getTime() + DELIVERY_LEASE_MS - 1))).toEqual([]);
    expect(await claimDueDeliveries(test.db, new Date(now.getTime() + DELIVERY_LEASE_MS))).toMatchObject([
      { id: claimed!.id },
    ]);
  });
});

describe('the delivery queue shared by two endpoint instances on PostgreSQL', () => {
  const pg = twoInstancesOnPostgres();

  it('both instances’ workers claiming at once attempt every delivery once', async () => {
    await dueDeliveries(pg.test.db, 60);
    const now = new Date();
    const claimedBy = (db: EndpointDb) => async () => {
      const ids: string[] = [];
      for (
        let batch = await claimDueDeliveries(db, now, 5);
        batch.length > 0;
        batch = await claimDueDeliveries(db, now, 5)
      )
        ids.push(...batch.map((delivery) => delivery.id));
      return ids;
    };
    const [a, b] = await Promise.all([claimedBy(pg.test.db)(), claimedBy(pg.second)()]);
    expect(a!.length + b!.length).toBe(60);
    expect(new Set([...a!, ...b!]).size).toBe(60);
  });
});
