import { RateLimiterRes } from 'rate-limiter-flexible';
import type { SharedLimiter, SharedState } from '../shared/sharedState';

const WINDOW_SECONDS = 15 * 60;

/** Failed tries one source may make at one address, and at all addresses together, per window. */
export const SIGN_IN_LIMITS = { perSourceAndEmail: 10, perSource: 100, perEmailCeiling: 50 } as const;

export type SignInAttempt =
  { refused: true; retryAfterMs: number } | { refused: false; ceilingReached: boolean; retryAfterMs: number };

/**
 * Sign-in throttling that slows the attacker, not the owner. The counts that refuse outright are
 * per source and address, and per source: an attacker elsewhere cannot lock the owner out.
 * Failures for one address from everywhere together only reach a ceiling, past which the
 * right password alone no longer signs in but the right password with the TOTP code still does.
 * Every attempt is counted before the password is checked (parallel tries cannot slip through);
 * a successful sign-in gives its own point back. With several instances the counts are shared
 * (Redis), so trying each instance in turn gains nothing.
 */
export class SignInThrottle {
  readonly #pair: SharedLimiter;
  readonly #source: SharedLimiter;
  readonly #email: SharedLimiter;
  /** Confirming one's password to change the second factor: a stolen session cannot guess it. */
  readonly #reauth: SharedLimiter;

  constructor(shared: SharedState) {
    const window = { duration: WINDOW_SECONDS };
    this.#pair = shared.limiter('sign-in-source-email', { points: SIGN_IN_LIMITS.perSourceAndEmail, ...window });
    this.#source = shared.limiter('sign-in-source', { points: SIGN_IN_LIMITS.perSource, ...window });
    this.#email = shared.limiter('sign-in-email', { points: SIGN_IN_LIMITS.perEmailCeiling, ...window });
    this.#reauth = shared.limiter('reauth-user', { points: 10, ...window });
  }

  async attempt(source: string, email: string): Promise<SignInAttempt> {
    try {
      await this.#source.consume(source);
      await this.#pair.consume(pairKey(source, email));
    } catch (error) {
      return { refused: true, retryAfterMs: retryAfter(error) };
    }
    try {
      await this.#email.consume(email.toLowerCase());
      return { refused: false, ceilingReached: false, retryAfterMs: 0 };
    } catch (error) {
      return { refused: false, ceilingReached: true, retryAfterMs: retryAfter(error) };
    }
  }

  async succeeded(source: string, email: string): Promise<void> {
    await this.#pair.delete(pairKey(source, email));
    await this.#source.reward(source, 1);
    await this.#email.reward(email.toLowerCase(), 1);
  }

  async reauthAllowed(userId: string): Promise<boolean> {
    try {
      await this.#reauth.consume(userId);
      return true;
    } catch (error) {
      retryAfter(error);
      return false;
    }
  }
}

const pairKey = (source: string, email: string) => `${source}\n${email.toLowerCase()}`;

function retryAfter(error: unknown): number {
  if (!(error instanceof RateLimiterRes)) throw error;
  return error.msBeforeNext;
}
