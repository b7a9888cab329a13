import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { CreditLedger, MONTHLY_CREDITS, NoCreditsError, type Plan } from '../../../../server/credits/creditLedger';
import type { EndpointDb } from '../../../../server/db/endpointDb';
import { ENGINES, openTestEndpointDb, type TestEndpointDb, twoInstancesOnPostgres } from '../../../support/endpointDbs';

const at = (iso: string) => new Date(iso);

/** A company as the accounts store creates it: the ledger reads its creation time and plan. */
async function insertCompany(db: EndpointDb, createdAt: string): Promise<string> {
  const id = randomUUID();
  await db.query
    .insertInto('companies')
    .values({ id, name: 'Acme', created_at: at(createdAt).toISOString() })
    .execute();
  return id;
}

describe.each(ENGINES)('the AI-credit ledger on %s', (engine) => {
  let test: TestEndpointDb;
  let db: EndpointDb;
  let ledger: CreditLedger;
  let companyId: string;

  const company = (createdAt: string) => insertCompany(db, createdAt);

  beforeEach(async () => {
    test = await openTestEndpointDb(engine);
    db = test.db;
    ledger = new CreditLedger(db);
    companyId = await company('2026-03-15T10:00:00Z');
  });
  afterEach(() => test.close());

  it('grants the plan’s credits on the 1st of every month; unused monthly credits do not roll over', async () => {
    expect(await ledger.balance(companyId, at('2026-03-15T10:00:00Z'))).toBe(5);
    await ledger.reserve(companyId, 's1', at('2026-03-20T00:00:00Z'));
    expect(await ledger.balance(companyId, at('2026-03-31T23:59:59Z'))).toBe(4);
    expect(await ledger.balance(companyId, at('2026-04-01T00:00:00Z'))).toBe(5);
    await ledger.setPlan(companyId, 'tensor', at('2026-04-10T00:00:00Z'));
    expect(await ledger.balance(companyId, at('2026-05-01T00:00:00Z'))).toBe(MONTHLY_CREDITS.tensor);
  });

  it('crosses the year boundary: December’s grant ends as January’s begins', async () => {
    expect(await ledger.balance(companyId, at('2026-12-31T23:59:59Z'))).toBe(5);
    const entries = async () =>
      (await ledger.entries(companyId)).filter((entry) => entry.kind === 'grant').map((entry) => entry.at);
    expect(await ledger.balance(companyId, at('2027-01-01T00:00:00Z'))).toBe(5);
    expect((await entries()).slice(-2)).toEqual(['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    expect(await entries()).toHaveLength(11);
  });

  it('lets purchased packs expire 12 months after purchase, spending the earliest-expiring credits first', async () => {
    const pack = await ledger.purchase(companyId, 20, at('2026-03-20T12:00:00Z'));
    expect(pack.expiresAt).toBe('2027-03-20T12:00:00.000Z');
    for (let i = 0; i < 6; i++) await ledger.reserve(companyId, `march-${i}`, at('2026-03-25T00:00:00Z'));
    // Five came from March's grant (it lapses first), the sixth from the purchase.
    const packs = await ledger.packs(companyId, at('2026-03-25T00:00:00Z'));
    expect(packs.map((p) => [p.kind, p.remaining])).toEqual([
      ['grant', 0],
      ['purchase', 19],
    ]);
    expect(await ledger.balance(companyId, at('2027-03-20T11:59:59Z'))).toBe(19 + 5);
    expect(await ledger.balance(companyId, at('2027-03-20T12:00:00Z'))).toBe(5);
  });

  it('charges one credit per session however many AI calls it makes, and refunds a failed one', async () => {
    expect(await ledger.reserve(companyId, 'session-a', at('2026-03-16T00:00:00Z'))).toEqual({
      charged: true,
      balance: 4,
    });
    expect(await ledger.reserve(companyId, 'session-a', at('2026-03-16T00:01:00Z'))).toEqual({
      charged: false,
      balance: 4,
    });
    expect(await ledger.refund(companyId, 'session-a', at('2026-03-16T00:02:00Z'))).toBe('refunded');
    expect(await ledger.refund(companyId, 'session-a', at('2026-03-16T00:03:00Z'))).toBe('not_charged');
    expect(await ledger.balance(companyId, at('2026-03-16T00:04:00Z'))).toBe(5);
  });

  it('refuses with no credit left', async () => {
    for (let i = 0; i < 5; i++) await ledger.reserve(companyId, `s${i}`, at('2026-03-16T00:00:00Z'));
    await expect(ledger.reserve(companyId, 'one-too-many', at('2026-03-16T00:00:00Z'))).rejects.toThrow(NoCreditsError);
    expect(await ledger.balance(companyId, at('2026-03-16T00:00:00Z'))).toBe(0);
  });

  it('is append-only, and its entries add up to the balance', async () => {
    await ledger.purchase(companyId, 3, at('2026-03-16T00:00:00Z'));
    await ledger.reserve(companyId, 's', at('2026-03-17T00:00:00Z'));
    await expect(sql`UPDATE credit_ledger SET amount = 100`.execute(db.query)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM credit_ledger`.execute(db.query)).rejects.toThrow(/append-only/);
    const sum = (await ledger.entries(companyId)).reduce((total, entry) => total + entry.amount, 0);
    expect(sum).toBe(await ledger.balance(companyId, at('2026-03-17T00:00:00Z')));
  });

  it('matches an independent model over two years of random operations (seeded)', async () => {
    const command = fc.oneof(
      fc.record({ op: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 24 * 45 }) }),
      fc.record({ op: fc.constant('buy' as const), amount: fc.integer({ min: 1, max: 30 }) }),
      fc.record({ op: fc.constant('use' as const), session: fc.integer({ min: 0, max: 60 }) }),
      fc.record({ op: fc.constant('fail' as const), session: fc.integer({ min: 0, max: 60 }) }),
      fc.record({
        op: fc.constant('plan' as const),
        plan: fc.constantFrom<Plan>('business', 'premium', 'corporate', 'tensor'),
      }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 20, maxLength: 80 }), async (commands) => {
        const id = await company('2025-11-20T08:00:00Z');
        run++;
        // The model: packs with expiry and remaining credits; a session holds the pack it was charged to.
        interface ModelPack {
          expires: number;
          remaining: number;
          order: number;
        }
        const packs: ModelPack[] = [];
        const held = new Map<number, ModelPack>();
        let plan: Plan = 'business';
        let now = Date.parse('2025-11-20T08:00:00Z');
        let nextGrant = Date.UTC(2025, 10, 1);
        let order = 0;
        const grantsDue = () => {
          while (nextGrant <= now) {
            const expires = Date.UTC(new Date(nextGrant).getUTCFullYear(), new Date(nextGrant).getUTCMonth() + 1, 1);
            packs.push({ expires, remaining: MONTHLY_CREDITS[plan], order: order++ });
            nextGrant = expires;
          }
        };
        const live = () => packs.filter((p) => p.expires > now);
        const balance = () => live().reduce((total, p) => total + p.remaining, 0);
        for (const step of commands) {
          grantsDue();
          const date = new Date(now);
          switch (step.op) {
            case 'wait':
              now += step.hours * 3_600_000;
              break;
            case 'buy': {
              await ledger.purchase(id, step.amount, date);
              const expires = Date.UTC(
                date.getUTCFullYear() + 1,
                date.getUTCMonth(),
                date.getUTCDate(),
                date.getUTCHours(),
                date.getUTCMinutes(),
              );
              packs.push({ expires, remaining: step.amount, order: order++ });
              break;
            }
            case 'use': {
              const pack = [...live()]
                .sort((a, b) => a.expires - b.expires || a.order - b.order)
                .find((p) => p.remaining > 0);
              if (held.has(step.session)) {
                expect((await ledger.reserve(id, `s${step.session}`, date)).charged).toBe(false);
              } else if (!pack) {
                await expect(ledger.reserve(id, `s${step.session}`, date)).rejects.toThrow(NoCreditsError);
              } else {
                expect((await ledger.reserve(id, `s${step.session}`, date)).charged).toBe(true);
                pack.remaining--;
                held.set(step.session, pack);
              }
              break;
            }
            case 'fail': {
              const pack = held.get(step.session);
              expect(await ledger.refund(id, `s${step.session}`, date)).toBe(
                pack !== undefined ? 'refunded' : 'not_charged',
              );
              if (pack) {
                pack.remaining++;
                held.delete(step.session);
              }
              break;
            }
            case 'plan':
              await ledger.setPlan(id, step.plan, date);
              plan = step.plan;
              break;
          }
          grantsDue();
          const actual = await ledger.balance(id, new Date(now));
          expect(actual).toBe(balance());
          expect(actual).toBeGreaterThanOrEqual(0);
          expect((await ledger.entries(id)).reduce((total, entry) => total + entry.amount, 0)).toBe(actual);
        }
      }),
      { numRuns: 60, seed: 20261121 },
    );
    expect(run).toBe(60);
  });
});

describe('the AI-credit ledger shared by two endpoint instances on PostgreSQL', () => {
  const pg = twoInstancesOnPostgres();
  let instances: [CreditLedger, CreditLedger];
  let companyId: string;

  beforeEach(async () => {
    instances = [new CreditLedger(pg.test.db), new CreditLedger(pg.second)];
    companyId = await insertCompany(pg.test.db, '2026-03-15T10:00:00Z');
  });

  /** `count` calls spread over both instances, all started before any finishes. */
  const together = <T>(count: number, call: (ledger: CreditLedger, i: number) => Promise<T>) =>
    Promise.allSettled(Array.from({ length: count }, (_, i) => call(instances[i % 2]!, i)));

  it('spends each credit once when both instances charge the last ones at the same moment', async () => {
    const results = await together(12, (ledger, i) => ledger.reserve(companyId, `s${i}`, at('2026-03-16T00:00:00Z')));
    const charged = results.filter((r) => r.status === 'fulfilled' && r.value.charged);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(charged).toHaveLength(5);
    expect(refused).toHaveLength(7);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(NoCreditsError);
    expect(await instances[1].balance(companyId, at('2026-03-16T00:00:00Z'))).toBe(0);
    expect((await instances[0].entries(companyId)).filter((entry) => entry.kind === 'grant')).toHaveLength(1);
  });

  it('charges a session once however many instances ask for it at once', async () => {
    const results = await together(8, (ledger) => ledger.reserve(companyId, 'one-session', at('2026-03-16T00:00:00Z')));
    const answers = results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason));
    expect(answers.filter((answer) => answer.charged === true)).toHaveLength(1);
    expect(answers.filter((answer) => answer.charged === false)).toHaveLength(7);
    expect(await instances[0].balance(companyId, at('2026-03-16T00:00:00Z'))).toBe(4);
  });

  it('grants each month once when both instances settle a long gap at the same moment', async () => {
    const old = await insertCompany(pg.test.db, '2025-01-10T00:00:00Z');
    const results = await together(6, (ledger) => ledger.settle(old, at('2026-03-16T00:00:00Z')));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const grants = (await instances[1].entries(old)).filter((entry) => entry.kind === 'grant');
    expect(grants).toHaveLength(15);
    expect(new Set(grants.map((grant) => grant.at)).size).toBe(15);
    expect(await instances[0].balance(old, at('2026-03-16T00:00:00Z'))).toBe(5);
  });
});
