import { Decoder } from 'ts-ebml';

/**
 * The duration a WebM's header declares, in milliseconds (its Segment Info: Duration in units of
 * TimestampScale nanoseconds); null when it declares none — a MediaRecorder stream not made seekable.
 * `head` is the file's start; the Info element comes before the first Cluster.
 */
export function webmDurationMs(head: Uint8Array): number | null {
  let scale = 1_000_000;
  let duration: number | null = null;
  for (const element of new Decoder().decode(toArrayBuffer(head))) {
    if (element.name === 'TimestampScale' && element.type === 'u') scale = Number(element.value);
    if (element.name === 'Duration' && element.type === 'f') duration = element.value;
    if (element.name === 'Cluster') break;
  }
  return duration === null ? null : Math.round((duration * scale) / 1_000_000);
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
