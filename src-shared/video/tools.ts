import { z } from 'zod';
import type { CallRole } from './live';

/**
 * The video tools (VS-6) between the two sides of a call, peer to peer on the call's `tools` data
 * channel (TOOLS_CHANNEL, ordered and reliable): drawings, tracking and screenshots edited together.
 * Every message is checked with `toolMessageSchema` on arrival; one that fails is dropped.
 *
 * Places are fractions of the **customer's camera picture itself** — 0…1 across its width and
 * height as the camera sends it, never of an element on a screen — so a point lands on the same
 * spot on both sides whatever the letterboxing, size or mirroring of each side's view. Both sides
 * draw on that one picture: the code user sees it as their camera's preview, the employee as the
 * other side's video. Who sent a message is the other side of the call (its role), which also
 * gives its colour (TOOL_COLOURS).
 *
 * Recording with consent is not here: it goes through the endpoint on the call socket
 * (`record` / `recording` in `./live.ts`), which records every consent and refuses an upload no one
 * consented to.
 */
export const TOOLS_CHANNEL = { label: 'tools', id: 14, ordered: true } as const;

/** How long a stroke stays before it has faded out, by default (VS-6); a company setting within the bounds. */
export const STROKE_TTL_MS = { default: 3000, min: 1000, max: 30_000 } as const;

/** Each side's colour for its drawings and tracked highlights, the same on both screens. */
export const TOOL_COLOURS: Record<CallRole, string> = { employee: '#ff7a00', 'code-user': '#1e88e5' };

/** A largest message on the tools channel (characters of JSON); larger payloads are split by the sender. */
export const TOOL_MESSAGE_MAX = 64 * 1024;

const fraction = z.number().min(0).max(1);
/** A point as [x, y] fractions of the customer's camera picture. */
export const toolPointSchema = z.tuple([fraction, fraction]);
export type ToolPoint = z.infer<typeof toolPointSchema>;
const id = z.string().min(1).max(64);

/** The four corners of a tracked object (clockwise from top left in the picture's own orientation). */
export const trackedCornersSchema = z.tuple([toolPointSchema, toolPointSchema, toolPointSchema, toolPointSchema]);
export type TrackedCorners = z.infer<typeof trackedCornersSchema>;

/** How many bytes a base64 text (without line breaks, padded) decodes to; -1 when it cannot be base64. */
const base64Bytes = (text: string) =>
  text.length % 4 === 0 ? (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0) : -1;

/** A small greyscale patch of the object as the selecting side saw it (row-major, 1 byte a pixel, base64). */
export const trackTemplateSchema = z
  .object({
    width: z.number().int().min(8).max(128),
    height: z.number().int().min(8).max(128),
    gray: z
      .string()
      .max(24 * 1024)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/),
  })
  .strict()
  // Exactly width × height bytes: a patch of another size would fail only later, in the tracker.
  .refine((template) => base64Bytes(template.gray) === template.width * template.height, {
    message: 'The template is not width × height bytes',
    path: ['gray'],
  });
export type TrackTemplate = z.infer<typeof trackTemplateSchema>;

const bytes64 = z.string().max(TOOL_MESSAGE_MAX - 256);
/** The most parts one screenshot update is split into (a whole stored drawing fits). */
export const SHOT_UPDATE_PARTS_MAX = 16;

export const toolMessageSchema = z.discriminatedUnion('type', [
  /**
   * Part of a stroke, append-only: `seq` 0, 1, 2… in order for one `id`; `points` continue the
   * stroke (a pen's path; an arrow's or circle's two defining points, the last part replacing the
   * shape's end). `end` closes it; its `ttlMs` counts from then on both sides.
   */
  z
    .object({
      type: z.literal('stroke'),
      id,
      seq: z.number().int().min(0).max(100_000),
      tool: z.enum(['pen', 'arrow', 'circle']),
      points: z.array(toolPointSchema).max(512),
      end: z.boolean(),
      ttlMs: z.number().int().min(STROKE_TTL_MS.min).max(STROKE_TTL_MS.max),
    })
    .strict(),
  /** The employee selected an object to track: each side follows it in the frames it shows. */
  z.object({ type: z.literal('track'), id, corners: trackedCornersSchema, template: trackTemplateSchema }).strict(),
  z.object({ type: z.literal('track-stop'), id }).strict(),
  /** A screenshot (stored on the endpoint, `id` its id there) is open for editing together. */
  z.object({ type: z.literal('shot-open'), id }).strict(),
  /**
   * A Yjs update of the screenshot's drawing document (base64). One too large for a message goes as
   * consecutive parts of its base64 text, `part` [index, count]; the receiver joins them in order.
   */
  z
    .object({
      type: z.literal('shot-update'),
      id,
      update: bytes64,
      part: z.tuple([z.number().int().min(0), z.number().int().min(1).max(SHOT_UPDATE_PARTS_MAX)]).optional(),
    })
    .strict(),
  /** Yjs state vector (base64): the other side answers with a `shot-update` of what this side lacks. */
  z.object({ type: z.literal('shot-sync'), id, stateVector: bytes64 }).strict(),
  z.object({ type: z.literal('shot-close'), id }).strict(),
]);
export type ToolMessage = z.infer<typeof toolMessageSchema>;
