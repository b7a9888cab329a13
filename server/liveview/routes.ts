import type { FastifyInstance } from 'fastify';
import { RateLimiterRes } from 'rate-limiter-flexible';
import {
  LIVEVIEW_TICKET_TTL_MS,
  liveViewChangeSchema,
  liveviewRoutes as routes,
  type HelpSession,
} from '../../src-shared/liveview/contract';
import { LIVEVIEW_CONSOLE_FEED_PATH } from '../../src-shared/signaling/consoleFeed';
import type { EndpointServices } from '../endpointServices';
import { sendError } from '../errors';
import { serve } from '../http/serve';
import { companyBusFor } from '../shared/companyBus';
import { serveConsoleFeed } from '../signaling/consoleFeed';
import { openGeoip } from './geoip';
import { HelpConnectFeature } from './helpConnect';
import { HelpGrants } from './helpGrant';
import { HelpSessionStore, type HelpSupporter } from './helpSessionStore';
import { LiveViewFeed } from './liveViewFeed';
import { SubscriptionTickets } from './subscriptionTicket';

/** Failed connect-by-code lookups allowed per minute (LV-2): per supporter, and per company (many supporters guessing). */
export const LOOKUP_LIMITS = { perSupporter: 5, perCompany: 30 } as const;

/** Subscriptions a device may start per minute: each reads all of its company's help sessions. */
const SUBSCRIBES_PER_MINUTE = 20;

/** How often expired and silent help sessions are swept (reads leave them out before that). */
const SWEEP_PERIOD_MS = 10_000;

/**
 * Live View (LV-1 … LV-4, LV-8), as `src-shared/liveview/contract.ts` declares it: a company's
 * devices ask for help and report presence; its supporters list the help sessions and look one up
 * by its ID, or receive them live over their device's signaling socket (`liveViewFeed.ts`). A
 * supporter only ever reads their own company's help sessions.
 */
export async function serveLiveView(
  app: FastifyInstance,
  {
    guards,
    data,
    shared,
    log,
    hub,
    accounts,
    keyFor,
    config,
    devices,
    companies,
  }: Pick<
    EndpointServices,
    'guards' | 'data' | 'shared' | 'log' | 'hub' | 'accounts' | 'keyFor' | 'config' | 'devices' | 'companies'
  >,
) {
  const now = config.liveview?.now ?? Date.now;
  const locate = config.geoip ? await openGeoip(config.geoip) : null;
  /** The presence as reported, placed by the request's source address where the operator gave a GeoIP database. */
  const placed = <T extends { location: string | null }>(presence: T, address: string): T => {
    const location = locate?.(address);
    return location ? { ...presence, location } : presence;
  };
  const bus = companyBusFor(shared, 'liveview', liveViewChangeSchema, log);
  const helpSessions = new HelpSessionStore(data, {
    now: () => new Date(now()),
    lifetimeMs: config.liveview?.lifetimeMs,
    // The request that changed a help session does not fail when the change cannot be told (Redis away).
    changed: (companyId, change) =>
      void bus
        .publish(companyId, change)
        .catch((error: unknown) => log.warn({ err: error }, 'telling a Live View change failed')),
  });
  // A device removed from its company, or leaving it, is gone from the Live View at once, not after 35 s of silence.
  companies.membership.onLeft((deviceId, companyId, by) =>
    helpSessions
      .end({ deviceId, companyId }, { left: 'company', by })
      .catch((error: unknown) => log.warn({ err: error }, 'ending the help session of a device that left failed')),
  );
  const ticketTtlMs = config.liveview?.ticketTtlMs ?? LIVEVIEW_TICKET_TTL_MS;
  const tickets = new SubscriptionTickets(keyFor('liveview-ticket:v1'), now, ticketTtlMs);
  const feed = new LiveViewFeed({
    tickets,
    accounts,
    snapshot: (companyId) => helpSessions.snapshot(companyId),
    limiter: shared.limiter('liveview-subscribe', { points: SUBSCRIBES_PER_MINUTE, duration: 60 }),
    now,
  });
  await bus.listen((companyId, change) => feed.deliver(companyId, change));
  hub.addFeature(feed);
  const grants = new HelpGrants(keyFor('liveview-help-grant:v1'), now);
  hub.addFeature(new HelpConnectFeature({ hub, grants, helpSessions, accounts, devices, log }));
  serveConsoleFeed(app, {
    path: LIVEVIEW_CONSOLE_FEED_PATH,
    accounts,
    feed,
    tickets,
    ticketTtlMs,
    subscribe: (ticket) => ({ type: 'liveview-subscribe', ticket }),
    refused: 'liveview-refused',
  });
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
    }, config.liveview?.sweepPeriodMs ?? SWEEP_PERIOD_MS);
    sweeper.unref();
  });
  app.addHook('preClose', async () => {
    clearInterval(sweeper);
    feed.close();
  });

  const deviceOf = (request: { deviceId?: string; deviceCompanyId?: string }) => ({
    deviceId: request.deviceId!,
    companyId: request.deviceCompanyId!,
  });

  serve(app, routes['devices.me.helpSession.open'], guards, async (request) =>
    helpSessions.open(deviceOf(request), { ...request.body, presence: placed(request.body.presence, request.ip) }),
  );

  serve(app, routes['devices.me.helpSession.presence'], guards, async (request, reply) => {
    const reported = await helpSessions.report(deviceOf(request), placed(request.body, request.ip));
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

  /** LV-2: the lookup both connect-by-code routes make, within the limits; the reply is sent when it fails. */
  const lookUp = async (supporter: HelpSupporter, code: string, reply: Parameters<typeof sendError>[0]) => {
    try {
      await perSupporter.consume(supporter.id);
      await perCompany.consume(supporter.companyId);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      sendError(reply, 429, 'rate_limited', 'Too many help session IDs that matched nothing; wait a minute.', {
        retryAfterMs: error.msBeforeNext,
      });
      return null;
    }
    const found = await helpSessions.lookup(supporter, code);
    if (!found) {
      sendError(reply, 404, 'help_code_unknown', 'No open help session of your company has this ID.');
      return null;
    }
    await perSupporter.reward(supporter.id, 1);
    await perCompany.reward(supporter.companyId, 1);
    return found;
  };

  serve(app, routes['liveview.connectByCode'], guards, async (request, reply) => {
    const found = await lookUp(request.user!, request.body.code, reply);
    return found ?? reply;
  });

  /** A grant for the signed request's device and user to ask this help session's device to connect. */
  const grantFor = async (
    request: { deviceId?: string; user?: HelpSupporter & { name: string; email: string } },
    helpSession: HelpSession & { deviceId: string },
    kind: 'code' | 'request',
    reason: string | null,
  ) => {
    const user = request.user!;
    const issued = grants.issue({
      deviceId: request.deviceId!,
      userId: user.id,
      companyId: user.companyId,
      name: user.name,
      companyName: await companies.name(user.companyId),
      actor: `${user.name} <${user.email}>`,
      helpSessionId: helpSession.id,
      kind,
      reason,
    });
    return { ...issued, helpSession };
  };

  serve(app, routes['liveview.connectGrant'], guards, async (request, reply) => {
    const found = await lookUp(request.user!, request.body.code, reply);
    return found ? grantFor(request, found, 'code', null) : reply;
  });

  serve(app, routes['liveview.requestConnection'], guards, async (request, reply) => {
    const found = await helpSessions.openById(request.user!.companyId, request.params.id);
    if (!found) {
      return sendError(reply, 404, 'help_session_gone', 'No open help session of your company has this ID.');
    }
    return grantFor(request, found, 'request', request.body.reason || null);
  });

  serve(app, routes['admin.liveview.settings'], guards, async (request) =>
    helpSessions.settings(request.user!.companyId),
  );

  serve(app, routes['admin.liveview.updateSettings'], guards, async (request) =>
    helpSessions.changeSettings(request.user!.companyId, request.body),
  );

  serve(app, routes['liveview.subscription'], guards, async (request) =>
    tickets.issue({ deviceId: request.deviceId!, userId: request.user!.id, companyId: request.user!.companyId }),
  );

  serve(app, routes['admin.liveview.events'], guards, async (request) => ({
    events: await helpSessions.events(request.user!.companyId, request.query.limit),
  }));
}
