import type { FastifyInstance } from 'fastify';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { updateInfoSchema } from '../../src-shared/domain/updates';
import { updatesRoutes as routes } from '../../src-shared/updates/contract';
import type { EndpointServices } from '../endpointServices';
import { sendError } from '../errors';
import { serve } from '../http/serve';
import { RolloutStore } from './rolloutStore';

/**
 * DP-3: the update feed electron-updater's generic provider reads — `latest.yml` (Windows),
 * `latest-mac.yml`, `latest-linux.yml` and the installers — from `--updates-dir`, one folder per
 * channel (`stable/`, `beta/`), as the release workflow publishes them. The endpoint adds the
 * channel's staged-rollout share to the feed; the release signature does not cover it. The share
 * is the same for every company on the endpoint, so only the operator sets it (`set-rollout`).
 */
export function serveUpdates(
  app: FastifyInstance,
  { guards, data, config }: Pick<EndpointServices, 'guards' | 'data' | 'config'>,
) {
  const { updatesDir } = config;
  const rollouts = new RolloutStore(data);

  serve(app, routes['updates.file'], guards, async (request, reply) => {
    const { channel, file } = request.params;
    if (!updatesDir) {
      return sendError(reply, 503, 'updates_not_configured', 'This endpoint does not serve updates (--updates-dir).');
    }
    const path = join(updatesDir, channel, file);
    const found = await stat(path).catch(() => null);
    if (!found?.isFile()) {
      return sendError(reply, 404, 'not_found', `No ${file} in the ${channel} channel.`);
    }
    if (/^latest(-[\w-]+)?\.yml$/.test(file)) {
      const feed = updateInfoSchema.safeParse(parse(await readFile(path, 'utf8')));
      if (!feed.success) {
        request.log.error({ file: path, issues: feed.error.issues }, 'the published update feed is invalid');
        return sendError(reply, 503, 'feed_invalid', `The published ${file} is invalid; no update is offered.`);
      }
      return reply
        .type('text/yaml; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(stringify({ ...feed.data, stagingPercentage: await rollouts.percentage(channel) }));
    }
    return reply.type('application/octet-stream').header('content-length', found.size).send(createReadStream(path));
  });
}
