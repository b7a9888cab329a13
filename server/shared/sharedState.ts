import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisLink } from './redisLink';

/** A rate limit or back-off counter; a refused `consume` rejects with `RateLimiterRes`. */
export interface SharedLimiter {
  consume(key: string, points?: number): Promise<RateLimiterRes>;
  reward(key: string, points?: number): Promise<RateLimiterRes>;
  delete(key: string): Promise<boolean>;
}

export interface LimiterOptions {
  points: number;
  /** Seconds. */
  duration: number;
}

interface Common {
  /** A limiter named `name`: every limiter of that name on every instance counts together. */
  limiter(name: string, options: LimiterOptions): SharedLimiter;
  /** Whether what is shared can be reached now (`/readyz`): this process always; Redis if it answers a PING. */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * What the endpoint's instances share: rate limits, and (through `link`) the signaling hub's
 * tables and routes. `memory`: this process alone, as one endpoint always ran — nothing leaves
 * it. `redis` (`--redis`): every instance on the same Redis sees the same counts and tables.
 * A feature picks its implementation by `kind`; nothing else knows which one runs.
 */
export type SharedState =
  (Common & { readonly kind: 'memory' }) | (Common & { readonly kind: 'redis'; readonly link: RedisLink });

export function memoryState(): SharedState {
  return {
    kind: 'memory',
    limiter: (_name, options) => new RateLimiterMemory(options),
    reachable: async () => true,
    close: async () => undefined,
  };
}
