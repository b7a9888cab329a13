import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Decoder, Reader, tools } from 'ts-ebml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSeekableWebm } from '../../../../../src-main/core/video/seekableWebm';
import { tempDir } from '../../../../support/tempDir';

/**
 * VS-6 on the employee's computer: a recording as MediaRecorder writes it (a live WebM: no duration,
 * no cues) is made seekable by reading it in pieces, so a long one never sits whole in memory; what
 * comes out is what ts-ebml makes of the whole file, and players read its duration and seek.
 */

const run = promisify(execFile);
const ffprobeDuration = (file: string) =>
  execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file])
    .toString()
    .trim();

/** Seconds of the clip a long recording repeats, and how many times: 300 s, about 320 MB. */
const CLIP_SECONDS = 2;
const REPEATS = 150;

let dir: ReturnType<typeof tempDir>;
let short: string;
let long: string;
beforeAll(async () => {
  dir = tempDir();
  short = join(dir.path, 'short.webm');
  const clip = join(dir.path, 'clip.webm');
  long = join(dir.path, 'long.webm');
  // Noise does not compress: megabytes a second, as a real call's picture.
  const input = (seconds: number) => [
    ...['-loglevel', 'error', '-f', 'lavfi', '-i', `color=c=gray:s=640x480:r=30:d=${seconds},noise=alls=60:allf=t+u`],
    ...['-f', 'lavfi', '-i', `sine=duration=${seconds}`, '-c:v', 'libvpx', '-b:v', '8M', '-deadline', 'realtime'],
    ...['-cpu-used', '8', '-c:a', 'libopus'],
  ];
  // `-live 1`: written as a stream is, without seeking back — no duration, no cues, as MediaRecorder's.
  await run('ffmpeg', [...input(3), '-live', '1', '-f', 'webm', short]);
  await run('ffmpeg', [...input(CLIP_SECONDS), '-f', 'webm', clip]);
  await run('ffmpeg', [
    ...['-loglevel', 'error', '-stream_loop', String(REPEATS - 1), '-i', clip],
    ...['-c', 'copy', '-live', '1', '-f', 'webm', long],
  ]);
}, 120_000);
afterAll(() => dir?.cleanup());

/**
 * Makes `source` seekable in a process of its own; how far that process's peak memory rose
 * meanwhile. Its JavaScript heap is held to 64 MiB, as small as a bounded job needs: garbage is
 * collected before it piles up (left to grow, the heap's slack alone varied by tens of MB under
 * load), while a file read whole still shows in full — a Buffer lives outside that heap.
 */
async function seekableInChild(mode: 'stream' | 'whole', source: string, target: string) {
  const { stdout } = await run(process.execPath, [
    '--max-old-space-size=64',
    '--max-semi-space-size=2',
    '--import',
    'tsx',
    'tests/support/seekableMemory.ts',
    mode,
    source,
    target,
  ]);
  return JSON.parse(stdout) as { bytes: number; durationMs: number; sha256: string; growth: number; held: number };
}

describe('making a live WebM seekable, piece by piece', () => {
  it('writes what ts-ebml makes of the whole file, hashed, with the duration players read', async () => {
    expect(ffprobeDuration(short)).toBe('N/A');
    const target = join(dir.path, 'short-seekable.webm');
    const made = await writeSeekableWebm(short, target);

    // The reference: ts-ebml's own reader and makeMetadataSeekable over the whole file in memory.
    const whole = await readFile(short);
    const reader = new Reader();
    reader.logging = false;
    reader.drop_default_duration = false;
    for (const element of new Decoder().decode(
      whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.length) as ArrayBuffer,
    )) {
      reader.read(element);
    }
    reader.stop();
    const poolSize = Buffer.poolSize;
    Buffer.poolSize = 0;
    const header = Buffer.from(tools.makeMetadataSeekable(reader.metadatas, reader.duration, reader.cues));
    Buffer.poolSize = poolSize;
    const expected = Buffer.concat([header, whole.subarray(reader.metadataSize)]);

    const written = await readFile(target);
    expect(written.equals(expected)).toBe(true);
    expect(made).toEqual({
      bytes: expected.length,
      durationMs: Math.round((reader.duration * reader.timestampScale) / 1e6),
      sha256: createHash('sha256').update(expected).digest('hex'),
    });
    expect(Math.abs(Number(ffprobeDuration(target)) - 3)).toBeLessThan(0.5);
  });

  it('makes a long recording seekable with memory far below its size; reading it whole would not', async () => {
    const { size } = await stat(long);
    expect(size).toBeGreaterThan(250 * 1024 * 1024);
    expect(ffprobeDuration(long)).toBe('N/A');

    const target = join(dir.path, 'long-seekable.webm');
    const streamed = await seekableInChild('stream', long, target);
    // The control: the same measurement sees a file read whole, so it cannot pass by accident.
    const control = await seekableInChild('whole', long, join(dir.path, 'long-control.webm'));
    expect(control.held).toBe(size);
    expect(control.growth).toBeGreaterThan(size);
    expect(streamed.growth).toBeLessThan(size / 4);
    expect(streamed.sha256).toBe(control.sha256);

    // Players read the duration and find every cluster from the cues.
    const seconds = CLIP_SECONDS * REPEATS;
    expect(Math.abs(Number(ffprobeDuration(target)) - seconds)).toBeLessThan(0.5);
    expect(Math.abs(streamed.durationMs - seconds * 1000)).toBeLessThan(500);
    const { positions, segmentStart } = await cuePositions(target);
    expect(positions.length).toBeGreaterThan(seconds);
    const file = await open(target, 'r');
    try {
      for (const position of [positions[0]!, positions[positions.length >> 1]!, positions.at(-1)!]) {
        const { buffer } = await file.read(Buffer.alloc(4), 0, 4, segmentStart + position);
        expect(buffer.toString('hex'), `a cue at ${position}`).toBe('1f43b675'); // a Cluster's ID
      }
    } finally {
      await file.close();
    }
  });
});

/** The cluster positions the header's Cues list, and where the Segment's content starts. */
async function cuePositions(file: string): Promise<{ positions: number[]; segmentStart: number }> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(1024 * 1024), 0, 1024 * 1024, 0);
    const head = buffer.subarray(0, bytesRead);
    const positions: number[] = [];
    let segmentStart = -1;
    for (const element of new Decoder().decode(head.buffer.slice(0, bytesRead) as ArrayBuffer)) {
      if (element.name === 'Segment' && element.type === 'm' && !element.isEnd) segmentStart = element.dataStart;
      if (element.name === 'CueClusterPosition' && element.type === 'u') positions.push(element.value);
      if (element.name === 'Cluster') break;
    }
    return { positions, segmentStart };
  } finally {
    await handle.close();
  }
}
