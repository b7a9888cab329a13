import type { z } from 'zod';
import { adminRoutes } from '../../../src-shared/admin/contract';
import { TandemError } from '../../../src-shared/errors';
import { insightsRoutes as routes } from '../../../src-shared/insights/contract';
import type {
  summaryPullSchema,
  SummaryChange,
  SummaryPushResult,
  SyncStatus,
} from '../../../src-shared/domain/summarySync';
import type { EndpointClient } from '../cloud/endpointClient';
import type { Logger } from '../logger';
import type { SummaryCache } from './summaryCache';

/** Who syncs right now, and how: a signed-in user, or a company device with nobody signed in. */
export interface SyncChannel {
  companyId: string;
  push(changes: SummaryChange[]): Promise<SummaryPushResult[]>;
  /** Absent where the company's summaries do not come down: a role without *view*, or a device. */
  pull?: ((since: number, limit: number) => Promise<SummaryPage>) | undefined;
}
/** null: nobody can sync (signed out on a device of no company). */
export type SyncTransport = () => Promise<SyncChannel | null>;
export type SummaryPage = z.output<typeof summaryPullSchema>;

/**
 * The signed-in user (AccountService): pushes, and pulls the company's summaries with *view*.
 * It works from the user as last confirmed (sign-in and the account status refresh that), so an
 * idle run is one request; a refusal asks the endpoint again who the user is now, once.
 */
export function userChannel(
  account: {
    me(): Promise<{ companyId: string; permissions: readonly string[] } | null>;
    lastKnown(): { companyId: string; permissions: readonly string[] } | null;
  },
  cloud: Pick<EndpointClient, 'call'>,
): SyncTransport {
  return async () => {
    const known = account.lastKnown();
    const me = known ?? (await account.me());
    if (!me) return null;
    /** Permissions or the session changed since they were last confirmed: learn how, once. */
    const refreshed = async <T>(call: () => Promise<T>, without: (now: typeof me | null) => T | null): Promise<T> => {
      try {
        return await call();
      } catch (error) {
        if (!known || !(error instanceof TandemError) || !['forbidden', 'signed_out'].includes(error.code)) throw error;
        const fallback = without(await account.me());
        if (fallback === null) throw error;
        return fallback;
      }
    };
    return {
      companyId: me.companyId,
      push: async (changes) =>
        refreshed(
          async () => (await cloud.call(routes['summaries.push'], { body: { changes } })).results,
          () => null,
        ),
      // Without *view*, a user's own summaries still go up; the company's do not come down.
      pull: me.permissions.includes('insights.view')
        ? (since, limit) =>
            refreshed(
              () => cloud.call(routes['summaries.changes'], { query: { since, limit } }),
              // *view* was taken away: nothing comes down any more, and that is not an error.
              (now) =>
                now && !now.permissions.includes('insights.view') ? { changes: [], cursor: since, more: false } : null,
            )
        : undefined,
    };
  };
}

/**
 * A device an administrator added to the company, with nobody signed in (a managed end-user
 * PC): it hands in the summaries of its incoming sessions, signed with its device key, and
 * never receives the company's.
 */
export function deviceChannel(cloud: Pick<EndpointClient, 'call'>): SyncTransport {
  return async () => {
    const { companyId } = await cloud.call(adminRoutes['devices.me.facts'], {});
    if (!companyId) return null;
    return {
      companyId,
      push: async (changes) => (await cloud.call(routes['devices.me.summaries.push'], { body: { changes } })).results,
    };
  };
}

/** The first of several ways to sync that is available now. */
export function firstChannel(...transports: SyncTransport[]): SyncTransport {
  return async () => {
    for (const transport of transports) {
      const channel = await transport();
      if (channel) return channel;
    }
    return null;
  };
}

/**
 * A push: at most 250 changes (the contract's bound; fewer, larger pushes cost the endpoint less
 * per summary) and at most 512 KiB of summaries, half the endpoint's request limit of 1 MiB, so
 * long summaries go in smaller pushes instead of one the endpoint refuses.
 */
const BATCH = 250;
const BATCH_BYTES = 512 * 1024;
const PAGE = 500;
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * SI-14: keeps the desktop summary cache and the company's cloud endpoint in step. A run pushes
 * the outbox (each change with its idempotency key and base version), then pulls what changed
 * after the cursor. It runs at start, after each local change, periodically and when asked;
 * after a failure it waits 1 s, 2 s, 4 s … up to 5 minutes before the next try.
 */
export class SummarySync {
  #status: SyncStatus;
  #running: Promise<void> | null = null;
  #again = false;
  #failures = 0;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(
    private readonly cache: SummaryCache,
    private readonly transport: SyncTransport,
    private readonly options: {
      log: Logger;
      changed: (status: SyncStatus) => void;
      /** The cache changed: remote changes applied, or local ones confirmed (no longer pending). */
      cacheChanged: () => void;
      periodMs: number;
      /** false: runs only when asked, never on a timer (tests that drive it step by step). */
      scheduled?: boolean;
    },
  ) {
    this.#status = this.#settled();
  }

  status(): SyncStatus {
    return this.#status;
  }

  /** Runs now (or right after the run in progress), then again after the period. */
  sync(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#run().finally(() => {
      this.#running = null;
      if (this.#again && !this.#closed) {
        this.#again = false;
        void this.sync();
      }
    });
    return this.#running;
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  async #run(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    let delay = this.options.periodMs;
    try {
      const channel = await this.transport();
      if (!channel) {
        this.#set({ ...this.#settled(), state: 'signed_out' });
      } else {
        await this.#push(channel);
        if (this.#closed) return;
        if (channel.pull) await this.#pull(channel.companyId, channel.pull);
        if (this.#closed) return;
        this.#failures = 0;
        this.#set(this.#settled());
      }
    } catch (error) {
      // Closed while a request was out: the database is gone, and so is anyone to tell.
      if (this.#closed) return;
      this.#failures++;
      delay = Math.min(1000 * 2 ** (this.#failures - 1), MAX_BACKOFF_MS);
      const offline = error instanceof TandemError && error.code === 'cloud_unreachable';
      const signedOut = error instanceof TandemError && error.code === 'signed_out';
      this.options.log.warn({ err: (error as Error).message, retryInMs: delay }, 'Summary sync failed');
      this.#set({
        ...this.#settled(),
        state: offline ? 'offline' : signedOut ? 'signed_out' : 'error',
        ...(offline || signedOut ? {} : { message: (error as Error).message }),
      });
    }
    if (!this.#closed && this.options.scheduled !== false)
      this.#timer = setTimeout(() => void this.sync(), delay).unref();
  }

  /**
   * Pushes the outbox in batches, the next batch on its way while the endpoint applies the one
   * before (each summary's changes still go one at a time: a batch holds only changes whose
   * earlier ones are confirmed). Once nothing is left to send, the outbox is read again from the
   * start for the changes that waited on one in flight; a round without progress ends the run.
   */
  async #push(channel: SyncChannel): Promise<void> {
    type Sent = { batch: ReturnType<SummaryCache['pendingChanges']>; results: Promise<SummaryPushResult[]> };
    const send = (after: number): Sent | null => {
      const batch = this.cache.pendingChanges(BATCH, after, BATCH_BYTES);
      if (batch.length === 0) return null;
      const results = channel.push(batch.map((entry) => entry.change));
      // Settled here too, so a batch left behind when the one before it failed is no unhandled rejection.
      results.catch(() => undefined);
      return { batch, results };
    };
    let progressed = false;
    let inFlight = send(0);
    while (inFlight) {
      const next = send(inFlight.batch.at(-1)!.upToSeq);
      try {
        progressed = this.#confirm(inFlight.batch, await inFlight.results) || progressed;
      } catch (error) {
        // Its changes go again with the same keys next run, and are then recognised as applied.
        await next?.results.catch(() => undefined);
        throw error;
      }
      if (this.#closed) return;
      inFlight = next;
      if (!inFlight && progressed) {
        progressed = false;
        inFlight = send(0);
      }
    }
  }

  /** A pushed batch's answers into the cache; true when any change was applied or marked a conflict. */
  #confirm(batch: ReturnType<SummaryCache['pendingChanges']>, results: SummaryPushResult[]): boolean {
    let cacheChanged = false;
    let refused: string | null = null;
    this.cache.batch(() =>
      results.forEach((result, index) => {
        const entry = batch[index]!;
        if (result.status === 'applied') {
          this.cache.confirmed(result.id, entry.upToSeq, result.version, result.updatedAt);
          cacheChanged = true;
        } else if (result.status === 'conflict') {
          // The list changes too: a conflict is marked, and a summary deleted here comes back.
          this.cache.conflicted(result.server);
          cacheChanged = true;
        } else {
          refused = result.reason;
        }
      }),
    );
    if (cacheChanged) this.options.cacheChanged();
    if (refused) throw new TandemError('forbidden', refused);
    return cacheChanged;
  }

  /** Pulls page after page, asking for the next one (its cursor is known) while this one is applied. */
  async #pull(companyId: string, pull: NonNullable<SyncChannel['pull']>): Promise<void> {
    let applied = false;
    let page = await pull(this.cache.cursor(), PAGE);
    for (;;) {
      const next = page.more ? pull(page.cursor, PAGE) : null;
      next?.catch(() => undefined);
      // A page and the cursor after it land together, in one transaction.
      applied = this.cache.applyRemotePage(page.changes, companyId, page.cursor) || applied;
      if (!next || this.#closed) break;
      page = await next;
    }
    if (applied) this.options.cacheChanged();
  }

  #settled(): SyncStatus {
    const pending = this.cache.pendingCount();
    const conflicts = this.cache.conflictCount();
    return pending === 0 ? { state: 'synced', pending: 0, conflicts } : { state: 'pending', pending, conflicts };
  }

  #set(status: SyncStatus): void {
    this.#status = status;
    this.options.changed(status);
  }
}
