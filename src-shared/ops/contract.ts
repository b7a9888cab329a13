import { z } from 'zod';
import { defineRoutes } from '../http/route';

/** What `/readyz` answers while this instance can serve: each dependency it checked (Redis only with `--redis`). */
export const readinessSchema = z.object({
  status: z.literal('ready'),
  database: z.literal('ok'),
  redis: z.enum(['ok', 'not used']),
});

/**
 * The operator's view of one endpoint instance, for load balancers and Prometheus (see
 * docs/deploy/server.md). Liveness is `system.health` (`/healthz`, in the device contract: devices
 * read the endpoint's identity there). None is an IPC channel: the app never calls them.
 */
export const opsRoutes = defineRoutes({
  'system.ready': {
    method: 'GET',
    path: '/readyz',
    tag: 'system',
    summary: 'Whether this instance can serve: its database and (with --redis) Redis answer',
    description:
      'For a load balancer’s health check: 503 `not_ready` names what does not answer, and the instance should get no traffic until it answers 200 again.',
    auth: 'public',
    status: 200,
    response: readinessSchema,
    errors: { 503: ['not_ready'] },
  },
  'system.metrics': {
    method: 'GET',
    path: '/metrics',
    tag: 'system',
    summary: 'This instance’s Prometheus metrics (text exposition format)',
    description:
      'Needs `Authorization: Bearer <TANDEM_METRICS_TOKEN>`; without a metrics token configured the endpoint serves no metrics (404). Counts and route patterns only: no company, user or device appears.',
    auth: 'public',
    status: 200,
    response: z.string(),
    errors: { 401: ['unauthorized'], 404: ['not_found'] },
    raw: true,
  },
});
