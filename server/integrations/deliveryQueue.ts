import { randomUUID } from 'node:crypto';
import type { SummaryEvent, WebhookEvent, WebhookPayload } from '../../src-shared/domain/integrations';
import type { VideoSession } from '../../src-shared/video/sessionContract';
import type { SummaryFields } from '../../src-shared/domain/summary';
import type { SyncedSummary } from '../../src-shared/domain/summarySync';
import { claimForUpdate } from '../db/dialect';
import type { EndpointDb, Queries } from '../db/endpointDb';

const CONNECTORS = ['servicenow', 'salesforce'] as const;

/**
 * SI-12: the deliveries summary changes make, to each webhook that wants the event and each
 * enabled connector, enqueued inside the transaction that applied the change (`trx`), so none is
 * lost or doubled. The company's targets are read once per transaction (a push of up to 100
 * changes); the answer enqueues one change's deliveries. The summary is read only when some
 * webhook or connector wants it: most changes of most companies go nowhere. The delivery worker
 * (`deliveryWorker.ts`) sends them.
 */
export async function enqueueDeliveries(
  trx: Queries,
  companyId: string,
  now = new Date(),
): Promise<(summaryOf: () => SyncedSummary, event: SummaryEvent) => Promise<void>> {
  const webhooks = (
    await trx
      .selectFrom('webhooks')
      .select(['id', 'events'])
      .where('company_id', '=', companyId)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .execute()
  ).map((webhook) => ({ id: webhook.id, events: JSON.parse(webhook.events) as WebhookEvent[] }));
  const enabled = (
    await trx
      .selectFrom('connectors')
      .select('kind')
      .where('company_id', '=', companyId)
      .where('enabled', '=', 1)
      .execute()
  ).map((row) => row.kind);
  return (summaryOf, event) =>
    enqueue(trx, companyId, now, summaryOf, event, {
      webhooks: webhooks.filter((webhook) => webhook.events.includes(event)),
      connectors: event === 'summary.deleted' ? [] : CONNECTORS.filter((kind) => enabled.includes(kind)),
    });
}

async function enqueue(
  trx: Queries,
  companyId: string,
  now: Date,
  summaryOf: () => SyncedSummary,
  event: SummaryEvent,
  { webhooks, connectors }: { webhooks: { id: string }[]; connectors: (typeof CONNECTORS)[number][] },
): Promise<void> {
  if (webhooks.length === 0 && connectors.length === 0) return;
  const summary = summaryOf();
  const insert = async (target: string, ticket: string | null) => {
    const id = randomUUID();
    const payload: WebhookPayload = {
      id,
      event,
      createdAt: now.toISOString(),
      companyId,
      summary: {
        id: summary.id,
        version: summary.version,
        deleted: summary.deleted,
        updatedBy: summary.updatedBy ?? null,
        fields: summary.fields,
      },
    };
    await trx
      .insertInto('deliveries')
      .values({
        id,
        company_id: companyId,
        target,
        event,
        summary_id: summary.id,
        ticket,
        payload: JSON.stringify(payload),
        status: 'pending',
        next_attempt_at: now.toISOString(),
        created_at: now.toISOString(),
      })
      .execute();
  };
  for (const webhook of webhooks) await insert(`webhook:${webhook.id}`, null);
  // A connector writes to the ticket the summary names, once per ticket (a later edit that
  // names another ticket writes there too).
  const ticket = (summary.fields as SummaryFields | null)?.ticket;
  if (!ticket) return;
  for (const kind of connectors) {
    const already = await trx
      .selectFrom('deliveries')
      .select('id')
      .where('company_id', '=', companyId)
      .where('target', '=', kind)
      .where('summary_id', '=', summary.id)
      .where('ticket', '=', ticket)
      .where('status', '!=', 'failed')
      .executeTakeFirst();
    if (!already) await insert(kind, ticket);
  }
}

/**
 * VS-2: a code user's request, to each of the company's webhooks that wants
 * `video_session.requested`, enqueued inside the transaction that made it (so exactly once,
 * whichever instance took the request; the worker sends it as it sends the summaries').
 */
export async function enqueueVideoRequested(
  trx: Queries,
  companyId: string,
  session: VideoSession,
  now = new Date(),
): Promise<void> {
  const webhooks = await trx
    .selectFrom('webhooks')
    .select(['id', 'events'])
    .where('company_id', '=', companyId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .execute();
  for (const webhook of webhooks) {
    if (!(JSON.parse(webhook.events) as WebhookEvent[]).includes('video_session.requested')) continue;
    const id = randomUUID();
    const payload: WebhookPayload = {
      id,
      event: 'video_session.requested',
      createdAt: now.toISOString(),
      companyId,
      videoSession: {
        id: session.id,
        device: { id: session.deviceId, name: session.deviceName, customer: session.customer },
        reason: session.reason,
        ticket: session.ticket,
        requestedAt: session.createdAt,
      },
    };
    await trx
      .insertInto('deliveries')
      .values({
        id,
        company_id: companyId,
        target: `webhook:${webhook.id}`,
        event: payload.event,
        // The column names what a delivery is about: here the session.
        summary_id: session.id,
        ticket: null,
        payload: JSON.stringify(payload),
        status: 'pending',
        next_attempt_at: now.toISOString(),
        created_at: now.toISOString(),
      })
      .execute();
  }
}

/** A delivery the worker claimed: it is this instance's to attempt until it settles it. */
export interface DueDelivery {
  id: string;
  companyId: string;
  target: string;
  payload: WebhookPayload;
  attempts: number;
}

export const MAX_ATTEMPTS = 8;
const MAX_BACKOFF_MS = 60 * 60_000;
/**
 * How long a claimed delivery is left to the instance that claimed it: far beyond one attempt's
 * time-out. An instance that stops mid-attempt leaves it to be claimed again after this.
 */
export const DELIVERY_LEASE_MS = 5 * 60_000;

/**
 * Claims up to `limit` deliveries due by `now`, earliest first, by moving their next attempt a
 * lease ahead: a worker on another instance (or this one's next round) passes them over, so each
 * attempt is made by one instance. PostgreSQL skips rows another instance is claiming right now
 * (`FOR UPDATE SKIP LOCKED`) instead of waiting for them.
 */
export function claimDueDeliveries(db: EndpointDb, now = new Date(), limit = 20): Promise<DueDelivery[]> {
  return db.transaction(async (trx) => {
    const due = await claimForUpdate(
      db.engine,
      trx
        .selectFrom('deliveries')
        .select(['id', 'company_id', 'target', 'payload', 'attempts'])
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now.toISOString())
        .orderBy('next_attempt_at')
        .limit(limit),
    ).execute();
    if (due.length === 0) return [];
    await trx
      .updateTable('deliveries')
      .set({ next_attempt_at: new Date(now.getTime() + DELIVERY_LEASE_MS).toISOString() })
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .execute();
    return due.map((row) => ({
      id: row.id,
      companyId: row.company_id,
      target: row.target,
      payload: JSON.parse(row.payload) as WebhookPayload,
      attempts: row.attempts,
    }));
  });
}

/** The outcome of one attempt: delivered, retried after 1 s, 2 s, 4 s … (up to an hour), or given up. */
export function settleDelivery(
  db: EndpointDb,
  id: string,
  outcome: { ok: boolean; status: number | null; error: string | null; retry: boolean },
  now = new Date(),
): Promise<void> {
  return db.transaction(async (trx) => {
    const row = await trx.selectFrom('deliveries').select('attempts').where('id', '=', id).executeTakeFirst();
    if (!row) return;
    const attempts = row.attempts + 1;
    if (outcome.ok) {
      await trx
        .updateTable('deliveries')
        .set({
          status: 'delivered',
          attempts,
          last_status: outcome.status,
          last_error: null,
          delivered_at: now.toISOString(),
        })
        .where('id', '=', id)
        .execute();
      return;
    }
    const giveUp = !outcome.retry || attempts >= MAX_ATTEMPTS;
    const next = new Date(now.getTime() + Math.min(1000 * 2 ** (attempts - 1), MAX_BACKOFF_MS));
    await trx
      .updateTable('deliveries')
      .set({
        status: giveUp ? 'failed' : 'pending',
        attempts,
        last_status: outcome.status,
        last_error: outcome.error,
        next_attempt_at: next.toISOString(),
      })
      .where('id', '=', id)
      .execute();
  });
}
