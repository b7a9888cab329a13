import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountStore } from '../../../../server/accounts/accountStore';
import { CreditLedger, MONTHLY_CREDITS, NoCreditsError, type Plan } from '../../../../server/credits/creditLedger';
import { openServerDatabase, type ServerDatabase } from '../../../../server/db/serverDatabase';
import { tempDir } from '../../../support/tempDir';

const at = (iso: string) => new Date(iso);

describe('the AI-credit ledger', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: ServerDatabase;
  let ledger: CreditLedger;
  let companyId: string;

  async function company(createdAt: string): Promise<string> {
    return (
      await new AccountStore(db).createCompany(
        { company: 'Acme', name: 'Ada', email: `${Math.random()}@acme.test`, password: 'x'.repeat(12) },
        at(createdAt),
      )
    ).companyId;
  }

  beforeEach(async () => {
    dir = tempDir();
    db = openServerDatabase(dir.path);
    ledger = new CreditLedger(db);
    companyId = await company('2026-03-15T10:00:00Z');
  });
  afterEach(() => {
    db.close();
    dir.cleanup();
  });

  it('grants the plan’s credits on the 1st of every month; unused monthly credits do not roll over', () => {
    expect(ledger.balance(companyId, at('2026-03-15T10:00:00Z'))).toBe(5);
    ledger.reserve(companyId, 's1', at('2026-03-20T00:00:00Z'));
    expect(ledger.balance(companyId, at('2026-03-31T23:59:59Z'))).toBe(4);
    expect(ledger.balance(companyId, at('2026-04-01T00:00:00Z'))).toBe(5);
    ledger.setPlan(companyId, 'tensor', at('2026-04-10T00:00:00Z'));
    expect(ledger.balance(companyId, at('2026-05-01T00:00:00Z'))).toBe(MONTHLY_CREDITS.tensor);
  });

  it('crosses the year boundary: December’s grant ends as January’s begins', () => {
    expect(ledger.balance(companyId, at('2026-12-31T23:59:59Z'))).toBe(5);
    const entries = () =>
      ledger
        .entries(companyId)
        .filter((entry) => entry.kind === 'grant')
        .map((entry) => entry.at);
    expect(ledger.balance(companyId, at('2027-01-01T00:00:00Z'))).toBe(5);
    expect(entries().slice(-2)).toEqual(['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    expect(entries()).toHaveLength(11);
  });

  it('lets purchased packs expire 12 months after purchase, spending the earliest-expiring credits first', () => {
    const pack = ledger.purchase(companyId, 20, at('2026-03-20T12:00:00Z'));
    expect(pack.expiresAt).toBe('2027-03-20T12:00:00.000Z');
    for (let i = 0; i < 6; i++) ledger.reserve(companyId, `march-${i}`, at('2026-03-25T00:00:00Z'));
    // Five came from March's grant (it lapses first), the sixth from the purchase.
    const packs = ledger.packs(companyId, at('2026-03-25T00:00:00Z'));
    expect(packs.map((p) => [p.kind, p.remaining])).toEqual([
      ['grant', 0],
      ['purchase', 19],
    ]);
    expect(ledger.balance(companyId, at('2027-03-20T11:59:59Z'))).toBe(19 + 5);
    expect(ledger.balance(companyId, at('2027-03-20T12:00:00Z'))).toBe(5);
  });

  it('charges one credit per session however many AI calls it makes, and refunds a failed one', () => {
    expect(ledger.reserve(companyId, 'session-a', at('2026-03-16T00:00:00Z'))).toEqual({ charged: true, balance: 4 });
    expect(ledger.reserve(companyId, 'session-a', at('2026-03-16T00:01:00Z'))).toEqual({ charged: false, balance: 4 });
    expect(ledger.refund(companyId, 'session-a', at('2026-03-16T00:02:00Z'))).toBe('refunded');
    expect(ledger.refund(companyId, 'session-a', at('2026-03-16T00:03:00Z'))).toBe('not_charged');
    expect(ledger.balance(companyId, at('2026-03-16T00:04:00Z'))).toBe(5);
  });

  it('refuses with no credit left', () => {
    for (let i = 0; i < 5; i++) ledger.reserve(companyId, `s${i}`, at('2026-03-16T00:00:00Z'));
    expect(() => ledger.reserve(companyId, 'one-too-many', at('2026-03-16T00:00:00Z'))).toThrow(NoCreditsError);
    expect(ledger.balance(companyId, at('2026-03-16T00:00:00Z'))).toBe(0);
  });

  it('is append-only, and its entries add up to the balance', () => {
    ledger.purchase(companyId, 3, at('2026-03-16T00:00:00Z'));
    ledger.reserve(companyId, 's', at('2026-03-17T00:00:00Z'));
    expect(() => db.prepare('UPDATE credit_ledger SET amount = 100').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM credit_ledger').run()).toThrow(/append-only/);
    const sum = ledger.entries(companyId).reduce((total, entry) => total + entry.amount, 0);
    expect(sum).toBe(ledger.balance(companyId, at('2026-03-17T00:00:00Z')));
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
              ledger.purchase(id, step.amount, date);
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
                expect(ledger.reserve(id, `s${step.session}`, date).charged).toBe(false);
              } else if (!pack) {
                expect(() => ledger.reserve(id, `s${step.session}`, date)).toThrow(NoCreditsError);
              } else {
                expect(ledger.reserve(id, `s${step.session}`, date).charged).toBe(true);
                pack.remaining--;
                held.set(step.session, pack);
              }
              break;
            }
            case 'fail': {
              const pack = held.get(step.session);
              expect(ledger.refund(id, `s${step.session}`, date)).toBe(pack !== undefined ? 'refunded' : 'not_charged');
              if (pack) {
                pack.remaining++;
                held.delete(step.session);
              }
              break;
            }
            case 'plan':
              ledger.setPlan(id, step.plan, date);
              plan = step.plan;
              break;
          }
          grantsDue();
          const actual = ledger.balance(id, new Date(now));
          expect(actual).toBe(balance());
          expect(actual).toBeGreaterThanOrEqual(0);
          expect(ledger.entries(id).reduce((total, entry) => total + entry.amount, 0)).toBe(actual);
        }
      }),
      { numRuns: 60, seed: 20261121 },
    );
    expect(run).toBe(60);
  });
});
