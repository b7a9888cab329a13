import { controlMessageSchema, type ControlMessage } from './controlMessages';
import { inputFrameSchema, type InputFrame } from './inputEvents';

/** The largest input frame accepted: one text event of 1000 characters and its envelope. */
export const INPUT_FRAME_MAX_CHARS = 8192;
const CONTROL_MAX_BYTES = 2 * 1024 * 1024;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A `control` channel message, or null for anything outside the protocol. */
export function decodeControl(data: Uint8Array | string): ControlMessage | null {
  if (typeof data !== 'string' && data.byteLength > CONTROL_MAX_BYTES) return null;
  const text = typeof data === 'string' ? data : new TextDecoder('utf-8', { fatal: false }).decode(data);
  const parsed = controlMessageSchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : null;
}

/** An `input` channel frame, or null for anything outside the protocol. */
export function decodeInputFrame(data: unknown): InputFrame | null {
  if (typeof data !== 'string' || data.length > INPUT_FRAME_MAX_CHARS) return null;
  const parsed = inputFrameSchema.safeParse(parseJson(data));
  return parsed.success ? parsed.data : null;
}
