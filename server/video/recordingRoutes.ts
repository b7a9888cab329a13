import type { FastifyReply } from 'fastify';
import type { FastifyInstance } from 'fastify';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { RECORDING_TICKET_MS, videoRecordingRoutes as routes } from '../../src-shared/video/recordingContract';
import type { EndpointServices } from '../endpointServices';
import { sendError } from '../errors';
import { serve } from '../http/serve';
import type { RecordingBytes } from './recordingBytes';
import type { RecordingStore } from './recordingStore';
import type { VideoSessionStore } from './videoSessionStore';

const notFound = (reply: FastifyReply) =>
  sendError(reply, 404, 'not_found', 'There is no such recording, or it is not yours to see.');
const notReady = (reply: FastifyReply) =>
  sendError(
    reply,
    409,
    'video_recording_not_ready',
    'This recording is not uploaded yet: the recorder’s Tandem app uploads it after the call.',
  );

/**
 * VS-6, VS-7: a session's recordings and their playback. Listing follows who may see the session;
 * playing is for the two parties only — the session's assignees and the device's code user — through
 * a ticket (HMAC over the recording and its expiry, with a key of its own), so `<video src>` needs
 * no bearer header, and the media route answers Range requests for seeking.
 */
export function serveRecordingRoutes(
  app: FastifyInstance,
  parts: {
    guards: EndpointServices['guards'];
    key: Buffer;
    bytes: RecordingBytes;
    sessions: VideoSessionStore;
    recordings: RecordingStore;
    now: () => number;
  },
) {
  const { recordings, sessions } = parts;
  const sign = (recordingId: string, expires: number) =>
    createHmac('sha256', parts.key).update(`${recordingId}.${expires}`).digest('base64url');
  const ticket = (recordingId: string) => {
    const expires = parts.now() + RECORDING_TICKET_MS;
    return {
      path: `/api/v1/video/recordings/${recordingId}/media?ticket=${expires}.${sign(recordingId, expires)}`,
      expiresAt: new Date(expires).toISOString(),
    };
  };

  serve(app, routes['video.recordings.list'], parts.guards, async (request, reply) => {
    if (!(await sessions.get(request.user!, request.params.id))) {
      return sendError(reply, 404, 'not_found', 'There is no such video session, or it is not yours to see.');
    }
    return { recordings: await recordings.list(request.params.id) };
  });

  serve(app, routes['video.recordings.ticket'], parts.guards, async (request, reply) => {
    const user = request.user!;
    const target = await recordings.uploadTarget({ recordingId: request.params.id });
    const session = target ? await sessions.forCall(target.sessionId) : null;
    if (!target || !session || session.companyId !== user.companyId) return notFound(reply);
    if (!session.assigneeIds.includes(user.id)) {
      return sendError(
        reply,
        403,
        'video_not_assigned',
        'Only the employees assigned to this video session and its customer may play its recordings.',
      );
    }
    return target.ready ? ticket(target.id) : notReady(reply);
  });

  serve(app, routes['video.codeUser.recordings.list'], parts.guards, async (request, reply) => {
    const codeUser = request.codeUser!;
    const session = await sessions.forCall(request.params.id);
    if (!session || session.companyId !== codeUser.companyId || session.deviceId !== codeUser.deviceId) {
      return sendError(reply, 404, 'not_found', 'There is no such video session for your device.');
    }
    return { recordings: await recordings.list(request.params.id) };
  });

  serve(app, routes['video.codeUser.recordings.ticket'], parts.guards, async (request, reply) => {
    const codeUser = request.codeUser!;
    const target = await recordings.uploadTarget({ recordingId: request.params.id });
    const session = target ? await sessions.forCall(target.sessionId) : null;
    if (!target || !session || session.companyId !== codeUser.companyId || session.deviceId !== codeUser.deviceId) {
      return notFound(reply);
    }
    return target.ready ? ticket(target.id) : notReady(reply);
  });

  serve(app, routes['video.recordings.media'], parts.guards, async (request, reply) => {
    const { id } = request.params;
    const [expiresText, signature] = request.query.ticket.split('.');
    const expires = Number(expiresText);
    const expected = Buffer.from(sign(id, expires));
    const given = Buffer.from(signature ?? '');
    if (
      !Number.isSafeInteger(expires) ||
      expires < parts.now() ||
      given.length !== expected.length ||
      !timingSafeEqual(given, expected)
    ) {
      return sendError(
        reply,
        403,
        'forbidden',
        'This playback link is not valid (any more): open the recording again.',
      );
    }
    const target = await recordings.uploadTarget({ recordingId: id });
    if (!target?.ready || !target.uploadId) return notFound(reply);
    const { uploadId } = target;
    const size = await parts.bytes.size(uploadId);
    reply.type('video/webm').header('accept-ranges', 'bytes').header('cache-control', 'private, no-store');
    const range = byteRange(request.headers.range, size);
    if (range === 'unsatisfiable') {
      return reply.status(416).header('content-range', `bytes */${size}`).send();
    }
    if (!range) return reply.header('content-length', size).send(await parts.bytes.read(uploadId));
    return reply
      .status(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
      .header('content-length', range.end - range.start + 1)
      .send(await parts.bytes.read(uploadId, range));
  });
}

/** One `bytes=` range of a file of `size` bytes (what a `<video>` asks for); null: the whole file. */
export function byteRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    // A suffix: the last N bytes.
    const length = Math.min(Number(match[2]), size);
    return length === 0 ? 'unsatisfiable' : { start: size - length, end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start >= size || end < start ? 'unsatisfiable' : { start, end };
}
