import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { updateChannelSchema, updateInfoSchema } from '../../src-shared/domain/updates';
import type { AccountStore } from '../accounts/accountStore';
import { requireUser } from '../auth/userAuth';
import type { ServerDatabase } from '../db/serverDatabase';

const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const rolloutSchema = z.object({ channel: updateChannelSchema, percentage: z.number().int().min(0).max(100) });

/**
 * DP-3: the update feed electron-updater's generic provider reads — `latest.yml` (Windows),
 * `latest-mac.yml`, `latest-linux.yml` and the installers — from `--updates-dir`, one folder per
 * channel (`stable/`, `beta/`), as the release workflow publishes them. The endpoint adds the
 * channel's staged-rollout share to the feed; the release signature does not cover it.
 */
export const updateRoutes: FastifyPluginAsyncZod<{
  accounts: AccountStore;
  db: ServerDatabase;
  updatesDir: string | undefined;
}> = async (app, { accounts, db, updatesDir }) => {
  const rollout = (channel: string): number =>
    (
      db.prepare('SELECT percentage FROM update_rollouts WHERE channel = ?').get(channel) as
        { percentage: number } | undefined
    )?.percentage ?? 100;

  app.get(
    '/api/v1/updates/:channel/:file',
    {
      schema: {
        tags: ['updates'],
        summary: 'The update feed and installers of a channel (electron-updater generic provider)',
        params: z.object({
          channel: updateChannelSchema,
          file: z.string().regex(/^[\w][\w.-]{0,200}$/, 'a file name of the release'),
        }),
        response: { 404: errorBody, 503: errorBody },
      },
    },
    async (request, reply) => {
      const { channel, file } = request.params;
      if (!updatesDir) {
        return reply.status(503).send({
          error: { code: 'updates_not_configured', message: 'This endpoint does not serve updates (--updates-dir).' },
        });
      }
      const path = join(updatesDir, channel, file);
      const found = await stat(path).catch(() => null);
      if (!found?.isFile()) {
        return reply
          .status(404)
          .send({ error: { code: 'not_found', message: `No ${file} in the ${channel} channel.` } });
      }
      if (/^latest(-[\w-]+)?\.yml$/.test(file)) {
        const feed = updateInfoSchema.safeParse(parse(await readFile(path, 'utf8')));
        if (!feed.success) {
          request.log.error({ file: path, issues: feed.error.issues }, 'the published update feed is invalid');
          return reply.status(503).send({
            error: { code: 'feed_invalid', message: `The published ${file} is invalid; no update is offered.` },
          });
        }
        return reply
          .type('text/yaml; charset=utf-8')
          .header('cache-control', 'no-cache')
          .send(stringify({ ...feed.data, stagingPercentage: rollout(channel) }) as never);
      }
      return reply
        .type('application/octet-stream')
        .header('content-length', found.size)
        .send(createReadStream(path) as never);
    },
  );

  app.get(
    '/api/v1/admin/updates/rollout',
    {
      preHandler: requireUser(accounts, 'admin.devices'),
      schema: {
        tags: ['updates'],
        summary: 'The staged-rollout share of each channel',
        response: { 200: z.object({ rollouts: z.array(rolloutSchema) }) },
      },
    },
    async () => ({
      rollouts: updateChannelSchema.options.map((channel) => ({ channel, percentage: rollout(channel) })),
    }),
  );

  app.put(
    '/api/v1/admin/updates/rollout',
    {
      preHandler: requireUser(accounts, 'admin.devices'),
      schema: {
        tags: ['updates'],
        summary:
          'Offer a channel’s newest release to this share of devices (each device decides by a stable random number)',
        body: rolloutSchema,
        response: { 200: rolloutSchema },
      },
    },
    async (request) => {
      db.prepare(
        `INSERT INTO update_rollouts (channel, percentage, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (channel) DO UPDATE SET percentage = excluded.percentage, updated_at = excluded.updated_at`,
      ).run(request.body.channel, request.body.percentage, new Date().toISOString());
      return request.body;
    },
  );
};
