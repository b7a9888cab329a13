import type { DesktopDatabase } from '../db/desktopDatabase';

export type GuardScope = 'device' | 'supporter' | 'source';

export interface GuardPolicy {
  /** Failures allowed before any waiting. */
  freeAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** From this many failures on, the scope is locked for `lockMs`. */
  lockAfter: number;
  lockMs: number;
  /** Failures older than this are forgotten. */
  forgetAfterMs: number;
  /** The one-time password is replaced after every this many failures on the device. */
  rotateEvery: number;
  /**
   * Ceilings on answered guesses at the permanent password, whoever asks from wherever: it does
   * not rotate, so unlike the one-time password it must never face an unbounded number of guesses.
   */
  permanentPerHour: number;
  permanentPerDay: number;
}

export const DEFAULT_GUARD_POLICY: GuardPolicy = {
  freeAttempts: 3,
  baseDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
  lockAfter: 10,
  lockMs: 30 * 60_000,
  forgetAfterMs: 60 * 60_000,
  rotateEvery: 5,
  permanentPerHour: 10,
  permanentPerDay: 30,
};

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

export type GuardVerdict = { allowed: true } | { allowed: false; reason: 'locked' | 'backoff'; retryAfterMs: number };

/**
 * RS-2: exponential back-off and lockout after password attempts, per device, per supporter and
 * per network source — persisted, so restarting Tandem does not reset it. An attempt counts as a
 * failure the moment the host answers it (its reply lets the asker test one guess offline,
 * whether or not they ever come back), and is credited only when it proved the password right.
 */
export class BruteForceGuard {
  constructor(
    private readonly db: DesktopDatabase,
    private readonly policy: GuardPolicy = DEFAULT_GUARD_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  check(keys: Partial<Record<GuardScope, string>>): GuardVerdict {
    let worst: GuardVerdict = { allowed: true };
    for (const [scope, key] of Object.entries(keys) as [GuardScope, string][]) {
      const verdict = this.#verdict(this.#failures(scope, key));
      if (!verdict.allowed && (worst.allowed || verdict.retryAfterMs > worst.retryAfterMs)) worst = verdict;
    }
    return worst;
  }

  /** Records a failure in every scope; answers whether the one-time password must now rotate. */
  fail(keys: Partial<Record<GuardScope, string>>): { rotatePassword: boolean } {
    const at = this.now();
    let deviceFailures = 0;
    const upsert = this.db.prepare(
      `INSERT INTO auth_failures (scope, key, failures, last_failure_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (scope, key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at`,
    );
    this.db.transaction(() => {
      for (const [scope, key] of Object.entries(keys) as [GuardScope, string][]) {
        const failures = this.#failures(scope, key).failures + 1;
        upsert.run(scope, key, failures, at);
        if (scope === 'device') deviceFailures = failures;
      }
    })();
    return { rotatePassword: deviceFailures > 0 && deviceFailures % this.policy.rotateEvery === 0 };
  }

  /**
   * A verified login clears the supporter's and the source's record and takes back the one
   * failure its own attempt added to the device's (the device's earlier failures stay).
   */
  succeed(keys: Partial<Record<GuardScope, string>>): void {
    const remove = this.db.prepare('DELETE FROM auth_failures WHERE scope = ? AND key = ?');
    const credit = this.db.prepare(
      'UPDATE auth_failures SET failures = max(failures - 1, 0) WHERE scope = ? AND key = ?',
    );
    this.db.transaction(() => {
      for (const [scope, key] of Object.entries(keys) as [GuardScope, string][]) {
        (scope === 'device' ? credit : remove).run(scope, key);
      }
    })();
  }

  /** Whether the permanent password may answer one more guess now, and if not, for how long not. */
  checkPermanent(): GuardVerdict {
    const now = this.now();
    const since = (ms: number) =>
      this.db
        .prepare('SELECT count(*) AS n, min(at) AS oldest FROM permanent_password_attempts WHERE at > ?')
        .get(now - ms) as { n: number; oldest: number | null };
    let retryAfterMs = 0;
    for (const [windowMs, ceiling] of [
      [HOUR_MS, this.policy.permanentPerHour],
      [DAY_MS, this.policy.permanentPerDay],
    ] as const) {
      const { n } = since(windowMs);
      if (n < ceiling) continue;
      // The window frees a slot when its (n - ceiling + 1)-th oldest attempt leaves it.
      const freeing = this.db
        .prepare('SELECT at FROM permanent_password_attempts WHERE at > ? ORDER BY at LIMIT 1 OFFSET ?')
        .get(now - windowMs, n - ceiling) as { at: number } | undefined;
      retryAfterMs = Math.max(retryAfterMs, (freeing?.at ?? now) + windowMs - now);
    }
    return retryAfterMs > 0 ? { allowed: false, reason: 'locked', retryAfterMs } : { allowed: true };
  }

  /** Counts one answered guess at the permanent password; the ID takes it back on success. */
  spendPermanent(): number {
    const now = this.now();
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM permanent_password_attempts WHERE at <= ?').run(now - DAY_MS);
      return Number(
        this.db.prepare('INSERT INTO permanent_password_attempts (at) VALUES (?)').run(now).lastInsertRowid,
      );
    })();
  }

  /** The permanent password itself was proven: that attempt was no guess. */
  refundPermanent(attemptId: number): void {
    this.db.prepare('DELETE FROM permanent_password_attempts WHERE id = ?').run(attemptId);
  }

  #failures(scope: GuardScope, key: string): { failures: number; lastFailureAt: number } {
    const row = this.db
      .prepare('SELECT failures, last_failure_at FROM auth_failures WHERE scope = ? AND key = ?')
      .get(scope, key) as { failures: number; last_failure_at: number } | undefined;
    if (!row || this.now() - row.last_failure_at > this.policy.forgetAfterMs) return { failures: 0, lastFailureAt: 0 };
    return { failures: row.failures, lastFailureAt: row.last_failure_at };
  }

  #verdict({ failures, lastFailureAt }: { failures: number; lastFailureAt: number }): GuardVerdict {
    const { freeAttempts, baseDelayMs, maxDelayMs, lockAfter, lockMs } = this.policy;
    const elapsed = this.now() - lastFailureAt;
    if (failures >= lockAfter) {
      return elapsed < lockMs
        ? { allowed: false, reason: 'locked', retryAfterMs: lockMs - elapsed }
        : { allowed: true };
    }
    if (failures < freeAttempts) return { allowed: true };
    const delay = Math.min(baseDelayMs * 2 ** (failures - freeAttempts), maxDelayMs);
    return elapsed < delay ? { allowed: false, reason: 'backoff', retryAfterMs: delay - elapsed } : { allowed: true };
  }
}
