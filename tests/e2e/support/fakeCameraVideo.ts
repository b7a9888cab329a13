import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The generated picture: a flat grey scene with one textured square that rests at the left, glides
 * to the right, rests there and glides back (a seamless loop). It rests long enough for a person —
 * or a test — to put a box round it.
 */
export const SCENE = { width: 640, height: 480, fps: 30, frames: 90, object: 120 } as const;
const REST_FRAMES = 20;
const GLIDE_FRAMES = (SCENE.frames - 2 * REST_FRAMES) / 2;
const LEFTMOST = 120;
const TRAVEL = 240;

/** Where the object's left edge is in frame `index`. */
function objectLeft(index: number): number {
  const at = index % SCENE.frames;
  if (at < REST_FRAMES) return LEFTMOST;
  if (at < REST_FRAMES + GLIDE_FRAMES) return Math.round(LEFTMOST + (TRAVEL * (at - REST_FRAMES)) / GLIDE_FRAMES);
  if (at < 2 * REST_FRAMES + GLIDE_FRAMES) return LEFTMOST + TRAVEL;
  return Math.round(LEFTMOST + TRAVEL - (TRAVEL * (at - 2 * REST_FRAMES - GLIDE_FRAMES)) / GLIDE_FRAMES);
}
/** The object's top edge (it moves sideways only). */
const OBJECT_TOP = 180;

/**
 * Writes the scene as a `.y4m` (YUV4MPEG2: a header line, then per frame `FRAME` and the raw I420
 * planes) for Chromium's `--use-file-for-fake-video-capture`, which loops it as the camera. The
 * object is a black and white checkerboard of random 10 px cells (corners to track), fixed by a seed.
 */
export function writeFakeCameraVideo(): string {
  const { width, height, fps, frames, object } = SCENE;
  const file = join(tmpdir(), `tandem-fake-camera-${width}x${height}-${frames}.y4m`);
  const frameBytes = width * height * 1.5;
  const header = `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`;
  const size = header.length + frames * (6 + frameBytes);
  if (existsSync(file) && statSync(file).size === size) return file;

  let seed = 17;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const cells = object / 10;
  const texture = Array.from({ length: cells * cells }, () => (random() < 0.5 ? 16 : 235));
  const out = Buffer.alloc(size);
  let at = out.write(header, 0, 'latin1');
  for (let index = 0; index < frames; index++) {
    at += out.write('FRAME\n', at, 'latin1');
    const left = objectLeft(index);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const inside = x >= left && x < left + object && y >= OBJECT_TOP && y < OBJECT_TOP + object;
        const cell = inside ? Math.floor((y - OBJECT_TOP) / 10) * cells + Math.floor((x - left) / 10) : -1;
        out[at + y * width + x] = inside ? texture[cell]! : 128;
      }
    }
    // Grey: both chroma planes at their middle.
    out.fill(128, at + width * height, at + frameBytes);
    at += frameBytes;
  }
  // Whole or not at all: another process may be about to hand the file to Chromium.
  writeFileSync(`${file}.${process.pid}`, out);
  renameSync(`${file}.${process.pid}`, file);
  return file;
}
