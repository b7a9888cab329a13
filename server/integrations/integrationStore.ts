import { randomBytes, randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { ConnectorKind, Delivery, SummaryEvent } from '../../src-shared/domain/integrations';
import { statementCache } from '../../src-shared/sqlite/statements';
import type { ServerDatabase } from '../db/serverDatabase';
import { secretContext } from '../security/sealAtRest';
import type { SecretBox } from '../security/secretBox';

export interface ConnectorConfig {
  instanceUrl: string;
  username?: string;
  /** ServiceNow: the password; Salesforce: the OAuth access token. */
  secret: string;
}

interface DeliveryRow {
  id: string;
  company_id: string;
  target: string;
  event: SummaryEvent;
  summary_id: string;
  ticket: string | null;
  payload: string;
  status: Delivery['status'];
  attempts: number;
  next_attempt_at: string;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/**
 * SI-12: the company's webhooks and connectors, and the queue of deliveries to them. A summary
 * change enqueues its deliveries in the same transaction that applies it, and the delivery worker
 * claims and settles them (`deliveryQueue.ts`), so none is lost or doubled; targets are `webhook:ID`, `servicenow` and `salesforce`.
 */
export class IntegrationStore {
  readonly #sql: (source: string) => Statement<unknown[], unknown>;

  constructor(
    private readonly db: ServerDatabase,
    private readonly secrets: SecretBox,
  ) {
    this.#sql = statementCache<Statement<unknown[], unknown>>(db);
  }

  // ---- webhooks ----

  addWebhook(companyId: string, url: string, events: SummaryEvent[], now = new Date()) {
    const webhook = {
      id: randomUUID(),
      url,
      events,
      createdAt: now.toISOString(),
      secret: `whsec_${randomBytes(24).toString('base64url')}`,
    };
    this.#sql('INSERT INTO webhooks (id, company_id, url, secret, events, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      webhook.id,
      companyId,
      url,
      this.secrets.seal(webhook.secret, secretContext.webhook(webhook.id)),
      JSON.stringify(events),
      webhook.createdAt,
    );
    return webhook;
  }

  webhooks(companyId: string) {
    return (
      this.#sql(
        'SELECT id, url, events, created_at FROM webhooks WHERE company_id = ? AND deleted_at IS NULL ORDER BY created_at',
      ).all(companyId) as { id: string; url: string; events: string; created_at: string }[]
    ).map((row) => ({
      id: row.id,
      url: row.url,
      events: JSON.parse(row.events) as SummaryEvent[],
      createdAt: row.created_at,
    }));
  }

  webhookSecret(companyId: string, id: string): { url: string; secret: string } | null {
    const row = this.#sql(
      'SELECT url, secret FROM webhooks WHERE company_id = ? AND id = ? AND deleted_at IS NULL',
    ).get(companyId, id) as { url: string; secret: string } | undefined;
    return row ? { url: row.url, secret: this.secrets.open(row.secret, secretContext.webhook(id)) } : null;
  }

  removeWebhook(companyId: string, id: string, now = new Date()): boolean {
    return (
      this.#sql('UPDATE webhooks SET deleted_at = ? WHERE company_id = ? AND id = ? AND deleted_at IS NULL').run(
        now.toISOString(),
        companyId,
        id,
      ).changes > 0
    );
  }

  // ---- connectors ----

  setConnector(companyId: string, kind: ConnectorKind, enabled: boolean, config: ConnectorConfig, now = new Date()) {
    this.#sql(
      `INSERT INTO connectors (company_id, kind, enabled, config, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (company_id, kind) DO UPDATE SET enabled = excluded.enabled, config = excluded.config,
         updated_at = excluded.updated_at`,
    ).run(
      companyId,
      kind,
      enabled ? 1 : 0,
      JSON.stringify({
        ...config,
        secret: this.secrets.seal(config.secret, secretContext.connector(companyId, kind)),
      }),
      now.toISOString(),
    );
  }

  connector(companyId: string, kind: ConnectorKind): { enabled: boolean; config: ConnectorConfig } | null {
    const row = this.#sql('SELECT enabled, config FROM connectors WHERE company_id = ? AND kind = ?').get(
      companyId,
      kind,
    ) as { enabled: number; config: string } | undefined;
    if (!row) return null;
    const config = JSON.parse(row.config) as ConnectorConfig;
    const secret = this.secrets.open(config.secret, secretContext.connector(companyId, kind));
    return { enabled: row.enabled === 1, config: { ...config, secret } };
  }

  // ---- deliveries ----

  log(companyId: string, target: string, limit = 100): Delivery[] {
    return (
      this.#sql('SELECT * FROM deliveries WHERE company_id = ? AND target = ? ORDER BY created_at DESC LIMIT ?').all(
        companyId,
        target,
        limit,
      ) as DeliveryRow[]
    ).map((row) => ({
      id: row.id,
      target: row.target,
      event: row.event,
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
