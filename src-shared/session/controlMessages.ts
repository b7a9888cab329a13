import { z } from 'zod';

/**
 * Messages on the `control` data channel (ordered, reliable): chat (RS-7), file transfer
 * signalling (RS-8; the bytes travel on the `file` channel) and clipboard text (RS-9).
 * Each side validates what it receives; a malformed message is dropped, never acted on.
 */
export const FILE_CHUNK_BYTES = 64 * 1024;
export const FILE_MAX_BYTES = 1024 * 1024 * 1024;

const id = z.uuid();
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const controlMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('chat'), id, text: z.string().trim().min(1).max(4000), sentAt: z.number() }),
  z.object({
    type: z.literal('file-offer'),
    id,
    /** A plain name: no folders, no control characters. */
    name: z
      .string()
      .min(1)
      .max(255)
      .refine(
        (name) =>
          ![...name].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20) && name !== '.' && name !== '..',
        'a plain file name',
      ),
    size: z.number().int().min(0).max(FILE_MAX_BYTES),
  }),
  /** After the last chunk: the SHA-256 of everything sent, for the receiver to check. */
  z.object({ type: z.literal('file-done'), id, sha256: sha256Hex }),
  z.object({ type: z.literal('file-cancel'), id, by: z.enum(['sender', 'receiver']) }),
  z.object({ type: z.literal('file-result'), id, ok: z.boolean() }),
  z.object({ type: z.literal('clipboard'), text: z.string().max(1024 * 1024) }),
  z.object({ type: z.literal('clipboard-sync'), enabled: z.boolean() }),
]);
export type ControlMessage = z.infer<typeof controlMessageSchema>;

/** A file chunk on the `file` channel: 16 bytes of the transfer's UUID, then the data. */
export function uuidToBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export function bytesToUuid(bytes: Uint8Array): string {
  const hex = [...bytes.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
