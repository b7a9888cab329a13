import { z } from 'zod';

/** What `/healthz` answers; shared by the server that sends it and the client that reads it. */
export const healthSchema = z.object({
  status: z.literal('ok'),
  service: z.literal('tandem-cloud'),
  version: z.string(),
  instanceId: z.string(),
  uptimeSeconds: z.number().nonnegative(),
});
export type Health = z.infer<typeof healthSchema>;

export const cloudStatusSchema = z.object({
  url: z.url(),
  embedded: z.boolean(),
  /** Set by IT or the command line: Settings cannot change it. */
  fixed: z.boolean(),
  state: z.enum(['reachable', 'unreachable']),
  serverVersion: z.string().nullable(),
  checkedAt: z.iso.datetime(),
  error: z.string().nullable(),
});
export type CloudStatus = z.infer<typeof cloudStatusSchema>;
