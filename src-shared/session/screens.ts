import { z } from 'zod';
import { errorCodeSchema } from '../errors';

/**
 * RS-5: the monitors a host shares, and which one the supporter sees. The host's core announces
 * them to the supporter (`screens` peer message); the supporter may ask for another one by id
 * (`screen-switch`), and the host refuses any id it did not announce.
 */
export const MAX_SCREENS = 16;

export const screenIdSchema = z.string().min(1).max(200);

/** A monitor the host can share (Electron's desktopCapturer). */
export const screenSourceSchema = z.object({
  id: screenIdSchema,
  name: z.string().max(200),
  primary: z.boolean(),
  width: z.number().int().positive().max(100_000),
  height: z.number().int().positive().max(100_000),
});
export type ScreenSource = z.infer<typeof screenSourceSchema>;

/** Why a host refused to switch screens: codes of the one error catalogue. */
export const screenRefusalSchema = errorCodeSchema.extract([
  'screen_unknown',
  'screen_needs_control',
  'invalid_request',
]);
export type ScreenRefusal = z.infer<typeof screenRefusalSchema>;

/** A session's screens, as both sides see them. */
export const sessionScreensSchema = z.object({
  /** What the host shares from; empty where the browser's own picker is used. */
  sources: z.array(screenSourceSchema).max(MAX_SCREENS),
  /** The source the supporter sees, when the host knows it. */
  current: screenIdSchema.nullable(),
  /** Supporter: why the host refused the last switch (cleared by the next announcement). */
  refused: screenRefusalSchema.nullable(),
});
export type SessionScreens = z.infer<typeof sessionScreensSchema>;
