import type { FastifyInstance } from 'fastify';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { DEVICE_CODE_LOOKUPS_PER_MINUTE, videoRoutes as routes } from '../../src-shared/video/contract';
import type { EndpointServices } from '../endpointServices';
import { sendError } from '../errors';
import { serve } from '../http/serve';
import { VideoDeviceStore } from './videoDeviceStore';

/**
 * Video sessions (VS-1 … VS-7), as `src-shared/video/contract.ts` declares it. So far: a company's
 * devices with codes (employees with `video.manage`), and code users joining with a code — every
 * attempt counted per source, shared by every instance, so codes cannot be guessed.
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
}
