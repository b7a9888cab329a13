import { z } from 'zod';
import { envelopeSchema } from './envelope';

/** Frames on the loopback bridge's WebSocket (browser mode). */
export const bridgeCallFrameSchema = z.object({
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  payload: z.unknown(),
});
export type BridgeCallFrame = z.infer<typeof bridgeCallFrameSchema>;

/** A one-way channel's request (`TandemClient.send`): dispatched as a call, never answered. */
export const bridgeSendFrameSchema = z.object({
  kind: z.literal('send'),
  channel: z.string().max(100),
  payload: z.unknown(),
});
export type BridgeSendFrame = z.infer<typeof bridgeSendFrameSchema>;

export const bridgeServerFrameSchema = z.union([
  z.object({ kind: z.literal('result'), id: z.number().int().nonnegative().nullable(), result: envelopeSchema }),
  z.object({ kind: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type BridgeServerFrame = z.infer<typeof bridgeServerFrameSchema>;

/** The WebSocket path and the query parameter that carries the per-run secret. */
export const BRIDGE_PATH = '/ipc';
export const BRIDGE_SECRET_PARAM = 'secret';
/** Frames above this size are refused before parsing. */
export const BRIDGE_MAX_FRAME_BYTES = 1024 * 1024;
