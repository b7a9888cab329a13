import { z } from 'zod';
import { TandemError } from '../../../src-shared/errors';
import {
  summaryPullSchema,
  summaryPushResultSchema,
  type SummaryChange,
  type SyncStatus,
} from '../../../src-shared/domain/summarySync';
import type { Logger } from '../logger';
import type { SummaryCache } from './summaryCache';

export interface SyncTransport {
  /** A call to the cloud endpoint as the signed-in user (AccountService.authorized). */
  authorized<T extends z.ZodType>(method: 'GET' | 'POST', path: string, body: unknown, schema: T): Promise<z.output<T>>;
  /** The signed-in user's company and permissions; null when signed out. */
  me(): Promise<{ companyId: string; permissions: readonly string[] } | null>;
}

const pushAnswer = z.object({ results: z.array(summaryPushResultSchema) });
const BATCH = 100;
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
      const me = await this.transport.me();
      if (!me) {
        this.#set({ ...this.#settled(), state: 'signed_out' });
      } else {
        await this.#push();
        if (this.#closed) return;
        // Without *view*, a user's own summaries still go up; the company's do not come down.
        if (me.permissions.includes('insights.view')) await this.#pull(me.companyId);
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

  async #push(): Promise<void> {
    for (;;) {
      const batch = this.cache.pendingChanges(BATCH);
      if (batch.length === 0) return;
      const { results } = await this.transport.authorized(
        'POST',
        '/api/v1/summaries/push',
        { changes: batch.map((entry): SummaryChange => entry.change) },
        pushAnswer,
      );
      let progressed = false;
      let confirmed = false;
      let refused: string | null = null;
      this.cache.batch(() =>
        results.forEach((result, index) => {
          const entry = batch[index]!;
          if (result.status === 'applied') {
            this.cache.confirmed(result.id, entry.upToSeq, result.version);
            progressed = confirmed = true;
          } else if (result.status === 'conflict') {
            this.cache.conflicted(result.server);
            progressed = true;
          } else {
            refused = result.reason;
          }
        }),
      );
      if (confirmed) this.options.cacheChanged();
      if (refused) throw new TandemError('forbidden', refused);
      if (!progressed) return;
    }
  }

  async #pull(companyId: string): Promise<void> {
    let applied = false;
    for (;;) {
      const page = await this.transport.authorized(
        'GET',
        `/api/v1/summaries/changes?since=${this.cache.cursor()}&limit=200`,
        undefined,
        summaryPullSchema,
      );
      // A page and the cursor after it land together, in one transaction.
      this.cache.batch(() => {
        for (const change of page.changes) applied = this.cache.applyRemote(change, companyId) || applied;
        this.cache.setCursor(page.cursor);
      });
      if (!page.more) break;
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
