import type { FastifyInstance, FastifyReply } from 'fastify';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { DEVICE_CODE_LOOKUPS_PER_MINUTE, videoRoutes as routes } from '../../src-shared/video/contract';
import type { EndpointServices } from '../endpointServices';
import { sendError } from '../errors';
import { serve } from '../http/serve';
import {
  VIDEO_TICKETS_LISTED,
  videoTicketRoutes as tickets,
  type VideoTicket,
  type VideoTicketMessage,
} from '../../src-shared/video/ticketContract';
import { ASSIGNEE_INVALID, VideoDeviceStore } from './videoDeviceStore';
import { assigneeInvalid, serveVideoSessions, VIDEO_REQUESTS_PER_MINUTE } from './sessionRoutes';
import { serveCallSocket } from './callSocket';
import { serveScreenshots } from './screenshotRoutes';
import { ScreenshotStore } from './screenshotStore';
import { folderRecordingBytes } from './recordingBytes';
import { s3RecordingBytes } from './recordingBytesS3';
import { serveRecordingRoutes } from './recordingRoutes';
import { RecordingStore } from './recordingStore';
import { serveRecordingUploads } from './recordingUploads';
import { RedisUploadLocker } from './redisUploadLocker';
import { VideoFeed } from './videoFeed';
import { VideoSessionStore } from './videoSessionStore';
import { VideoTicketStore } from './videoTicketStore';

/**
 * Video sessions (VS-1 … VS-7), as `src-shared/video/contract.ts` declares it. So far: a company's
 * devices with codes (employees with `video.manage`), and code users joining with a code — every
 * attempt counted per source, shared by every instance, so codes cannot be guessed; tickets per
 * device with their conversation, the company's employees on one side and the device's code users
 * (who reach only their device's) on the other; the sessions themselves (`sessionRoutes.ts`), the
 * live feed of all of it (`videoFeed.ts`) and the review period's sweeper.
 */
export async function serveVideo(
  app: FastifyInstance,
  {
    guards,
    data,
    secrets,
    keyFor,
    shared,
    accounts,
    log,
    config,
  }: Pick<EndpointServices, 'guards' | 'data' | 'secrets' | 'keyFor' | 'shared' | 'accounts' | 'log' | 'config'>,
) {
  const devices = new VideoDeviceStore(data, secrets, keyFor('video-device-code'));
  const feed = new VideoFeed({ accounts, codeUsers: devices, shared, log });
  await feed.listen();
  feed.serve(app);
  const now = config.video?.now ?? Date.now;
  // The one store of sessions on this instance: the call socket moves them with callStarted/callEnded.
  const sessions = new VideoSessionStore(
    data,
    (companyId, session, change) => feed.session(companyId, session, change),
    () => new Date(now()),
  );
  serveVideoSessions(
    app,
    guards,
    sessions,
    shared.limiter('video-session-requests', { points: VIDEO_REQUESTS_PER_MINUTE, duration: 60 }),
  );
  serveScreenshots(app, guards, sessions, new ScreenshotStore(data, () => new Date(now())));
  // VS-6: recordings with consent, asked and answered on the call socket, uploaded and played here.
  const recordings = new RecordingStore(data, () => new Date(now()));
  const bytes = config.recordingsS3
    ? await s3RecordingBytes(config.recordingsS3)
    : await folderRecordingBytes(config.dataDir);
  await serveRecordingUploads(app, {
    bytes,
    accounts,
    recordings,
    announce: (sessionId) => sessions.announce(sessionId),
    log,
    // Several instances (Redis): one lock per upload across them, so two never write it at once.
    ...(shared.kind === 'redis' ? { locker: await RedisUploadLocker.create(shared.link) } : {}),
  });
  serveRecordingRoutes(app, {
    guards,
    key: keyFor('video-recording-playback'),
    bytes,
    sessions,
    recordings,
    now,
  });
  // VS-5: the call drives the same sessions (IN_PROGRESS, DONE), so its changes reach the feed too.
  serveCallSocket(app, {
    accounts,
    codeUsers: devices,
    sessions,
    recordings,
    shared,
    turn: config.turn,
    log,
    rejoinMs: config.video?.callRejoinMs,
  });
  sweepReviews(app, sessions, config.video?.sweepPeriodMs ?? REVIEW_SWEEP_MS, log);
  app.addHook('preClose', async () => feed.close());
  const joins = shared.limiter('video-join-source', { points: DEVICE_CODE_LOOKUPS_PER_MINUTE, duration: 60 });
  const notFound = 'No device of your company has this ID.';

  serve(app, routes['video.devices.list'], guards, async (request) => ({
    devices: await devices.list(request.user!.companyId),
  }));

  serve(app, routes['video.devices.create'], guards, async (request, reply) => {
    const created = await devices.create(request.user!.companyId, request.body, request.user!.id);
    return created === ASSIGNEE_INVALID ? assigneeInvalid(reply) : created;
  });

  serve(app, routes['video.devices.update'], guards, async (request, reply) => {
    const updated = await devices.update(request.user!.companyId, request.params.id, request.body);
    if (updated === ASSIGNEE_INVALID) return assigneeInvalid(reply);
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

  serveTickets(app, guards, new VideoTicketStore(data), feed);
}

/** How often each instance looks for DONE sessions whose review period ran out (VS-4). */
export const REVIEW_SWEEP_MS = 60_000;

/** The review period's sweeper on this instance: started with the server, stopped before the database closes. */
function sweepReviews(
  app: FastifyInstance,
  sessions: VideoSessionStore,
  periodMs: number,
  log: EndpointServices['log'],
): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      // One sweep at a time here; other instances' sweeps meet this one's in the conditional update.
      running ??= sessions
        .sweepReviews()
        .then(() => undefined)
        .catch((error: unknown) => {
          log.warn({ err: (error as Error).message }, 'closing reviewed video sessions failed');
        })
        .finally(() => {
          running = null;
        });
    }, periodMs).unref();
  });
  app.addHook('preClose', async () => {
    clearInterval(timer);
    await running;
  });
}

function serveTickets(
  app: FastifyInstance,
  guards: EndpointServices['guards'],
  store: VideoTicketStore,
  feed: VideoFeed,
) {
  /** Tells the feed of a ticket opened or changed, and of the messages it came with. */
  const told = <T extends VideoTicket & { messages?: VideoTicketMessage[] }>(companyId: string, ticket: T): T => {
    feed.ticket(companyId, ticket);
    for (const message of ticket.messages ?? []) feed.message(companyId, ticket.deviceId, ticket.id, message);
    return ticket;
  };
  const toldMessage = async (companyId: string, ticketId: string, message: VideoTicketMessage) => {
    const deviceId = await store.deviceOf(companyId, ticketId);
    if (deviceId) feed.message(companyId, deviceId, ticketId, message);
    return message;
  };
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
    return created
      ? told(request.user!.companyId, created)
      : sendError(reply, 404, 'not_found', 'No device of your company has this ID.');
  });

  serve(app, tickets['video.tickets.update'], guards, async (request, reply) => {
    const updated = await store.update(employees(request), request.params.id, request.body);
    return updated ? told(request.user!.companyId, updated) : noTicket(reply);
  });

  serve(app, tickets['video.tickets.post'], guards, async (request, reply) => {
    const posted = await store.post(employees(request), request.params.id, request.body.body, request.user!.id);
    if (posted === 'closed') return closed(reply);
    return posted ? toldMessage(request.user!.companyId, request.params.id, posted) : noTicket(reply);
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
    return withoutRef(told(scope.companyId, created));
  });

  serve(app, tickets['video.codeUser.tickets.post'], guards, async (request, reply) => {
    const posted = await store.post(codeUser(request), request.params.id, request.body.body, null);
    if (posted === 'closed') return closed(reply);
    return posted ? toldMessage(request.codeUser!.companyId, request.params.id, posted) : noTicket(reply);
  });
}
