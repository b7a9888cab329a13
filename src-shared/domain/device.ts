import { z } from 'zod';

/** RS-1: a device ID is nine digits, the first not zero; shown grouped as `123 456 789`. */
export const deviceIdSchema = z.string().regex(/^[1-9]\d{8}$/, 'A device ID has nine digits.');
export type DeviceId = z.infer<typeof deviceIdSchema>;

export function formatDeviceId(id: string): string {
  return id.replace(/(\d{3})(?=\d)/g, '$1 ');
}

/** Accepts what people type or paste (`123 456 789`, `123-456-789`) and returns the bare digits. */
export function normalizeDeviceId(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export const deviceIdentitySchema = z.object({
  deviceId: deviceIdSchema,
  oneTimePassword: z.string().min(6),
  passwordRotatedAt: z.iso.datetime(),
});
export type DeviceIdentity = z.infer<typeof deviceIdentitySchema>;
