import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { Permission } from '../../src-shared/domain/accounts';
import { VIDEO_SESSIONS_LISTED, videoSessionRoutes as routes } from '../../src-shared/video/sessionContract';
import type { EndpointServices } from '../endpointServices';
import { sendError } from '../errors';
import { serve } from '../http/serve';
import type { SharedLimiter } from '../shared/sharedState';
import {
  ASSIGNEE_INVALID,
  REQUESTS_NOT_ALLOWED,
  SESSION_NOT_FOUND,
  type Refusal,
  type VideoSessionStore,
} from './videoSessionStore';

/** How many sessions one code user may request in a minute (VS-2): enough for a retry, too few to flood a company. */
export const VIDEO_REQUESTS_PER_MINUTE = 10;

/** Any of these lets an employee list sessions (which ones: `VideoSessionStore.list`). */
const SEEING_SESSIONS: readonly Permission[] = ['video.view', 'video.conduct', 'video.manage'];

const invisible = (reply: FastifyReply) =>
  sendError(reply, 404, 'not_found', 'There is no such video session, or it is not yours to see.');

function refused(reply: FastifyReply, refusal: Refusal) {
  if (refusal.refused === 'not_assigned') {
    return sendError(
      reply,
      403,
      'video_not_assigned',
      'Only the employees assigned to this video session may do this.',
    );
  }
  return sendError(
    reply,
    409,
    'video_transition_forbidden',
    `The video session is ${refusal.status}: this change is not possible from there.`,
  );
}

/** 422 `video_assignee_invalid`: the devices' and the sessions' assignees are checked alike. */
export const assigneeInvalid = (reply: FastifyReply) =>
  sendError(
    reply,
    422,
    'video_assignee_invalid',
    'Every assignee must be an enabled employee of your company whose role grants video.conduct.',
  );

/** The code user a request comes from: their token's hash, so the limit counts per token, not per device. */
const codeUserKey = (authorization: string | undefined) =>
  createHash('sha256')
    .update(authorization ?? '')
    .digest('base64url');

/** Video sessions (`sessionContract.ts`): the employees' back office and the code users' requests. */
export function serveVideoSessions(
  app: FastifyInstance,
  guards: EndpointServices['guards'],
  store: VideoSessionStore,
  requests: SharedLimiter,
) {
  serve(app, routes['video.sessions.list'], guards, async (request, reply) => {
    const user = request.user!;
    if (!SEEING_SESSIONS.some((permission) => user.permissions.includes(permission))) {
      return sendError(
        reply,
        403,
        'forbidden',
        'Seeing video sessions needs video.view, video.conduct or video.manage.',
      );
    }
    return { sessions: await store.list(user, request.query, VIDEO_SESSIONS_LISTED) };
  });

  serve(app, routes['video.sessions.get'], guards, async (request, reply) => {
    return (await store.get(request.user!, request.params.id)) ?? invisible(reply);
  });

  serve(app, routes['video.sessions.create'], guards, async (request, reply) => {
    const created = await store.create(request.user!, request.body);
    if (created === SESSION_NOT_FOUND) {
      return sendError(
        reply,
        404,
        'not_found',
        'No device of your company has this ID, or the ticket is not the device’s.',
      );
    }
    return created === ASSIGNEE_INVALID ? assigneeInvalid(reply) : created;
  });

  serve(app, routes['video.sessions.assign'], guards, async (request, reply) => {
    const assigned = await store.assign(request.user!, request.params.id, request.body.assigneeIds);
    if (assigned === SESSION_NOT_FOUND) return invisible(reply);
    if (assigned === ASSIGNEE_INVALID) return assigneeInvalid(reply);
    return 'refused' in assigned ? refused(reply, assigned) : assigned;
  });

  serve(app, routes['video.sessions.act'], guards, async (request, reply) => {
    const acted = await store.act(request.user!, request.params.id, request.body.event);
    if (acted === SESSION_NOT_FOUND) return invisible(reply);
    return 'refused' in acted ? refused(reply, acted) : acted;
  });

  serve(app, routes['video.settings.get'], guards, async (request) => store.settings(request.user!.companyId));

  serve(app, routes['video.settings.put'], guards, async (request) =>
    store.setSettings(request.user!.companyId, request.body),
  );

  serve(app, routes['video.codeUser.sessions.list'], guards, async (request) => ({
    sessions: await store.codeUserList(request.codeUser!, VIDEO_SESSIONS_LISTED),
    requestsAllowed: await store.requestsAllowed(request.codeUser!),
  }));

  serve(app, routes['video.codeUser.sessions.request'], guards, async (request, reply) => {
    try {
      await requests.consume(codeUserKey(request.headers.authorization));
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      return sendError(reply, 429, 'rate_limited', 'Too many video sessions requested; wait a minute.', {
        retryAfterMs: error.msBeforeNext,
      });
    }
    const requested = await store.request(request.codeUser!, request.body);
    if (requested === REQUESTS_NOT_ALLOWED) {
      return sendError(
        reply,
        403,
        'video_requests_not_allowed',
        'This company takes no video session requests for this device: write in a ticket, or call them.',
      );
    }
    if (requested === SESSION_NOT_FOUND) {
      return sendError(reply, 404, 'not_found', 'There is no such ticket for this device.');
    }
    return requested;
  });

  serve(app, routes['video.codeUser.sessions.cancel'], guards, async (request, reply) => {
    const cancelled = await store.codeUserCancel(request.codeUser!, request.params.id);
    if (cancelled === SESSION_NOT_FOUND) return invisible(reply);
    return 'refused' in cancelled ? refused(reply, cancelled) : cancelled;
  });
}
