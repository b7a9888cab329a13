import { z } from 'zod';

/**
 * Remote-control input (RS-6), sent by the supporter and checked again by the host's main core
 * before anything is injected. Pointer positions are fractions (0–1) of the shared display, so
 * they do not depend on either side's resolution or scaling.
 *
 * Two data channels carry it: pointer moves on `input` (unordered, no retransmits: a lost move is
 * made good by the next one, and nothing waits for it), everything else — key and button
 * transitions, wheel, text, release-all — on `input-reliable` (ordered, retransmitted), so a
 * key-up or button-up is never lost and the host never leaves anything held down.
 */
const fraction = z.number().min(0).max(1);
const modifiersSchema = z.object({
  shift: z.boolean(),
  ctrl: z.boolean(),
  alt: z.boolean(),
  meta: z.boolean(),
});
export type Modifiers = z.infer<typeof modifiersSchema>;

export const pointerButtonSchema = z.enum(['left', 'middle', 'right']);

export const inputEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pointer-move'), x: fraction, y: fraction }),
  z.object({
    type: z.literal('pointer-button'),
    x: fraction,
    y: fraction,
    button: pointerButtonSchema,
    down: z.boolean(),
  }),
  z.object({ type: z.literal('wheel'), dx: z.number().int().min(-50).max(50), dy: z.number().int().min(-50).max(50) }),
  /** A physical key by `KeyboardEvent.code` (layout-independent), e.g. "KeyA", "Enter", "F5". */
  z.object({
    type: z.literal('key'),
    code: z.string().regex(/^[A-Za-z0-9]{1,24}$/),
    down: z.boolean(),
    modifiers: modifiersSchema,
  }),
  /** Text as typed, any Unicode; injected as characters, not keys. */
  z.object({ type: z.literal('text'), text: z.string().min(1).max(1000) }),
  /** Let go of every key and button held (the supporter's view lost focus; the host's own link broke). */
  z.object({ type: z.literal('release-all') }),
]);
export type InputEvent = z.infer<typeof inputEventSchema>;

/** Events that travel on the unreliable, unordered channel; all others go on the reliable one. */
export const isUnreliableInput = (event: InputEvent): boolean => event.type === 'pointer-move';

/**
 * On the wire: a sequence number (one counter for both channels, rising) and the sender's clock,
 * for latency figures. The host injects a transition only if its `seq` is above the last
 * transition's (a duplicate or stale one is dropped) and a pointer move only if it is newer than
 * everything already injected (a late move never drags the pointer back).
 */
export const inputFrameSchema = z.object({
  seq: z.number().int().nonnegative(),
  sentAt: z.number().nonnegative(),
  event: inputEventSchema,
});
export type InputFrame = z.infer<typeof inputFrameSchema>;
