import { z } from 'zod';
import { deviceIdSchema } from './device';
import { endReasonSchema } from '../signaling/protocol';

/** RS-11: every session leaves a report, independent of Session Insights. */
export const connectionReportSchema = z.object({
  requestId: z.uuid(),
  method: z.enum(['password', 'code']),
  access: z.enum(['full', 'view']),
  supporterDeviceId: deviceIdSchema,
  supporterName: z.string(),
  supporterCompany: z.string(),
  hostDeviceId: deviceIdSchema,
  requestedAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  durationSeconds: z.number().nonnegative().nullable(),
  outcome: z.union([z.literal('pending'), z.literal('completed'), endReasonSchema]),
});
export type ConnectionReport = z.infer<typeof connectionReportSchema>;
