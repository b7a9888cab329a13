import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Decoder, Encoder, Reader, tools } from 'ts-ebml';

/** How much of a recording is read at a time: memory stays about this (and one cluster), whatever its length. */
const PIECE_BYTES = 256 * 1024;

/**
 * Chromium's MediaRecorder writes a live WebM: no duration, no cues, so a player can neither show
 * its length nor seek (a "won't fix" upstream). This writes `source` to `target` with a new header —
 * the duration and the cue points ts-ebml reads off the clusters — and the clusters as they are,
 * hashing what it writes. Both passes read the file in pieces: an hour's recording is hundreds of
 * MiB, never held whole.
 */
export async function writeSeekableWebm(
  source: string,
  target: string,
): Promise<{ bytes: number; durationMs: number; sha256: string }> {
  const reader = new Reader();
  reader.logging = false;
  reader.drop_default_duration = false;
  const decoder = new Decoder();
  for await (const piece of createReadStream(source, { highWaterMark: PIECE_BYTES }) as AsyncIterable<Buffer>) {
    for (const element of decoder.decode(toArrayBuffer(piece))) reader.read(element);
  }
  reader.stop();
  const header = seekableHeader(reader);
  const hash = createHash('sha256');
  let bytes = 0;
  const written = (piece: Buffer) => {
    hash.update(piece);
    bytes += piece.length;
    return piece;
  };
  await pipeline(
    createReadStream(source, { start: reader.metadataSize, highWaterMark: PIECE_BYTES }),
    async function* (clusters: AsyncIterable<Buffer>) {
      yield written(header);
      for await (const piece of clusters) yield written(piece);
    },
    createWriteStream(target),
  );
  const durationMs = Math.round((reader.duration * reader.timestampScale) / 1_000_000);
  return { bytes, durationMs, sha256: hash.digest('hex') };
}

/** The Segment's opening tag as ts-ebml writes it: its ID and an unknown size, 12 bytes. */
const SEGMENT_TAG = Buffer.from('1853806701ffffffffffffff', 'hex');

const tag = (id: string, ...content: Buffer[]) => tools.encodeTag(Buffer.from(id, 'hex'), Buffer.concat(content));
const uint = (id: string, value: number) => tag(id, tools.createUIntBuffer(value));
const seek = (target: string, position: number) =>
  tag('4dbb', tag('53ab', Buffer.from(target, 'hex')), uint('53ac', position));

/**
 * The header with the duration and the cues, byte for byte what ts-ebml's `makeMetadataSeekable`
 * makes — whose encoder takes time and memory growing with the square of the cue count (an hour's
 * recording: minutes, hundreds of MiB) — built in one pass instead: the small parts (EBML header,
 * Info, Tracks) still by ts-ebml's encoder, the SeekHead and Cues here. Their sizes and the cluster
 * positions depend on each other, so they are built again until they settle, as ts-ebml does.
 */
function seekableHeader(reader: Reader): Buffer {
  const metadata = reader.metadatas;
  const ebml = encoded(tools.extractElement('EBML', metadata));
  const infoElements = tools.extractElement('Info', metadata);
  tools.removeElement('Duration', infoElements);
  infoElements.splice(1, 0, { name: 'Duration', type: 'f', data: tools.createFloatBuffer(reader.duration, 8) });
  const info = encoded(infoElements);
  const tracks = encoded(tools.extractElement('Tracks', metadata));
  // Positions count from the start of the Segment's content.
  const segmentStart = ebml.length + SEGMENT_TAG.length;
  const oldSize = metadata[metadata.length - 1]!.dataEnd - segmentStart;
  let seekHead: Buffer = Buffer.alloc(47);
  let cues: Buffer = Buffer.alloc(5 + reader.cues.length * 15);
  let lastShift = -1;
  for (let round = 0; ; round++) {
    const infoStart = seekHead.length;
    const tracksStart = infoStart + info.length;
    const cuesStart = tracksStart + tracks.length;
    // How far the clusters move: the new header's size against the old one's.
    const shift = cuesStart + cues.length - oldSize;
    seekHead = tag('114d9b74', seek('1549a966', infoStart), seek('1654ae6b', tracksStart), seek('1c53bb6b', cuesStart));
    cues = tag(
      '1c53bb6b',
      ...reader.cues.map((cue) =>
        tag(
          'bb',
          uint('b3', cue.CueTime),
          tag('b7', uint('f7', cue.CueTrack), uint('f1', cue.CueClusterPosition - segmentStart + shift)),
        ),
      ),
    );
    if (shift === lastShift) break;
    lastShift = shift;
    if (round === 9) throw new Error('The WebM header’s size did not settle.');
  }
  return Buffer.concat([ebml, SEGMENT_TAG, seekHead, info, tracks, cues]);
}

/** A few elements encoded by ts-ebml. */
function encoded(elements: Parameters<Encoder['encode']>[0]): Buffer {
  // ts-ebml's encoder answers `Buffer.concat(…).buffer`, which for a small header is Node's shared
  // 8 KiB pool, not the header: with the pool off for this synchronous call, it is the header's own.
  const poolSize = Buffer.poolSize;
  Buffer.poolSize = 0;
  try {
    return Buffer.from(new Encoder().encode(elements));
  } finally {
    Buffer.poolSize = poolSize;
  }
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
