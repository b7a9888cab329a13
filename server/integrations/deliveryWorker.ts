import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { summaryFieldsSchema, type SummaryFields } from '../../src-shared/domain/summary';
import { exportTexts } from '../../src-shared/insights/summaryText';
import type { EndpointDb } from '../db/endpointDb';
import { claimDueDeliveries, settleDelivery, type DueDelivery } from './deliveryQueue';
import type { ConnectorConfig, IntegrationStore } from './integrationStore';
import { fetch, type Dispatcher, type RequestInit, type Response } from 'undici';
import { guardedAgent, RefusedTargetError, type Resolver } from './targetGuard';

export const SIGNATURE_HEADER = 'tandem-signature';
const SALESFORCE_API = 'v60.0';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` — the receiver recomputes it with its secret. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers (and tests): a signature made with `secret` over this body, no older than the tolerance. */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds || !parts.v1) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body).split('v1=')[1]!, 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface Outcome {
  ok: boolean;
  status: number | null;
  error: string | null;
  retry: boolean;
}

class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

/** Server errors, timeouts and rate limits are worth another try; other refusals are configuration. */
const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * SI-12: delivers what the queue holds — signed webhooks, ServiceNow work notes, Salesforce case
 * comments — and settles each attempt (delivered, retried with back-off, or failed with the reason).
 */
export class DeliveryWorker {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;

  constructor(
    private readonly store: IntegrationStore,
    /** Where the deliveries wait: claimed and settled on the data layer, once across instances. */
    private readonly queue: EndpointDb,
    private readonly options: {
      log: FastifyBaseLogger;
      periodMs?: number | undefined;
      timeoutMs?: number;
      allowPrivate?: boolean;
      /** How target host names are resolved (tests play a rebinding DNS server here). */
      resolve?: Resolver;
    },
  ) {
    this.#dispatcher = options.allowPrivate === true ? undefined : guardedAgent(options.resolve);
  }

  /** Connects only to addresses the SSRF guard checked, unless the operator allows private targets. */
  readonly #dispatcher: Dispatcher | undefined;

  start(): void {
    const tick = () => {
      void this.runDue().finally(() => {
        if (this.#timer) this.#timer = setTimeout(tick, this.options.periodMs ?? 1000).unref();
      });
    };
    this.#timer = setTimeout(tick, this.options.periodMs ?? 1000).unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
    await this.#dispatcher?.close();
  }

  /** Attempts every delivery that is due now; resolves with how many were attempted. */
  runDue(now = new Date()): Promise<number> {
    if (this.#running) return this.#running;
    const run = this.#drain(now).finally(() => {
      if (this.#running === run) this.#running = null;
    });
    this.#running = run;
    return run;
  }

  async #drain(now: Date): Promise<number> {
    let attempted = 0;
    for (
      let batch = await claimDueDeliveries(this.queue, now);
      batch.length > 0;
      batch = await claimDueDeliveries(this.queue, now)
    ) {
      await Promise.all(
        batch.map(async (delivery) => {
          await settleDelivery(this.queue, delivery.id, await this.#attempt(delivery));
          attempted++;
        }),
      );
    }
    return attempted;
  }

  async #attempt(delivery: DueDelivery): Promise<Outcome> {
    try {
      const status = await this.#send(delivery);
      return { ok: true, status, error: null, retry: false };
    } catch (error) {
      const failed = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message, null, true);
      this.options.log.warn({ delivery: delivery.id, target: delivery.target, err: failed.message }, 'delivery failed');
      return { ok: false, status: failed.status, error: failed.message, retry: failed.retry };
    }
  }

  async #send(delivery: DueDelivery): Promise<number> {
    if (delivery.target.startsWith('webhook:')) {
      const webhook = await this.store.webhookSecret(delivery.companyId, delivery.target.slice('webhook:'.length));
      if (!webhook) throw new DeliveryError('The webhook was removed.', null, false);
      const body = JSON.stringify(delivery.payload);
      return this.#request(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Tandem-Webhooks/1',
          'tandem-event': delivery.payload.event,
          'tandem-delivery': delivery.id,
          [SIGNATURE_HEADER]: signWebhook(webhook.secret, Math.floor(Date.now() / 1000), body),
        },
        body,
      }).then((response) => response.status);
    }
    const kind = delivery.target as 'servicenow' | 'salesforce';
    const connector = await this.store.connector(delivery.companyId, kind);
    if (!connector?.enabled) throw new DeliveryError(`The ${kind} connector is switched off.`, null, false);
    // Connectors write summaries only; nothing else is ever enqueued for them.
    if (!('summary' in delivery.payload))
      throw new DeliveryError(`The ${kind} connector takes summaries only.`, null, false);
    const fields = summaryFieldsSchema.parse(delivery.payload.summary.fields);
    const note = exportTexts(fields.language).plain(delivery.payload.summary.id, fields);
    return kind === 'servicenow'
      ? this.#serviceNow(connector.config, fields, note)
      : this.#salesforce(connector.config, fields, note);
  }

  /** ServiceNow Table API: find the incident by its number, add the summary as a work note. */
  async #serviceNow(config: ConnectorConfig, fields: SummaryFields, note: string): Promise<number> {
    const base = config.instanceUrl.replace(/\/+$/, '');
    const headers = {
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${config.username ?? ''}:${config.secret}`).toString('base64')}`,
    };
    const query = new URLSearchParams({
      sysparm_query: `number=${fields.ticket}`,
      sysparm_fields: 'sys_id,number',
      sysparm_limit: '1',
    });
    const found = await this.#json(
      `${base}/api/now/table/incident?${query}`,
      { headers },
      z.object({ result: z.array(z.object({ sys_id: z.string() })) }),
    );
    const incident = found.result[0];
    if (!incident) throw new DeliveryError(`ServiceNow has no incident ${fields.ticket}.`, 404, false);
    const response = await this.#request(`${base}/api/now/table/incident/${encodeURIComponent(incident.sys_id)}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ work_notes: note }),
    });
    return response.status;
  }

  /** Salesforce REST API: find the case by its number, add the summary as a private case comment. */
  async #salesforce(config: ConnectorConfig, fields: SummaryFields, note: string): Promise<number> {
    const base = `${config.instanceUrl.replace(/\/+$/, '')}/services/data/${SALESFORCE_API}`;
    const headers = {
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: `Bearer ${config.secret}`,
    };
    // The ticket's characters are limited to letters, digits and - _ . / (the summary schema), so it is safe in SOQL.
    const soql = `SELECT Id FROM Case WHERE CaseNumber = '${fields.ticket}' LIMIT 1`;
    const found = await this.#json(
      `${base}/query?${new URLSearchParams({ q: soql })}`,
      { headers },
      z.object({ records: z.array(z.object({ Id: z.string() })) }),
    );
    const match = found.records[0];
    if (!match) throw new DeliveryError(`Salesforce has no case ${fields.ticket}.`, 404, false);
    const response = await this.#request(`${base}/sobjects/CaseComment`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ParentId: match.Id, CommentBody: note, IsPublished: false }),
    });
    return response.status;
  }

  async #json<T extends z.ZodType>(url: string, init: RequestInit, schema: T): Promise<z.output<T>> {
    const response = await this.#request(url, init);
    const parsed = schema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new DeliveryError(`Unexpected answer from ${new URL(url).host}.`, response.status, true);
    return parsed.data;
  }

  /** One HTTP request; anything but 2xx is an error that says whether to try again. */
  async #request(url: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        ...(this.#dispatcher ? { dispatcher: this.#dispatcher } : {}),
      });
    } catch (error) {
      // The guard refuses at connect time, on the very addresses the connection would use.
      const cause = (error as Error).cause;
      if (cause instanceof RefusedTargetError) throw new DeliveryError(cause.message, null, false);
      const reason = cause instanceof Error ? cause.message : (error as Error).message;
      throw new DeliveryError(`${new URL(url).host} could not be reached: ${reason}`, null, true);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new DeliveryError(
        `${new URL(url).host} answered HTTP ${response.status}.`,
        response.status,
        retryable(response.status),
      );
    }
    return response;
  }
}
