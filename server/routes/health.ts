import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { healthSchema } from '../../src-shared/domain/cloud';

export const healthRoutes: FastifyPluginAsyncZod<{ version: string; instanceId: string }> = async (app, options) => {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness and identity of this cloud endpoint',
        tags: ['system'],
        response: { 200: healthSchema },
      },
    },
    async () => ({
      status: 'ok' as const,
      service: 'tandem-cloud' as const,
      version: options.version,
      instanceId: options.instanceId,
      uptimeSeconds: process.uptime(),
    }),
  );
};
