import type { FastifyInstance, FastifyReply } from 'fastify';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { DEVICE_CODE_LOOKUPS_PER_MINUTE, videoRoutes as routes } from '../../src-shared/video/contract';
import type { EndpointServices } from '../endpointServices';
import { sendError } from '../errors';
import { serve } from '../http/serve';
import { VIDEO_TICKETS_LISTED, videoTicketRoutes as tickets } from '../../src-shared/video/ticketContract';
import { VideoDeviceStore } from './videoDeviceStore';
import { VideoTicketStore } from './videoTicketStore';

/**
 * Video sessions (VS-1 … VS-7), as `src-shared/video/contract.ts` declares it. So far: a company's
 * devices with codes (employees with `video.manage`), and code users joining with a code — every
 * attempt counted per source, shared by every instance, so codes cannot be guessed; tickets per
 * device with their conversation, the company's employees on one side and the device's code users
 * (who reach only their device's) on the other.
 */
export function serveVideo(
  app: FastifyInstance,
  {
    guards,
    data,
    secrets,
    keyFor,
    shared,
  }: Pick<EndpointServices, 'guards' | 'data' | 'secrets' | 'keyFor' | 'shared'>,
) {
  const devices = new VideoDeviceStore(data, secrets, keyFor('video-device-code'));
  const joins = shared.limiter('video-join-source', { points: DEVICE_CODE_LOOKUPS_PER_MINUTE, duration: 60 });
  const notFound = 'No device of your company has this ID.';

  serve(app, routes['video.devices.list'], guards, async (request) => ({
    devices: await devices.list(request.user!.companyId),
  }));

  serve(app, routes['video.devices.create'], guards, async (request) =>
    devices.create(request.user!.companyId, request.body, request.user!.id),
  );

  serve(app, routes['video.devices.update'], guards, async (request, reply) => {
    const updated = await devices.update(request.user!.companyId, request.params.id, request.body);
    return updated ?? sendError(reply, 404, 'not_found', notFound);
  });

  serve(app, routes['video.devices.newCode'], guards, async (request, reply) => {
    const updated = await devices.newCode(request.user!.companyId, request.params.id);
    return updated ?? sendError(reply, 404, 'not_found', notFound);
  });

  serve(app, routes['video.join'], guards, async (request, reply) => {
    try {
      await joins.consume(request.ip);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      return sendError(reply, 429, 'rate_limited', 'Too many device codes tried from here; wait a minute.', {
        retryAfterMs: error.msBeforeNext,
      });
    }
    const joined = await devices.join(request.body.code);
    return (
      joined ??
      sendError(
        reply,
        404,
        'video_code_unknown',
        'No enabled device has this code: check it, or ask for the current one.',
      )
    );
  });

  serve(app, routes['video.codeUser.me'], guards, async (request, reply) => {
    const device = await devices.codeUserDevice(request.codeUser!);
    // The guard found it a moment ago: gone since, it is revoked as far as the code user can tell.
    return device
      ? { device }
      : sendError(reply, 401, 'video_code_user_revoked', 'This code user’s device is gone: join again.');
  });

  serveTickets(app, guards, new VideoTicketStore(data));
}

function serveTickets(app: FastifyInstance, guards: EndpointServices['guards'], store: VideoTicketStore) {
  const noTicket = (reply: FastifyReply) => sendError(reply, 404, 'not_found', 'There is no such ticket here.');
  const closed = (reply: FastifyReply) =>
    sendError(reply, 409, 'video_ticket_closed', 'The ticket is closed: reopen it, or open a new one.');
  const employees = (request: { user?: { companyId: string } }) => ({ companyId: request.user!.companyId });
  const codeUser = (request: { codeUser?: { companyId: string; deviceId: string } }) => request.codeUser!;
  /** A code user's view leaves out the company's own ITSM reference. */
  const withoutRef = <T extends { externalRef: string }>({ externalRef: _, ...rest }: T) => rest;

  serve(app, tickets['video.tickets.list'], guards, async (request) => ({
    tickets: await store.list(employees(request), request.query, VIDEO_TICKETS_LISTED),
  }));

  serve(app, tickets['video.tickets.get'], guards, async (request, reply) => {
    return (await store.get(employees(request), request.params.id)) ?? noTicket(reply);
  });

  serve(app, tickets['video.tickets.create'], guards, async (request, reply) => {
    const created = await store.create(employees(request), request.body, request.user!.id);
    return created ?? sendError(reply, 404, 'not_found', 'No device of your company has this ID.');
  });

  serve(app, tickets['video.tickets.update'], guards, async (request, reply) => {
    return (await store.update(employees(request), request.params.id, request.body)) ?? noTicket(reply);
  });

  serve(app, tickets['video.tickets.post'], guards, async (request, reply) => {
    const posted = await store.post(employees(request), request.params.id, request.body.body, request.user!.id);
    return posted === 'closed' ? closed(reply) : (posted ?? noTicket(reply));
  });

  serve(app, tickets['video.codeUser.tickets.list'], guards, async (request) => ({
    tickets: (await store.list(codeUser(request), request.query, VIDEO_TICKETS_LISTED)).map(withoutRef),
  }));

  serve(app, tickets['video.codeUser.tickets.get'], guards, async (request, reply) => {
    const thread = await store.get(codeUser(request), request.params.id);
    return thread ? withoutRef(thread) : noTicket(reply);
  });

  serve(app, tickets['video.codeUser.tickets.create'], guards, async (request) => {
    const scope = codeUser(request);
    const created = await store.create(scope, { ...request.body, deviceId: scope.deviceId, externalRef: '' }, null);
    // The guard has just found the device enabled, of this company.
    if (!created) throw new Error('The code user’s device is gone.');
    return withoutRef(created);
  });

  serve(app, tickets['video.codeUser.tickets.post'], guards, async (request, reply) => {
    const posted = await store.post(codeUser(request), request.params.id, request.body.body, null);
    return posted === 'closed' ? closed(reply) : (posted ?? noTicket(reply));
  });
}
