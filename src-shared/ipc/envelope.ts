import { z } from 'zod';
import { errorShapeSchema, type ErrorShape } from '../errors';

/** Every call answers with an envelope, so errors cross any transport as typed values. */
export const envelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorShapeSchema }),
]);
export type Envelope = z.infer<typeof envelopeSchema>;

export const success = (value: unknown): Envelope => ({ ok: true, value });
export const failure = (error: ErrorShape): Envelope => ({ ok: false, error });
