import { z } from 'zod';
import { cloudStatusSchema } from '../domain/cloud';
import { connectionReportSchema } from '../domain/connectionReport';
import { defineIpc, empty } from '../ipc/channel';

/** The link to the cloud endpoint and the signaling hub, and this device's connection reports. */
export const cloudIpc = defineIpc({
  channels: {
    'cloud.status': {
      request: z.object({ refresh: z.boolean().optional() }).strict(),
      response: cloudStatusSchema,
    },
    'signaling.status': {
      request: empty,
      response: z.object({ state: z.enum(['connecting', 'online', 'offline']) }),
    },
    'reports.list': { request: empty, response: z.array(connectionReportSchema) },
  },
  events: {
    'cloud.changed': cloudStatusSchema,
    'signaling.changed': z.object({ state: z.enum(['connecting', 'online', 'offline']) }),
  },
});
