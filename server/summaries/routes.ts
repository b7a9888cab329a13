import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { insightsRoutes as routes } from '../../src-shared/insights/contract';
import { sendError } from '../errors';
import type { EndpointServices } from '../endpointServices';
import { SerializedAnswer, serve } from '../http/serve';

/** Who is calling, as far as sync cares: a digest of the sign-in session (never the token itself). */
const sessionOrigin = (authorization: string | undefined) =>
  authorization ? `session:${createHash('sha256').update(authorization).digest('base64url').slice(0, 22)}` : null;

/**
 * SI-14: the sync API for the desktop summary caches, scoped to the caller's company, and one
 * summary over REST; as `src-shared/insights/contract.ts` declares them.
 */
export function serveSummaries(
  app: FastifyInstance,
  { guards, summaries, summaryFeed }: Pick<EndpointServices, 'guards' | 'summaries' | 'summaryFeed'>,
) {
  serve(app, routes['summaries.push'], guards, async (request) => ({
    results: await summaryFeed.push(
      request.user!.companyId,
      request.user!.permissions,
      request.body.changes,
      new Date(),
      request.user!.name,
      sessionOrigin(request.headers.authorization),
    ),
  }));

  // The caller's own changes are not sent back to it (it already holds them), nor do they fill a
  // page: the cursor passes them, so a device pulls once after pushing any number of summaries.
  // Sent as the feed writes it (`pullJson`): the summaries' fields as stored, not checked and serialized again.
  serve(
    app,
    routes['summaries.changes'],
    guards,
    async (request) =>
      new SerializedAnswer<(typeof routes)['summaries.changes']>(
        await summaryFeed.pullJson(
          request.user!.companyId,
          request.query.since,
          request.query.limit,
          sessionOrigin(request.headers.authorization),
        ),
      ),
  );

  serve(app, routes['devices.me.summaries.push'], guards, async (request) => ({
    results: await summaryFeed.push(
      request.deviceCompanyId!,
      [],
      request.body.changes,
      new Date(),
      null,
      `device:${request.deviceId!}`,
    ),
  }));

  serve(
    app,
    routes['summaries.get'],
    guards,
    async (request, reply) =>
      (await summaryFeed.get(request.user!.companyId, request.params.id)) ??
      sendError(reply, 404, 'not_found', 'No such summary in your company.'),
  );
  // SI-9 in the web console: the Insights view, read from the company's summaries.
  serve(app, routes['summaries.list'], guards, async (request) => {
    const { limit, offset, ...filter } = request.query;
    return summaries.list(request.user!.companyId, filter, limit, offset);
  });

  serve(app, routes['summaries.overview'], guards, async (request) =>
    summaries.overview(request.user!.companyId, request.query),
  );

  serve(app, routes['summaries.facets'], guards, async (request) => summaries.facets(request.user!.companyId));

  serve(
    app,
    routes['summaries.detail'],
    guards,
    async (request, reply) =>
      (await summaries.detail(request.user!.companyId, request.params.id)) ??
      sendError(reply, 404, 'not_found', 'No such summary in your company.'),
  );
}
