import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { clientMessageSchema } from '../../src-shared/signaling/protocol';
import type { EndpointDb } from '../db/endpointDb';
import type { SharedState } from '../shared/sharedState';
import type { SignalingHub } from '../signaling/hub';
import type { SummaryFeed } from '../summaries/summaryFeed';

/** What a request is counted under when no route matched it: the raw URL would let anyone add series. */
const UNMATCHED = 'unmatched';

/**
 * One endpoint instance's Prometheus metrics, in a registry of its own (several endpoints in one
 * process — the tests — keep theirs apart). Only counts: labels are route patterns, methods,
 * statuses and the protocol's message types, so no company, user or device ever shows and the
 * number of series stays bounded.
 */
export function endpointMetrics(parts: {
  hub: SignalingHub;
  summaryFeed: SummaryFeed;
  data: EndpointDb;
  shared: SharedState;
  instance: string;
  version: string;
}): { registry: Registry; request(method: string, route: string | undefined, status: number, ms: number): void } {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: 'tandem_instance_info',
    help: 'This endpoint instance (its name in the logs) and its version; always 1.',
    labelNames: ['instance', 'version'],
    registers,
  }).set({ instance: parts.instance, version: parts.version }, 1);

  new Gauge({
    name: 'tandem_connected_devices',
    help: 'Devices holding an authenticated signaling socket on this instance.',
    registers,
    collect() {
      this.set(parts.hub.connectedDevices);
    },
  });

  const messages = new Counter({
    name: 'tandem_signaling_messages_total',
    help: 'Signaling messages devices sent to this instance, by type (invalid: not the protocol).',
    labelNames: ['type'],
    registers,
  });
  for (const option of clientMessageSchema.options) messages.inc({ type: option.shape.type.value }, 0);
  messages.inc({ type: 'invalid' }, 0);
  parts.hub.onMessage((type) => messages.inc({ type }));

  if (parts.shared.kind === 'redis') {
    const nodeMessages = new Counter({
      name: 'tandem_node_messages_total',
      help: 'Messages this instance sent to another instance, by path: direct (a node link) or redis (pub/sub).',
      labelNames: ['path'],
      registers,
    });
    for (const path of ['direct', 'redis']) nodeMessages.inc({ path }, 0);
    parts.shared.link.onNodeMessage((path) => nodeMessages.inc({ path }));
  }

  const pushes = new Counter({
    name: 'tandem_sync_pushes_total',
    help: 'Summary sync pushes this instance committed.',
    registers,
  });
  const changes = new Counter({
    name: 'tandem_sync_changes_total',
    help: 'Summary changes in committed pushes, by result (applied, conflict, refused).',
    labelNames: ['result'],
    registers,
  });
  for (const result of ['applied', 'conflict', 'refused']) changes.inc({ result }, 0);
  parts.summaryFeed.onPushed((results) => {
    pushes.inc();
    for (const result of results) changes.inc({ result: result.status });
  });

  new Gauge({
    name: 'tandem_delivery_backlog',
    help: 'Webhook and connector deliveries waiting to be sent or retried (all instances: read from the database).',
    registers,
    async collect() {
      const { pending } = await parts.data.query
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<number | string>().as('pending'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      this.set(Number(pending));
    },
  });

  const requests = new Counter({
    name: 'tandem_http_requests_total',
    help: 'HTTP requests this instance answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    registers,
  });
  const durations = new Histogram({
    name: 'tandem_http_request_duration_seconds',
    help: 'How long this instance took to answer HTTP requests, by method and route pattern.',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });

  return {
    registry,
    request(method, route, status, ms) {
      const labels = { method, route: route ?? UNMATCHED };
      requests.inc({ ...labels, status: String(status) });
      durations.observe(labels, ms / 1000);
    },
  };
}
