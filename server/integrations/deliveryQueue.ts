import { randomUUID } from 'node:crypto';
import type { SummaryEvent, WebhookPayload } from '../../src-shared/domain/integrations';
import type { SummaryFields } from '../../src-shared/domain/summary';
import type { SyncedSummary } from '../../src-shared/domain/summarySync';
import type { Queries } from '../db/endpointDb';

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
  ).map((webhook) => ({ id: webhook.id, events: JSON.parse(webhook.events) as SummaryEvent[] }));
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
