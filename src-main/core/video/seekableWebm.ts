import { Decoder, Reader, tools } from 'ts-ebml';

/**
 * Chromium's MediaRecorder writes a live WebM: no duration, no cues, so a player can neither show
 * its length nor seek (a "won't fix" upstream). This rewrites the header with the duration and the
 * cue points ts-ebml reads off the clusters; the clusters themselves stay as they are.
 */
export function seekableWebm(file: Uint8Array): { bytes: Buffer; durationMs: number } {
  const reader = new Reader();
  reader.logging = false;
  reader.drop_default_duration = false;
  for (const element of new Decoder().decode(
    file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer,
  )) {
    reader.read(element);
  }
  reader.stop();
  // ts-ebml's encoder answers `Buffer.concat(…).buffer`, which for a small header is Node's shared
  // 8 KiB pool, not the header: with the pool off for this synchronous call, it is the header's own.
  const poolSize = Buffer.poolSize;
  Buffer.poolSize = 0;
  let header: ArrayBuffer;
  try {
    header = tools.makeMetadataSeekable(reader.metadatas, reader.duration, reader.cues);
  } finally {
    Buffer.poolSize = poolSize;
  }
  const durationMs = Math.round((reader.duration * reader.timestampScale) / 1_000_000);
  return { bytes: Buffer.concat([Buffer.from(header), file.subarray(reader.metadataSize)]), durationMs };
}
