import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { TandemError } from '../../../src-shared/errors';
import { liveviewRoutes as routes, PRESENCE_HEARTBEAT_MS, type Presence } from '../../../src-shared/liveview/contract';
import { HELP_ENDING_SOON_MS, type GetHelpState } from '../../../src-shared/liveview/getHelpIpc';
import type { EndpointClient } from '../cloud/endpointClient';
import type { Logger } from '../logger';

/** How often presence is looked at while help is open: a change is reported by the next look. */
const PRESENCE_LOOK_MS = 2_000;
/** A window's report (focus, input) is sent this long after it, so a burst becomes one report. */
const PRESENCE_DEBOUNCE_MS = 250;
/** Retries after a failed call: exponential from 1 s, capped, with jitter. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;
/** How long to wait before renewing again when the endpoint, by its clock, had not expired the help session yet. */
const RENEW_AGAIN_MS = 5_000;

const retryDelay = (failures: number) =>
  Math.min(RETRY_FIRST_MS * 2 ** Math.max(failures - 1, 0), RETRY_MAX_MS) * (0.5 + Math.random() / 2);

/** What the end user asked for: kept while they want help (and across a restart with *Keep session*). */
export const helpWishSchema = z.object({
  acknowledgement: z.object({ textVersion: z.string().min(1).max(40), acknowledgedAt: z.iso.datetime() }).strict(),
  yourName: z.string().trim().min(1).max(80).nullable(),
});
export type HelpWish = z.infer<typeof helpWishSchema>;

/** The wish in a file beside the database (owner-only, like the chosen endpoint): read once at start. */
export function wishFile(file: string) {
  return {
    read(): HelpWish | null {
      if (!existsSync(file)) return null;
      try {
        const parsed = helpWishSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    write(wish: HelpWish | null): void {
      if (wish === null) rmSync(file, { force: true });
      else writeFileSync(file, JSON.stringify(wish), { mode: 0o600 });
    },
  };
}

export interface HelpRequestOptions {
  cloud: Pick<EndpointClient, 'call'>;
  /** This computer's presence now, with *Your name* among the tags. */
  presence: (yourName: string | null) => Presence;
  wishes: ReturnType<typeof wishFile>;
  /** *Keep session*, as the user or IT set it now. */
  keepSession: () => boolean;
  onChange: (state: GetHelpState) => void;
  log: Logger;
  now?: () => number;
}

const IDLE: GetHelpState = { state: 'idle' };

/**
 * The end user's request for help (LV-1 … LV-4): one help session open on the endpoint while they
 * want help, its presence reported on change and as a heartbeat, a new ID when the endpoint ended
 * or expired the old one, and ended at once when they stop. Every state the window shows is told.
 */
export class HelpRequest {
  readonly #options: HelpRequestOptions;
  readonly #now: () => number;
  #state: GetHelpState = IDLE;
  #wish: HelpWish | null = null;
  /** Bumped by *Stop* and close: an answer to an older attempt changes nothing. */
  #attempt = 0;
  #timers = new Set<NodeJS.Timeout>();
  #look: NodeJS.Timeout | null = null;
  #debounce: NodeJS.Timeout | null = null;
  #lastSent: { json: string; at: number } | null = null;
  #reporting = false;
  #failures = 0;
  #retryPending = false;

  constructor(options: HelpRequestOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  get state(): GetHelpState {
    return this.#state;
  }

  /** *Get help* after the acknowledgement: opens the help session (or keeps the open one). */
  async start(wish: HelpWish): Promise<GetHelpState> {
    this.#wish = wish;
    this.#options.wishes.write(wish);
    const attempt = ++this.#attempt;
    this.#clearTimers();
    await this.#open(attempt, null);
    return this.#state;
  }

  /**
   * At start, once the device is registered: with *Keep session*, a request the end user had not
   * stopped goes on (the endpoint answers the same help session while it is open); without, it is dropped.
   */
  async resume(): Promise<void> {
    const wish = this.#options.wishes.read();
    if (!wish) return;
    if (!this.#options.keepSession()) return this.#options.wishes.write(null);
    if (this.#wish) return;
    this.#wish = wish;
    await this.#open(++this.#attempt, null);
  }

  /** *Stop asking for help*: the help session ends at once on the endpoint. */
  async stop(): Promise<GetHelpState> {
    this.#wish = null;
    this.#options.wishes.write(null);
    ++this.#attempt;
    this.#clearTimers();
    this.#set(IDLE);
    await this.#end();
    return this.#state;
  }

  /** Something a supporter sees may have changed (the window's focus, input): report it soon. */
  presenceMayHaveChanged(): void {
    if (this.#state.state !== 'open' || this.#debounce) return;
    this.#debounce = setTimeout(() => {
      this.#debounce = null;
      this.#lookAtPresence();
    }, PRESENCE_DEBOUNCE_MS);
  }

  /**
   * The core closes: without *Keep session* the help session ends at once (its row disappears for
   * supporters, not after 35 s of silence), before the core's shutdown goes on; with it, it stays
   * for the next start to keep.
   */
  async close(): Promise<void> {
    ++this.#attempt;
    this.#clearTimers();
    if (this.#wish && this.#options.keepSession()) return;
    const open = this.#state.state === 'open' || this.#state.state === 'opening';
    this.#wish = null;
    this.#options.wishes.write(null);
    // The device key is in memory: past the core's bound the request completes on its own after the database closed.
    if (open) await this.#end();
  }

  async #open(attempt: number, renewed: 'expired' | 'ended' | null): Promise<void> {
    const wish = this.#wish;
    if (!wish) return;
    if (this.#state.state !== 'open') this.#set({ state: 'opening', reconnecting: this.#failures > 0 });
    let answer;
    try {
      answer = await this.#options.cloud.call(routes['devices.me.helpSession.open'], {
        body: { acknowledgement: wish.acknowledgement, yourName: wish.yourName, presence: this.#presence() },
      });
    } catch (error) {
      if (attempt !== this.#attempt) return;
      const code = error instanceof TandemError ? error.code : 'internal';
      if (code === 'cloud_unreachable') {
        this.#failures++;
        this.#set({ state: 'opening', reconnecting: true });
        this.#after(retryDelay(this.#failures), () => void this.#open(attempt, renewed));
        return;
      }
      return this.#refused(error);
    }
    if (attempt !== this.#attempt) {
      // Stopped while the endpoint opened it: end what it opened, as the end user asked.
      if (!this.#wish) void this.#end();
      return;
    }
    this.#failures = 0;
    this.#lastSent = { json: JSON.stringify(this.#presence()), at: this.#now() };
    // Renewed at expiry but kept: the endpoint's clock is behind this computer's; try again a little later.
    const notYetExpired = renewed === 'expired' && answer.kept;
    this.#set({
      state: 'open',
      code: answer.code,
      openedAt: answer.openedAt,
      expiresAt: answer.expiresAt,
      endingSoon: false,
      reconnecting: false,
      renewed: notYetExpired ? null : renewed,
      kept: answer.kept,
    });
    this.#scheduleLifetime(attempt, answer.expiresAt, notYetExpired ? RENEW_AGAIN_MS : 0);
    this.#look ??= setInterval(() => this.#lookAtPresence(), PRESENCE_LOOK_MS);
    this.#look.unref();
  }

  /** LV-4: a minute before the ID expires the end user is told; at expiry a new one opens while they want help. */
  #scheduleLifetime(attempt: number, expiresAt: string, renewNoSoonerThanMs: number): void {
    const left = Date.parse(expiresAt) - this.#now();
    this.#after(Math.max(left - HELP_ENDING_SOON_MS, 0), () => {
      if (this.#state.state === 'open' && this.#state.expiresAt === expiresAt)
        this.#set({ ...this.#state, endingSoon: true });
    });
    // A moment after the endpoint's expiry, so its answer is a new help session, not the old one kept.
    this.#after(Math.max(left + 500, renewNoSoonerThanMs), () => {
      if (attempt === this.#attempt && this.#state.state === 'open' && this.#state.expiresAt === expiresAt)
        void this.#renew('expired');
    });
  }

  async #renew(why: 'expired' | 'ended'): Promise<void> {
    const attempt = ++this.#attempt;
    this.#clearTimers();
    this.#options.log.info({ why }, 'help session over while help is still wanted: opening a new one');
    await this.#open(attempt, why);
  }

  /** Reports when what a supporter sees changed, or when the heartbeat is due. */
  #lookAtPresence(): void {
    if (this.#state.state !== 'open' || this.#reporting || this.#retryPending) return;
    const json = JSON.stringify(this.#presence());
    const due = !this.#lastSent || this.#now() - this.#lastSent.at >= PRESENCE_HEARTBEAT_MS - PRESENCE_LOOK_MS / 2;
    if (due || json !== this.#lastSent?.json) void this.#report();
  }

  async #report(): Promise<void> {
    const attempt = this.#attempt;
    const presence = this.#presence();
    this.#reporting = true;
    try {
      await this.#options.cloud.call(routes['devices.me.helpSession.presence'], { body: presence });
      if (attempt !== this.#attempt || this.#state.state !== 'open') return;
      this.#lastSent = { json: JSON.stringify(presence), at: this.#now() };
      this.#failures = 0;
      if (this.#state.reconnecting) this.#set({ ...this.#state, reconnecting: false });
    } catch (error) {
      if (attempt !== this.#attempt || this.#state.state !== 'open') return;
      const code = error instanceof TandemError ? error.code : 'internal';
      if (code === 'help_session_ended') return void this.#renew('ended');
      if (code !== 'cloud_unreachable') return this.#refused(error);
      // Unreachable: say so and try again with back-off.
      this.#failures++;
      this.#options.log.warn({ code, failures: this.#failures }, 'reporting presence failed');
      this.#set({ ...this.#state, reconnecting: true });
      this.#retryPending = true;
      this.#after(retryDelay(this.#failures), () => {
        this.#retryPending = false;
        if (attempt === this.#attempt) void this.#report();
      });
    } finally {
      this.#reporting = false;
    }
  }

  /** Refused in a way trying again will not fix (e.g. the computer left its company): the end user reads why. */
  #refused(error: unknown): void {
    const state = refusal(error);
    this.#options.log.warn({ code: state.state === 'error' ? state.code : null }, 'asking for help was refused');
    ++this.#attempt;
    this.#clearTimers();
    this.#wish = null;
    this.#options.wishes.write(null);
    this.#set(state);
  }

  async #end(): Promise<void> {
    await this.#options.cloud
      .call(routes['devices.me.helpSession.end'], {})
      .catch((error: unknown) =>
        this.#options.log.warn({ err: (error as Error).message }, 'ending the help session failed'),
      );
  }

  #presence(): Presence {
    return this.#options.presence(this.#wish?.yourName ?? null);
  }

  #after(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.#timers.add(timer);
  }

  #clearTimers(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    if (this.#look) clearInterval(this.#look);
    if (this.#debounce) clearTimeout(this.#debounce);
    this.#look = null;
    this.#debounce = null;
    this.#retryPending = false;
    this.#failures = 0;
  }

  #set(state: GetHelpState): void {
    this.#state = state;
    this.#options.onChange(state);
  }
}

/** Why asking for help was refused, as the end user reads it. */
function refusal(error: unknown): GetHelpState {
  if (error instanceof TandemError) {
    // The endpoint does not know this device (not registered) or it belongs to no company.
    if (error.code === 'no_company' || error.code === 'unauthorized')
      return { state: 'error', code: 'help_needs_company', message: error.message };
    return { state: 'error', code: error.code, message: error.message };
  }
  return { state: 'error', code: 'internal', message: (error as Error).message };
}
