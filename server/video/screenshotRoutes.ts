import type { FastifyInstance, FastifyReply } from 'fastify';
import { SCREENSHOT_IMAGE_MAX_BYTES, screenshotRoutes as routes } from '../../src-shared/video/screenshotContract';
import type { VideoStatus } from '../../src-shared/video/status';
import type { EndpointServices } from '../endpointServices';
import { sendError } from '../errors';
import { serve } from '../http/serve';
import { imageHeader } from './screenshotImage';
import {
  DOCUMENT_INVALID,
  DOCUMENT_TOO_LARGE,
  SCREENSHOT_NOT_FOUND,
  type ScreenshotAuthor,
  type ScreenshotStore,
} from './screenshotStore';
import type { Employee, VideoSessionStore } from './videoSessionStore';

/** What the caller may do with a session's screenshots: nothing (404), read, or also take and save. */
type Access = { sees: false } | { sees: true; acts: boolean; status: VideoStatus; author: ScreenshotAuthor };

const invisible = (reply: FastifyReply) =>
  sendError(reply, 404, 'not_found', 'There is no such video session or screenshot, or it is not yours to see.');
const notAssigned = (reply: FastifyReply) =>
  sendError(reply, 403, 'video_not_assigned', 'Only the employees assigned to this video session may do this.');
const tooLarge = (reply: FastifyReply, what: string) => sendError(reply, 413, 'video_screenshot_too_large', what);

/**
 * Screenshots of video sessions (`screenshotContract.ts`). An employee sees them where they see the
 * session (`VideoSessionStore.get`) and takes and saves them where they are its assignee; a code
 * user does both on their device's sessions.
 */
export function serveScreenshots(
  app: FastifyInstance,
  guards: EndpointServices['guards'],
  sessions: VideoSessionStore,
  store: ScreenshotStore,
) {
  const employee = async (user: Employee, sessionId: string): Promise<Access> => {
    const session = await sessions.get(user, sessionId);
    if (!session) return { sees: false };
    const acts = session.assignees.some((assignee) => assignee.userId === user.id);
    return { sees: true, acts, status: session.status, author: { kind: 'employee', userId: user.id } };
  };
  const codeUser = async (request: { codeUser?: { companyId: string; deviceId: string } }, sessionId: string) => {
    const status = await store.codeUserSession(request.codeUser!, sessionId);
    return status
      ? ({ sees: true, acts: true, status, author: { kind: 'code-user' } } as const)
      : { sees: false as const };
  };

  const list = async (access: Access, sessionId: string, reply: FastifyReply) =>
    access.sees ? { screenshots: await store.list(sessionId) } : invisible(reply);

  const take = async (
    access: Access,
    sessionId: string,
    body: { type: 'image/png' | 'image/jpeg'; width: number; height: number; image: string },
    reply: FastifyReply,
  ) => {
    if (!access.sees) return invisible(reply);
    if (!access.acts) return notAssigned(reply);
    if (access.status !== 'IN_PROGRESS') {
      return sendError(
        reply,
        409,
        'video_transition_forbidden',
        `The video session is ${access.status}: screenshots are taken during the call.`,
      );
    }
    const image = Buffer.from(body.image, 'base64');
    if (image.length > SCREENSHOT_IMAGE_MAX_BYTES) {
      return tooLarge(
        reply,
        `The picture has ${Math.ceil(image.length / 1024)} KiB; at most ${SCREENSHOT_IMAGE_MAX_BYTES / 1024} KiB are kept. Send it as JPEG or smaller.`,
      );
    }
    const header = imageHeader(image);
    if (!header || header.type !== body.type || header.width !== body.width || header.height !== body.height) {
      return sendError(
        reply,
        422,
        'video_screenshot_invalid',
        `The picture is no ${body.type} of ${body.width}×${body.height} pixels.`,
      );
    }
    return store.take(sessionId, access.author, { ...body, image });
  };

  const get = async (access: Access, sessionId: string, id: string, reply: FastifyReply) =>
    (access.sees && (await store.get(sessionId, id))) || invisible(reply);

  const save = async (access: Access, sessionId: string, id: string, update: string, reply: FastifyReply) => {
    if (!access.sees) return invisible(reply);
    if (!access.acts) return notAssigned(reply);
    const saved = await store.save(sessionId, id, Buffer.from(update, 'base64'));
    if (saved === SCREENSHOT_NOT_FOUND) return invisible(reply);
    if (saved === DOCUMENT_INVALID) {
      return sendError(reply, 422, 'video_screenshot_invalid', 'The update is no Yjs update of this document.');
    }
    if (saved === DOCUMENT_TOO_LARGE) return tooLarge(reply, 'The drawings would grow larger than the endpoint keeps.');
    return saved;
  };

  serve(app, routes['video.screenshots.list'], guards, async (request, reply) =>
    list(await employee(request.user!, request.params.id), request.params.id, reply),
  );
  serve(app, routes['video.screenshots.take'], guards, async (request, reply) =>
    take(await employee(request.user!, request.params.id), request.params.id, request.body, reply),
  );
  serve(app, routes['video.screenshots.get'], guards, async (request, reply) => {
    const { id, screenshotId } = request.params;
    return get(await employee(request.user!, id), id, screenshotId, reply);
  });
  serve(app, routes['video.screenshots.save'], guards, async (request, reply) => {
    const { id, screenshotId } = request.params;
    return save(await employee(request.user!, id), id, screenshotId, request.body.update, reply);
  });

  serve(app, routes['video.codeUser.screenshots.list'], guards, async (request, reply) =>
    list(await codeUser(request, request.params.id), request.params.id, reply),
  );
  serve(app, routes['video.codeUser.screenshots.take'], guards, async (request, reply) =>
    take(await codeUser(request, request.params.id), request.params.id, request.body, reply),
  );
  serve(app, routes['video.codeUser.screenshots.get'], guards, async (request, reply) => {
    const { id, screenshotId } = request.params;
    return get(await codeUser(request, id), id, screenshotId, reply);
  });
  serve(app, routes['video.codeUser.screenshots.save'], guards, async (request, reply) => {
    const { id, screenshotId } = request.params;
    return save(await codeUser(request, id), id, screenshotId, request.body.update, reply);
  });
}
