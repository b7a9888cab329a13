import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { jsonText, lockForUpdate } from '../db/dialect';
import type { EndpointDb, Queries } from '../db/endpointDb';

export type Plan = 'business' | 'premium' | 'corporate' | 'tensor';

/** SI-11: free credits granted on the 1st of every month, by plan. */
export const MONTHLY_CREDITS: Record<Plan, number> = { business: 5, premium: 10, corporate: 15, tensor: 50 };
export const PURCHASE_VALIDITY_MONTHS = 12;

export interface Pack {
  id: string;
  kind: 'grant' | 'purchase';
  grantedAt: string;
  expiresAt: string;
  remaining: number;
}

export class NoCreditsError extends Error {
  override readonly name = 'NoCreditsError';
}

/** Refund outcomes: only a held credit of a session whose summary the endpoint does not hold returns. */
export type RefundOutcome = 'refunded' | 'not_charged' | 'summary_exists';

type Entry = 'grant' | 'purchase' | 'reserve' | 'refund' | 'expire';

const firstOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 1));
const addMonths = (date: Date, months: number) =>
  new Date(
    Date.UTC(
      date.getUTCFullYear(),
      date.getUTCMonth() + months,
      date.getUTCDate(),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );

/**
 * The AI-credit ledger (SI-11). Entries are only ever appended; every balance is their sum.
 * Monthly grants arrive on the 1st (UTC) and last until the next grant (they do not roll over);
 * purchased packs last 12 months. A session costs one credit however many AI calls it makes:
 * reserved at the first call (idempotent by session), refunded if generation fails, always from
 * the pack that expires first. Time is passed in, so month and year boundaries are testable.
 *
 * Every change is one transaction that first locks the company's row: two instances of the
 * endpoint (or two requests) settling, charging or refunding the same company take turns, so a
 * month is granted once, a session charged once and no pack spent below zero.
 */
export class CreditLedger {
  constructor(private readonly db: EndpointDb) {}

  async plan(companyId: string): Promise<Plan> {
    const row = await this.db.query
      .selectFrom('companies')
      .select('plan')
      .where('id', '=', companyId)
      .executeTakeFirstOrThrow();
    return row.plan;
  }

  async setPlan(companyId: string, plan: Plan, now: Date): Promise<void> {
    await this.#changing(companyId, async (trx, company) => {
      await this.#settle(trx, companyId, company, now);
      await trx.updateTable('companies').set({ plan }).where('id', '=', companyId).execute();
    });
  }

  /** Grants due up to `now` and expiries that have passed, appended in time order. */
  async settle(companyId: string, now: Date): Promise<void> {
    await this.#changing(companyId, (trx, company) => this.#settle(trx, companyId, company, now));
  }

  async purchase(companyId: string, amount: number, now: Date): Promise<Pack> {
    if (!Number.isInteger(amount) || amount <= 0)
      throw new RangeError('A purchase is a positive whole number of credits.');
    const id = randomUUID();
    const expiresAt = addMonths(now, PURCHASE_VALIDITY_MONTHS).toISOString();
    await this.#changing(companyId, async (trx, company) => {
      await this.#settle(trx, companyId, company, now);
      await append(trx, companyId, now.toISOString(), 'purchase', amount, id, expiresAt, null);
    });
    return { id, kind: 'purchase', grantedAt: now.toISOString(), expiresAt, remaining: amount };
  }

  /** One credit for this session, once; from the pack that expires first. */
  reserve(companyId: string, sessionId: string, now: Date): Promise<{ charged: boolean; balance: number }> {
    return this.#changing(companyId, async (trx, company) => {
      await this.#settle(trx, companyId, company, now);
      if ((await held(trx, companyId, sessionId)) > 0) return { charged: false, balance: await total(trx, companyId) };
      const pack = (await packs(trx, companyId, now)).find((candidate) => candidate.remaining > 0);
      if (!pack) throw new NoCreditsError('No AI credits are left this month.');
      await append(trx, companyId, now.toISOString(), 'reserve', -1, pack.id, null, sessionId);
      return { charged: true, balance: await total(trx, companyId) };
    });
  }

  /**
   * Generation failed: the session's credit goes back to the pack it came from. The client asks,
   * but the endpoint decides: a session whose summary it already holds was summarised, so its
   * credit stays; and a refunded session whose AI-written summary arrives later is charged again
   * (see settle), so asking for a refund before handing the summary in gains nothing either.
   */
  refund(companyId: string, sessionId: string, now: Date): Promise<RefundOutcome> {
    return this.#changing(companyId, async (trx): Promise<RefundOutcome> => {
      if ((await held(trx, companyId, sessionId)) <= 0) return 'not_charged';
      const summary = await trx
        .selectFrom('summaries')
        .select('id')
        .where('company_id', '=', companyId)
        .where('request_id', '=', sessionId)
        .executeTakeFirst();
      if (summary) return 'summary_exists';
      const reserve = await trx
        .selectFrom('credit_ledger')
        .select('pack_id')
        .where('company_id', '=', companyId)
        .where('session_id', '=', sessionId)
        .where('kind', '=', 'reserve')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      await append(trx, companyId, now.toISOString(), 'refund', 1, reserve.pack_id, null, sessionId);
      // A refund into a pack that has lapsed meanwhile expires again straight away.
      await expire(trx, companyId, now);
      return 'refunded';
    });
  }

  async balance(companyId: string, now: Date): Promise<number> {
    return this.#changing(companyId, async (trx, company) => {
      await this.#settle(trx, companyId, company, now);
      return total(trx, companyId);
    });
  }

  /** Live packs with credits or not, earliest expiry first (the order they are spent in). */
  packs(companyId: string, now: Date): Promise<Pack[]> {
    return packs(this.db.query, companyId, now);
  }

  entries(companyId: string) {
    return this.db.query
      .selectFrom('credit_ledger')
      .select(['at', 'kind', 'amount', 'pack_id as packId', 'expires_at as expiresAt', 'session_id as sessionId'])
      .where('company_id', '=', companyId)
      .orderBy('id')
      .execute();
  }

  /** `work` in one transaction holding the company's row (see the class comment). */
  #changing<T>(companyId: string, work: (trx: Queries, company: { created_at: string; plan: Plan }) => Promise<T>) {
    return this.db.transaction(async (trx) => {
      const company = await lockForUpdate(
        this.db.engine,
        trx.selectFrom('companies').select(['created_at', 'plan']).where('id', '=', companyId),
      ).executeTakeFirstOrThrow();
      return work(trx, company);
    });
  }

  async #settle(trx: Queries, companyId: string, company: { created_at: string; plan: Plan }, now: Date) {
    const lastGrant = await trx
      .selectFrom('credit_ledger')
      .select((eb) => eb.fn.max('at').as('at'))
      .where('company_id', '=', companyId)
      .where('kind', '=', 'grant')
      .executeTakeFirst();
    const created = new Date(company.created_at);
    // The first grant is the month the company was created in; then every 1st up to now.
    let month = lastGrant?.at
      ? addMonths(new Date(lastGrant.at), 1)
      : firstOfMonth(created.getUTCFullYear(), created.getUTCMonth());
    while (month <= now) {
      await expire(trx, companyId, month);
      const grant = MONTHLY_CREDITS[company.plan];
      await append(
        trx,
        companyId,
        month.toISOString(),
        'grant',
        grant,
        randomUUID(),
        addMonths(month, 1).toISOString(),
        null,
      );
      month = addMonths(month, 1);
    }
    await expire(trx, companyId, now);
    await this.#rechargeAiSummaries(trx, companyId, now);
  }

  /**
   * Refunded sessions whose summary the endpoint now holds as written by the AI are charged again,
   * from the pack that expires first; with none left, at the next settle that finds credits.
   */
  async #rechargeAiSummaries(trx: Queries, companyId: string, now: Date): Promise<void> {
    const owed = await trx
      .selectFrom('credit_ledger as r')
      .select('r.session_id')
      .distinct()
      .where('r.company_id', '=', companyId)
      .where('r.kind', '=', 'refund')
      .where(
        (eb) =>
          eb
            .selectFrom('credit_ledger as h')
            .select(sql<number>`coalesce(sum(h.amount), 0)`.as('held'))
            .whereRef('h.company_id', '=', 'r.company_id')
            .whereRef('h.session_id', '=', 'r.session_id')
            .where('h.kind', 'in', ['reserve', 'refund']),
        '=',
        0,
      )
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('summaries as s')
            .select(sql`1`.as('one'))
            .whereRef('s.company_id', '=', 'r.company_id')
            .whereRef('s.request_id', '=', 'r.session_id')
            .where(jsonText(this.db.engine, sql.ref('s.fields'), 'summarizer'), '=', 'openai-compatible'),
        ),
      )
      .execute();
    for (const { session_id: sessionId } of owed) {
      const pack = (await packs(trx, companyId, now)).find((candidate) => candidate.remaining > 0);
      if (!pack) return;
      await append(trx, companyId, now.toISOString(), 'reserve', -1, pack.id, null, sessionId);
    }
  }
}

function append(
  trx: Queries,
  companyId: string,
  at: string,
  kind: Entry,
  amount: number,
  packId: string,
  expiresAt: string | null,
  sessionId: string | null,
) {
  return trx
    .insertInto('credit_ledger')
    .values({ company_id: companyId, at, kind, amount, pack_id: packId, expires_at: expiresAt, session_id: sessionId })
    .execute();
}

async function total(trx: Queries, companyId: string): Promise<number> {
  const row = await trx
    .selectFrom('credit_ledger')
    .select(sql<number>`coalesce(sum(amount), 0)`.as('total'))
    .where('company_id', '=', companyId)
    .executeTakeFirstOrThrow();
  return row.total;
}

async function held(trx: Queries, companyId: string, sessionId: string): Promise<number> {
  const row = await trx
    .selectFrom('credit_ledger')
    .select(sql<number>`coalesce(sum(amount), 0)`.as('held'))
    .where('company_id', '=', companyId)
    .where('session_id', '=', sessionId)
    .where('kind', 'in', ['reserve', 'refund'])
    .executeTakeFirstOrThrow();
  return -row.held;
}

/** What is left in each of a pack's entries' pack, beside the pack's own entry. */
function packsWith(trx: Queries, companyId: string) {
  return trx
    .selectFrom('credit_ledger as p')
    .select([
      'p.pack_id',
      'p.kind',
      'p.at',
      'p.expires_at',
      (eb) =>
        eb
          .selectFrom('credit_ledger as e')
          .select(sql<number>`sum(e.amount)`.as('remaining'))
          .whereRef('e.company_id', '=', 'p.company_id')
          .whereRef('e.pack_id', '=', 'p.pack_id')
          .as('remaining'),
    ])
    .where('p.company_id', '=', companyId)
    .where('p.kind', 'in', ['grant', 'purchase']);
}

async function packs(trx: Queries, companyId: string, now: Date): Promise<Pack[]> {
  const rows = await packsWith(trx, companyId)
    .where('p.expires_at', '>', now.toISOString())
    .orderBy('p.expires_at')
    .orderBy('p.id')
    .execute();
  return rows.map((row) => ({
    id: row.pack_id,
    kind: row.kind as Pack['kind'],
    grantedAt: row.at,
    expiresAt: row.expires_at!,
    remaining: Number(row.remaining),
  }));
}

/** Packs whose time is up by `at` lose what is left in them, at the moment they lapsed. */
async function expire(trx: Queries, companyId: string, at: Date): Promise<void> {
  const lapsed = await packsWith(trx, companyId).where('p.expires_at', '<=', at.toISOString()).execute();
  for (const pack of lapsed) {
    const remaining = Number(pack.remaining);
    if (remaining > 0) await append(trx, companyId, pack.expires_at!, 'expire', -remaining, pack.pack_id, null, null);
  }
}
