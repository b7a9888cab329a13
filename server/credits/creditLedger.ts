import { randomUUID } from 'node:crypto';
import type { ServerDatabase } from '../db/serverDatabase';

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
 */
export class CreditLedger {
  constructor(private readonly db: ServerDatabase) {}

  plan(companyId: string): Plan {
    return (this.db.prepare('SELECT plan FROM companies WHERE id = ?').get(companyId) as { plan: Plan }).plan;
  }

  setPlan(companyId: string, plan: Plan, now: Date): void {
    this.settle(companyId, now);
    this.db.prepare('UPDATE companies SET plan = ? WHERE id = ?').run(plan, companyId);
  }

  /** Grants due up to `now` and expiries that have passed, appended in time order. */
  settle(companyId: string, now: Date): void {
    this.db.transaction(() => {
      const company = this.db.prepare('SELECT created_at, plan FROM companies WHERE id = ?').get(companyId) as {
        created_at: string;
        plan: Plan;
      };
      const lastGrant = this.db
        .prepare("SELECT max(at) AS at FROM credit_ledger WHERE company_id = ? AND kind = 'grant'")
        .get(companyId) as { at: string | null };
      const created = new Date(company.created_at);
      // The first grant is the month the company was created in; then every 1st up to now.
      let month = lastGrant.at
        ? addMonths(new Date(lastGrant.at), 1)
        : firstOfMonth(created.getUTCFullYear(), created.getUTCMonth());
      const insert = this.db.prepare(
        'INSERT INTO credit_ledger (company_id, at, kind, amount, pack_id, expires_at, session_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      while (month <= now) {
        this.#expire(companyId, month);
        insert.run(
          companyId,
          month.toISOString(),
          'grant',
          MONTHLY_CREDITS[company.plan],
          randomUUID(),
          addMonths(month, 1).toISOString(),
          null,
        );
        month = addMonths(month, 1);
      }
      this.#expire(companyId, now);
      this.#rechargeAiSummaries(companyId, now);
    })();
  }

  purchase(companyId: string, amount: number, now: Date): Pack {
    if (!Number.isInteger(amount) || amount <= 0)
      throw new RangeError('A purchase is a positive whole number of credits.');
    this.settle(companyId, now);
    const id = randomUUID();
    const expiresAt = addMonths(now, PURCHASE_VALIDITY_MONTHS).toISOString();
    this.db
      .prepare(
        'INSERT INTO credit_ledger (company_id, at, kind, amount, pack_id, expires_at, session_id) VALUES (?, ?, ?, ?, ?, ?, NULL)',
      )
      .run(companyId, now.toISOString(), 'purchase', amount, id, expiresAt);
    return { id, kind: 'purchase', grantedAt: now.toISOString(), expiresAt, remaining: amount };
  }

  /** One credit for this session, once; from the pack that expires first. */
  reserve(companyId: string, sessionId: string, now: Date): { charged: boolean; balance: number } {
    return this.db.transaction(() => {
      this.settle(companyId, now);
      const held = this.#held(companyId, sessionId);
      if (held > 0) return { charged: false, balance: this.balance(companyId, now) };
      const pack = this.packs(companyId, now).find((candidate) => candidate.remaining > 0);
      if (!pack) throw new NoCreditsError('No AI credits are left this month.');
      this.db
        .prepare(
          'INSERT INTO credit_ledger (company_id, at, kind, amount, pack_id, expires_at, session_id) VALUES (?, ?, ?, ?, ?, NULL, ?)',
        )
        .run(companyId, now.toISOString(), 'reserve', -1, pack.id, sessionId);
      return { charged: true, balance: this.balance(companyId, now) };
    })();
  }

  /**
   * Generation failed: the session's credit goes back to the pack it came from. The client asks,
   * but the endpoint decides: a session whose summary it already holds was summarised, so its
   * credit stays; and a refunded session whose AI-written summary arrives later is charged again
   * (see settle), so asking for a refund before handing the summary in gains nothing either.
   */
  refund(companyId: string, sessionId: string, now: Date): RefundOutcome {
    return this.db.transaction((): RefundOutcome => {
      if (this.#held(companyId, sessionId) <= 0) return 'not_charged';
      if (
        this.db.prepare('SELECT 1 FROM summaries WHERE company_id = ? AND request_id = ?').get(companyId, sessionId)
      ) {
        return 'summary_exists';
      }
      const reserve = this.db
        .prepare(
          "SELECT pack_id FROM credit_ledger WHERE company_id = ? AND session_id = ? AND kind = 'reserve' ORDER BY id DESC LIMIT 1",
        )
        .get(companyId, sessionId) as { pack_id: string };
      this.db
        .prepare(
          'INSERT INTO credit_ledger (company_id, at, kind, amount, pack_id, expires_at, session_id) VALUES (?, ?, ?, ?, ?, NULL, ?)',
        )
        .run(companyId, now.toISOString(), 'refund', 1, reserve.pack_id, sessionId);
      // A refund into a pack that has lapsed meanwhile expires again straight away.
      this.#expire(companyId, now);
      return 'refunded';
    })();
  }

  balance(companyId: string, now: Date): number {
    this.settle(companyId, now);
    return (
      this.db
        .prepare('SELECT coalesce(sum(amount), 0) AS total FROM credit_ledger WHERE company_id = ?')
        .get(companyId) as { total: number }
    ).total;
  }

  /** Live packs with credits or not, earliest expiry first (the order they are spent in). */
  packs(companyId: string, now: Date): Pack[] {
    const rows = this.db
      .prepare(
        `SELECT p.pack_id, p.kind, p.at, p.expires_at,
                (SELECT sum(amount) FROM credit_ledger e WHERE e.company_id = p.company_id AND e.pack_id = p.pack_id) AS remaining
           FROM credit_ledger p
          WHERE p.company_id = ? AND p.kind IN ('grant', 'purchase') AND p.expires_at > ?
          ORDER BY p.expires_at, p.id`,
      )
      .all(companyId, now.toISOString()) as {
      pack_id: string;
      kind: 'grant' | 'purchase';
      at: string;
      expires_at: string;
      remaining: number;
    }[];
    return rows.map((row) => ({
      id: row.pack_id,
      kind: row.kind,
      grantedAt: row.at,
      expiresAt: row.expires_at,
      remaining: row.remaining,
    }));
  }

  entries(companyId: string) {
    return this.db
      .prepare(
        'SELECT at, kind, amount, pack_id AS packId, expires_at AS expiresAt, session_id AS sessionId FROM credit_ledger WHERE company_id = ? ORDER BY id',
      )
      .all(companyId) as {
      at: string;
      kind: string;
      amount: number;
      packId: string;
      expiresAt: string | null;
      sessionId: string | null;
    }[];
  }

  #held(companyId: string, sessionId: string): number {
    return -(
      this.db
        .prepare(
          "SELECT coalesce(sum(amount), 0) AS held FROM credit_ledger WHERE company_id = ? AND session_id = ? AND kind IN ('reserve', 'refund')",
        )
        .get(companyId, sessionId) as { held: number }
    ).held;
  }

  /**
   * Refunded sessions whose summary the endpoint now holds as written by the AI are charged again,
   * from the pack that expires first; with none left, at the next settle that finds credits.
   */
  #rechargeAiSummaries(companyId: string, now: Date): void {
    const owed = this.db
      .prepare(
        `SELECT DISTINCT r.session_id FROM credit_ledger r
          WHERE r.company_id = ? AND r.kind = 'refund'
            AND (SELECT coalesce(sum(h.amount), 0) FROM credit_ledger h
                  WHERE h.company_id = r.company_id AND h.session_id = r.session_id
                    AND h.kind IN ('reserve', 'refund')) = 0
            AND EXISTS (SELECT 1 FROM summaries s
                         WHERE s.company_id = r.company_id AND s.request_id = r.session_id
                           AND json_extract(s.fields, '$.summarizer') = 'openai-compatible')`,
      )
      .all(companyId) as { session_id: string }[];
    for (const { session_id: sessionId } of owed) {
      const pack = this.packs(companyId, now).find((candidate) => candidate.remaining > 0);
      if (!pack) return;
      this.db
        .prepare(
          "INSERT INTO credit_ledger (company_id, at, kind, amount, pack_id, expires_at, session_id) VALUES (?, ?, 'reserve', -1, ?, NULL, ?)",
        )
        .run(companyId, now.toISOString(), pack.id, sessionId);
    }
  }

  /** Packs whose time is up by `at` lose what is left in them, at the moment they lapsed. */
  #expire(companyId: string, at: Date): void {
    const lapsed = this.db
      .prepare(
        `SELECT p.pack_id, p.expires_at,
                (SELECT sum(amount) FROM credit_ledger e WHERE e.company_id = p.company_id AND e.pack_id = p.pack_id) AS remaining
           FROM credit_ledger p
          WHERE p.company_id = ? AND p.kind IN ('grant', 'purchase') AND p.expires_at <= ?`,
      )
      .all(companyId, at.toISOString()) as { pack_id: string; expires_at: string; remaining: number }[];
    const insert = this.db.prepare(
      "INSERT INTO credit_ledger (company_id, at, kind, amount, pack_id, expires_at, session_id) VALUES (?, ?, 'expire', ?, ?, NULL, NULL)",
    );
    for (const pack of lapsed)
      if (pack.remaining > 0) insert.run(companyId, pack.expires_at, -pack.remaining, pack.pack_id);
  }
}
