import { z } from 'zod';
import { updateChannelSchema, updateStatusSchema } from '../domain/updates';
import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';
import { defineIpc, empty, ok } from '../ipc/channel';

/**
 * DP-3: the update feed electron-updater's generic provider reads, and the installers. It answers
 * files (YAML, binaries), not JSON: the endpoint serves it, electron-updater reads it.
 */
export const updatesRoutes = defineRoutes({
  'updates.file': {
    method: 'GET',
    path: '/api/v1/updates/:channel/:file',
    tag: 'updates',
    summary: 'The update feed and installers of a channel (electron-updater generic provider)',
    auth: 'public',
    params: z.object({
      channel: updateChannelSchema,
      file: z.string().regex(/^[\w][\w.-]{0,200}$/, 'a file name of the release'),
    }),
    status: 200,
    response: z.never(),
    errors: { 404: ['not_found'], 503: ['updates_not_configured', 'feed_invalid'] },
    raw: true,
  },
});

export const updatesChannels = endpointChannels(updatesRoutes);

/** DP-3: where updating stands, and installing a verified release. */
export const updatesIpc = defineIpc({
  channels: {
    /** DP-3: where updating stands; install restarts Tandem into a downloaded, verified release. */
    'update.status': { request: empty, response: updateStatusSchema },
    'update.install': { request: empty, response: ok },
  },
  events: {
    'update.changed': updateStatusSchema,
  },
});
