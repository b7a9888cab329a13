import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { summaryPullSchema, summaryPushResultSchema, summaryPushSchema } from '../../src-shared/domain/summarySync';
import type { AccountStore } from '../accounts/accountStore';
import { requireCompanyDevice } from '../auth/deviceAuth';
import { requireUser } from '../auth/userAuth';
import type { DeviceStore } from '../devices/deviceStore';
import type { SummaryStore } from '../summaries/summaryStore';
import { errorBody } from '../errors';

/** Who is calling, as far as sync cares: a digest of the sign-in session (never the token itself). */
const sessionOrigin = (authorization: string | undefined) =>
  authorization ? `session:${createHash('sha256').update(authorization).digest('base64url').slice(0, 22)}` : null;

/** SI-14: the sync API for the desktop summary caches, scoped to the caller's company. */
export const summaryRoutes: FastifyPluginAsyncZod<{
  accounts: AccountStore;
  devices: DeviceStore;
  summaries: SummaryStore;
}> = async (app, { accounts, devices, summaries }) => {
  app.post(
    '/api/v1/summaries/push',
    {
      preHandler: requireUser(accounts),
      schema: {
        tags: ['summaries'],
        summary: 'Apply local changes (idempotent per change key); conflicts come back with the endpoint’s copy',
        body: summaryPushSchema,
        response: { 200: z.object({ results: z.array(summaryPushResultSchema) }) },
      },
    },
    async (request) => ({
      results: summaries.push(
        request.user!.companyId,
        request.user!.permissions,
        request.body.changes,
        new Date(),
        request.user!.name,
        sessionOrigin(request.headers.authorization),
      ),
    }),
  );

  app.get(
    '/api/v1/summaries/changes',
    {
      preHandler: requireUser(accounts, 'insights.view'),
      schema: {
        tags: ['summaries'],
        summary: 'The company’s summaries changed after a cursor, tombstones included, oldest first',
        querystring: z.object({
          since: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(500).default(200),
        }),
        response: { 200: summaryPullSchema },
      },
    },
    // The caller's own changes are not sent back to it: it already holds them.
    async (request) =>
      summaries.pull(
        request.user!.companyId,
        request.query.since,
        request.query.limit,
        sessionOrigin(request.headers.authorization),
      ),
  );

  app.post(
    '/api/v1/devices/me/summaries/push',
    {
      preHandler: requireCompanyDevice(devices),
      schema: {
        tags: ['summaries'],
        summary:
          'A company device hands in the summaries of its incoming sessions (new ones only: editing and deleting need a user)',
        body: summaryPushSchema,
        response: { 200: z.object({ results: z.array(summaryPushResultSchema) }), 401: errorBody, 403: errorBody },
      },
    },
    async (request) => ({
      results: summaries.push(
        request.deviceCompanyId!,
        [],
        request.body.changes,
        new Date(),
        null,
        `device:${request.deviceId!}`,
      ),
    }),
  );
};
