import { createHash, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { opsRoutes as routes } from '../../src-shared/ops/contract';
import type { EndpointServices } from '../endpointServices';
import { sendError } from '../errors';
import { serve } from '../http/serve';
import { endpointMetrics } from './metrics';

/** A dependency that has not answered by then counts as down: a load balancer's check must not hang. */
const CHECK_TIMEOUT_MS = 2000;

/**
 * The operator's routes (`src-shared/ops/contract.ts`): readiness for the load balancer and
 * Prometheus metrics. Listed first in `app.ts`, so the request counter sees every route.
 */
export function serveOps(
  app: FastifyInstance,
  {
    data,
    shared,
    hub,
    summaryFeed,
    guards,
    version,
    config,
  }: Pick<EndpointServices, 'data' | 'shared' | 'hub' | 'summaryFeed' | 'guards' | 'version' | 'config'>,
): void {
  const metrics = endpointMetrics({ hub, summaryFeed, data, shared, instance: config.instanceName, version });
  app.addHook('onResponse', async (request, reply) => {
    metrics.request(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime);
  });

  serve(app, routes['system.ready'], guards, async (_request, reply) => {
    const [database, redis] = await Promise.all([
      answers(sql`select 1`.execute(data.query)),
      shared.kind === 'redis' ? answers(shared.reachable()) : null,
    ]);
    const down = [...(database ? [] : ['the database']), ...(redis === false ? ['Redis'] : [])];
    if (down.length > 0) {
      return sendError(reply, 503, 'not_ready', `Not ready: ${down.join(' and ')} did not answer.`);
    }
    return {
      status: 'ready' as const,
      database: 'ok' as const,
      redis: redis ? ('ok' as const) : ('not used' as const),
    };
  });

  const token = config.metricsToken === undefined ? null : digest(config.metricsToken);
  serve(app, routes['system.metrics'], guards, async (request, reply) => {
    if (!token) {
      return sendError(reply, 404, 'not_found', 'This endpoint serves no metrics: start it with TANDEM_METRICS_TOKEN.');
    }
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!given || !timingSafeEqual(digest(given), token)) {
      return sendError(reply, 401, 'unauthorized', 'Metrics need Authorization: Bearer <the metrics token>.');
    }
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
}

/** Whether `check` settles truthy within the time-out (a rejection counts as no). */
async function answers(check: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check.then(Boolean, () => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Both sides hashed first, so comparing them takes the same time whatever their lengths. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
