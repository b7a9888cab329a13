import { randomInt } from 'node:crypto';
import type { Access, SupporterInfo } from '../../src-shared/signaling/protocol';

export interface CodeState {
  supporter: string;
  info: SupporterInfo;
  access: Access;
  createdAt: number;
  expiresAt: number;
}

export interface SessionCodeLimits {
  /** Live codes one supporter device may hold; a further code replaces its oldest. */
  perDevice: number;
  /** Live codes on the whole endpoint: a fraction of the 10^6 routes, so a random draw rarely collides. */
  total: number;
}

export const DEFAULT_CODE_LIMITS: SessionCodeLimits = { perDevice: 5, total: 100_000 };

export const ROUTE_SPACE = 1_000_000;
/**
 * Random draws before giving up. With at most `total` of the routes live, one draw collides with
 * probability ≤ total / 10^6 (0.1 by default), so 24 draws all collide with probability ≤ 10^-24.
 */
export const MAX_DRAWS = 24;

export type CreateCodeResult = { ok: true; route: string; replaced: string | null } | { ok: false };

/**
 * The hub's live session codes (RS-3). Every operation is bounded: the route is drawn a fixed
 * number of times rather than until a free one turns up (a full space once made the hub spin
 * forever on one message), a device holds only a few codes, and the endpoint only a fraction of
 * the space.
 */
export class SessionCodes {
  readonly #byRoute = new Map<string, CodeState>();
  /** Each device's live routes, oldest first. */
  readonly #byDevice = new Map<string, string[]>();

  constructor(
    private readonly limits: SessionCodeLimits = DEFAULT_CODE_LIMITS,
    private readonly draw: () => number = () => randomInt(0, ROUTE_SPACE),
  ) {}

  get size(): number {
    return this.#byRoute.size;
  }

  /**
   * Stores a new code. A supporter who already holds `perDevice` live codes loses the oldest: a
   * help desk expects the code it just read out to work, and the oldest is the one most likely
   * abandoned. Fails only when the endpoint's live codes are at `total` or no free route was drawn.
   */
  create(state: CodeState): CreateCodeResult {
    const own = this.#byDevice.get(state.supporter) ?? [];
    const replacing = own.length >= this.limits.perDevice ? own[0]! : null;
    if (replacing === null && this.#byRoute.size >= this.limits.total) return { ok: false };
    let route: string | null = null;
    for (let attempt = 0; attempt < MAX_DRAWS && route === null; attempt++) {
      const candidate = String(this.draw()).padStart(6, '0');
      if (!this.#byRoute.has(candidate)) route = candidate;
    }
    if (route === null) return { ok: false };
    if (replacing !== null) this.delete(replacing);
    this.#byRoute.set(route, state);
    this.#byDevice.set(state.supporter, [...(this.#byDevice.get(state.supporter) ?? []), route]);
    return { ok: true, route, replaced: replacing };
  }

  /** The code for these digits while it is valid; an expired one is dropped and named as such. */
  live(
    route: string,
    now: number,
  ): { ok: true; code: CodeState } | { ok: false; reason: 'code_unknown' | 'code_expired' } {
    const code = this.get(route);
    if (!code) return { ok: false, reason: 'code_unknown' };
    if (code.expiresAt <= now) {
      this.delete(route);
      return { ok: false, reason: 'code_expired' };
    }
    return { ok: true, code };
  }

  get(route: string): CodeState | undefined {
    return this.#byRoute.get(route);
  }

  delete(route: string): void {
    const state = this.#byRoute.get(route);
    if (!state) return;
    this.#byRoute.delete(route);
    const rest = (this.#byDevice.get(state.supporter) ?? []).filter((own) => own !== route);
    if (rest.length > 0) this.#byDevice.set(state.supporter, rest);
    else this.#byDevice.delete(state.supporter);
  }

  /** Drops expired codes. */
  sweep(now: number): void {
    for (const [route, state] of this.#byRoute) if (state.expiresAt <= now) this.delete(route);
  }
}
