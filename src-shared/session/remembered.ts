import { z } from 'zod';
import { deviceIdSchema } from '../domain/device';

/**
 * "Remember the password on this device", as the two sides show it. The key itself never leaves
 * the core: the host lists who may connect by a remembered password, the supporter whether it
 * holds one for a computer.
 */

/** Host: a supporter device that connects by a remembered password, as it was shown when remembered. */
export const rememberedSupporterSchema = z.object({
  deviceId: deviceIdSchema,
  name: z.string().max(200),
  company: z.string().max(200),
  /** The name and company were vouched for by the supporter's endpoint at the time. */
  verified: z.boolean(),
  rememberedAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type RememberedSupporter = z.infer<typeof rememberedSupporterSchema>;

/** Supporter: a computer this device holds a remembered password for. */
export const rememberedHostSchema = z.object({
  deviceId: deviceIdSchema,
  rememberedAt: z.iso.datetime(),
});
export type RememberedHost = z.infer<typeof rememberedHostSchema>;
