import { randomBytes, randomUUID } from 'node:crypto';
import type { ConnectorKind, Delivery, WebhookEvent } from '../../src-shared/domain/integrations';
import type { EndpointDb } from '../db/endpointDb';
import { secretContext } from '../security/sealAtRest';
import type { SecretBox } from '../security/secretBox';

export interface ConnectorConfig {
  instanceUrl: string;
  username?: string;
  /** ServiceNow: the password; Salesforce: the OAuth access token. */
  secret: string;
}

/**
 * SI-12: the company's webhooks and connectors, and the log of deliveries to them. A summary
 * change enqueues its deliveries in the same transaction that applies it, and the delivery worker
 * claims and settles them (`deliveryQueue.ts`), so none is lost or doubled; targets are `webhook:ID`, `servicenow` and `salesforce`.
 * Each write here is one statement, so instances sharing the database need no turns: a webhook is
 * removed once (the first of two removals reports it), a connector's last save wins.
 */
export class IntegrationStore {
  constructor(
    private readonly db: EndpointDb,
    private readonly secrets: SecretBox,
  ) {}

  // ---- webhooks ----

  async addWebhook(companyId: string, url: string, events: WebhookEvent[], now = new Date()) {
    const webhook = {
      id: randomUUID(),
      url,
      events,
      createdAt: now.toISOString(),
      secret: `whsec_${randomBytes(24).toString('base64url')}`,
    };
    await this.db.query
      .insertInto('webhooks')
      .values({
        id: webhook.id,
        company_id: companyId,
        url,
        secret: this.secrets.seal(webhook.secret, secretContext.webhook(webhook.id)),
        events: JSON.stringify(events),
        created_at: webhook.createdAt,
      })
      .execute();
    return webhook;
  }

  async webhooks(companyId: string) {
    const rows = await this.db.query
      .selectFrom('webhooks')
      .select(['id', 'url', 'events', 'created_at'])
      .where('company_id', '=', companyId)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      url: row.url,
      events: JSON.parse(row.events) as WebhookEvent[],
      createdAt: row.created_at,
    }));
  }

  async webhookSecret(companyId: string, id: string): Promise<{ url: string; secret: string } | null> {
    const row = await this.db.query
      .selectFrom('webhooks')
      .select(['url', 'secret'])
      .where('company_id', '=', companyId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? { url: row.url, secret: this.secrets.open(row.secret, secretContext.webhook(id)) } : null;
  }

  async removeWebhook(companyId: string, id: string, now = new Date()): Promise<boolean> {
    const { numUpdatedRows } = await this.db.query
      .updateTable('webhooks')
      .set({ deleted_at: now.toISOString() })
      .where('company_id', '=', companyId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return numUpdatedRows > 0n;
  }

  // ---- connectors ----

  async setConnector(
    companyId: string,
    kind: ConnectorKind,
    enabled: boolean,
    config: ConnectorConfig,
    now = new Date(),
  ): Promise<void> {
    await this.db.query
      .insertInto('connectors')
      .values({
        company_id: companyId,
        kind,
        enabled: enabled ? 1 : 0,
        config: JSON.stringify({
          ...config,
          secret: this.secrets.seal(config.secret, secretContext.connector(companyId, kind)),
        }),
        updated_at: now.toISOString(),
      })
      .onConflict((conflict) =>
        conflict.columns(['company_id', 'kind']).doUpdateSet((eb) => ({
          enabled: eb.ref('excluded.enabled'),
          config: eb.ref('excluded.config'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  async connector(
    companyId: string,
    kind: ConnectorKind,
  ): Promise<{ enabled: boolean; config: ConnectorConfig } | null> {
    const row = await this.db.query
      .selectFrom('connectors')
      .select(['enabled', 'config'])
      .where('company_id', '=', companyId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    if (!row) return null;
    const config = JSON.parse(row.config) as ConnectorConfig;
    const secret = this.secrets.open(config.secret, secretContext.connector(companyId, kind));
    return { enabled: row.enabled === 1, config: { ...config, secret } };
  }

  // ---- deliveries ----

  async log(companyId: string, target: string, limit = 100): Promise<Delivery[]> {
    const rows = await this.db.query
      .selectFrom('deliveries')
      .selectAll()
      .where('company_id', '=', companyId)
      .where('target', '=', target)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      target: row.target,
      event: row.event as WebhookEvent,
      summaryId: row.summary_id,
      ticket: row.ticket,
      status: row.status,
      attempts: row.attempts,
      lastStatus: row.last_status,
      lastError: row.last_error,
      createdAt: row.created_at,
      nextAttemptAt: row.next_attempt_at,
      deliveredAt: row.delivered_at,
    }));
  }
}
