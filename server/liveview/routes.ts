import type { FastifyInstance } from 'fastify';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { liveviewRoutes as routes } from '../../src-shared/liveview/contract';
import type { EndpointServices } from '../endpointServices';
import { sendError } from '../errors';
import { serve } from '../http/serve';
import { HelpSessionStore } from './helpSessionStore';

/** Failed connect-by-code lookups allowed per minute (LV-2): per supporter, and per company (many supporters guessing). */
export const LOOKUP_LIMITS = { perSupporter: 5, perCompany: 30 } as const;

/** How often expired and silent help sessions are swept (reads leave them out before that). */
const SWEEP_PERIOD_MS = 10_000;

/**
 * Live View (LV-1 … LV-4, LV-8), as `src-shared/liveview/contract.ts` declares it: a company's
 * devices ask for help and report presence; its supporters list the help sessions and look one up
 * by its ID. A supporter only ever reads their own company's help sessions.
 */
export function serveLiveView(
  app: FastifyInstance,
  { guards, data, shared, log }: Pick<EndpointServices, 'guards' | 'data' | 'shared' | 'log'>,
) {
  const helpSessions = new HelpSessionStore(data);
  // Each lookup takes a point before the ID is checked (parallel guesses cannot slip through);
  // a successful one gives it back, so only failures count. Shared by every instance.
  const perSupporter = shared.limiter('liveview-lookup-supporter', {
    points: LOOKUP_LIMITS.perSupporter,
    duration: 60,
  });
  const perCompany = shared.limiter('liveview-lookup-company', { points: LOOKUP_LIMITS.perCompany, duration: 60 });

  let sweeper: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    sweeper = setInterval(() => {
      helpSessions.sweep().catch((error: unknown) => log.warn({ err: error }, 'sweeping help sessions failed'));
    }, SWEEP_PERIOD_MS);
    sweeper.unref();
  });
  app.addHook('preClose', async () => clearInterval(sweeper));

  const deviceOf = (request: { deviceId?: string; deviceCompanyId?: string }) => ({
    deviceId: request.deviceId!,
    companyId: request.deviceCompanyId!,
  });

  serve(app, routes['devices.me.helpSession.open'], guards, async (request) =>
    helpSessions.open(deviceOf(request), request.body),
  );

  serve(app, routes['devices.me.helpSession.presence'], guards, async (request, reply) => {
    const reported = await helpSessions.report(deviceOf(request), request.body);
    return (
      reported ??
      sendError(
        reply,
        410,
        'help_session_ended',
        'This device has no open help session (it was ended, expired, or not heard from for 35 s): open a new one.',
      )
    );
  });

  serve(app, routes['devices.me.helpSession.end'], guards, async (request) => {
    await helpSessions.end(deviceOf(request));
    return null;
  });

  serve(app, routes['liveview.helpSessions'], guards, async (request) =>
    helpSessions.list(request.user!.companyId, request.query),
  );

  serve(app, routes['liveview.connectByCode'], guards, async (request, reply) => {
    const supporter = request.user!;
    try {
      await perSupporter.consume(supporter.id);
      await perCompany.consume(supporter.companyId);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      return sendError(reply, 429, 'rate_limited', 'Too many help session IDs that matched nothing; wait a minute.', {
        retryAfterMs: error.msBeforeNext,
      });
    }
    const found = await helpSessions.lookup(supporter, request.body.code);
    if (!found) {
      return sendError(reply, 404, 'help_code_unknown', 'No open help session of your company has this ID.');
    }
    await perSupporter.reward(supporter.id, 1);
    await perCompany.reward(supporter.companyId, 1);
    return found;
  });

  serve(app, routes['admin.liveview.events'], guards, async (request) => ({
    events: await helpSessions.events(request.user!.companyId, request.query.limit),
  }));
}
