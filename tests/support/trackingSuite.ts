import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import type { GrayFrame } from '../../src-renderer/video/tools/tracking/tracker';

/**
 * The synthetic tracking suite (tests/fixtures/tracking, written by scripts/make-tracking-suite.mjs):
 * its sequences, each frame rendered from the textures and the frame's parameters — the same bytes
 * on every run — and the measures a user notices (overlap with the truth, distance of the centres).
 */
const DIR = join(__dirname, '../fixtures/tracking');

type Point = [number, number];
export type Quad = [Point, Point, Point, Point];

const point = z.tuple([z.number(), z.number()]);
const frameSchema = z.object({
  h: z.array(z.number()).length(9),
  corners: z.tuple([point, point, point, point]),
  occluder: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  blur: z.number().int().min(0),
  gain: z.number(),
  offset: z.number(),
  noise: z.number(),
  seed: z.number().int(),
});
export type SuiteFrame = z.infer<typeof frameSchema>;
const suiteSchema = z.object({
  width: z.number().int(),
  height: z.number().int(),
  object: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
  occlusion: z.object({ from: z.number().int(), frames: z.number().int() }),
  sequences: z.array(z.object({ name: z.string(), frames: z.array(frameSchema) })),
  otherSide: frameSchema,
});
export type Suite = z.infer<typeof suiteSchema>;

interface Texture {
  width: number;
  height: number;
  data: Uint8Array;
}

function readPgm(name: string): Texture {
  const bytes = gunzipSync(readFileSync(join(DIR, name)));
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 32).toString('latin1'));
  if (!header) throw new Error(`${name} is not an 8-bit PGM`);
  const [width, height] = [Number(header[1]), Number(header[2])];
  return { width, height, data: new Uint8Array(bytes.subarray(header[0].length, header[0].length + width * height)) };
}

let loaded: { suite: Suite; background: Texture; object: Texture; occluder: Texture } | null = null;
function files() {
  loaded ??= {
    suite: suiteSchema.parse(JSON.parse(readFileSync(join(DIR, 'suite.json'), 'utf8'))),
    background: readPgm('background.pgm.gz'),
    object: readPgm('object.pgm.gz'),
    occluder: readPgm('occluder.pgm.gz'),
  };
  return loaded;
}

export const loadSuite = (): Suite => files().suite;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function invert(m: number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A,
    -(b * i - c * h),
    b * f - c * e,
    B,
    a * i - c * g,
    -(a * f - c * d),
    C,
    -(a * h - b * g),
    a * e - b * d,
  ].map((value) => value / det);
}

/** Renders one frame of the suite: greyscale, the suite's size. */
export function renderFrame(frame: SuiteFrame): GrayFrame {
  const { suite, background, object, occluder } = files();
  const { width, height } = suite;
  const box = suite.object;
  const inverse = invert(frame.h);
  const world = (x: number, y: number): number => {
    if (x >= box.x && y >= box.y && x < box.x + box.width && y < box.y + box.height) {
      return object.data[(y - box.y) * object.width + (x - box.x)]!;
    }
    const bx = ((x % background.width) + background.width) % background.width;
    const by = ((y % background.height) + background.height) % background.height;
    return background.data[by * background.width + bx]!;
  };
  let image: Float32Array = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [m0, m1, m2, m3, m4, m5, m6, m7, m8] = inverse as [
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      const w = m6 * x + m7 * y + m8;
      const u = (m0 * x + m1 * y + m2) / w;
      const v = (m3 * x + m4 * y + m5) / w;
      const u0 = Math.floor(u);
      const v0 = Math.floor(v);
      const fu = u - u0;
      const fv = v - v0;
      image[y * width + x] =
        (world(u0, v0) * (1 - fu) + world(u0 + 1, v0) * fu) * (1 - fv) +
        (world(u0, v0 + 1) * (1 - fu) + world(u0 + 1, v0 + 1) * fu) * fv;
    }
  }
  if (frame.occluder) {
    const [ox, oy, ow, oh] = frame.occluder;
    for (let y = Math.max(0, oy); y < Math.min(height, oy + oh); y++) {
      for (let x = Math.max(0, ox); x < Math.min(width, ox + ow); x++) {
        image[y * width + x] = occluder.data[(y % occluder.height) * occluder.width + (x % occluder.width)]!;
      }
    }
  }
  for (let pass = 0; pass < frame.blur; pass++) image = blur121(image, width, height);
  const random = mulberry32(frame.seed);
  const data = new Uint8Array(width * height);
  for (let index = 0; index < data.length; index++) {
    // Box–Muller: one Gaussian sample a pixel.
    const gauss = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const value = image[index]! * frame.gain + frame.offset + gauss * frame.noise;
    data[index] = Math.max(0, Math.min(255, Math.round(value)));
  }
  return { width, height, data };
}

function blur121(image: Float32Array, width: number, height: number): Float32Array {
  const across = new Float32Array(image.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const row = y * width;
      across[row + x] =
        (image[row + Math.max(0, x - 1)]! + 2 * image[row + x]! + image[row + Math.min(width - 1, x + 1)]!) / 4;
    }
  }
  const out = new Float32Array(image.length);
  for (let y = 0; y < height; y++) {
    const up = Math.max(0, y - 1) * width;
    const down = Math.min(height - 1, y + 1) * width;
    for (let x = 0; x < width; x++)
      out[y * width + x] = (across[up + x]! + 2 * across[y * width + x]! + across[down + x]!) / 4;
  }
  return out;
}

/** Pixels → fractions of the picture, as TrackedCorners are. */
export const toFractions = (quad: Quad, width: number, height: number): Quad =>
  quad.map(([x, y]) => [x / width, y / height]) as Quad;
export const toPixels = (quad: readonly (readonly [number, number])[], width: number, height: number): Quad =>
  quad.map(([x, y]) => [x * width, y * height]) as Quad;

const area = (polygon: Point[]): number =>
  Math.abs(
    polygon.reduce(
      (sum, [x, y], i) => sum + x * polygon[(i + 1) % polygon.length]![1] - polygon[(i + 1) % polygon.length]![0] * y,
      0,
    ),
  ) / 2;

/** Sutherland–Hodgman: `subject` clipped by the convex polygon `clip`. */
function clipPolygon(subject: Point[], clip: Point[]): Point[] {
  const orientation = Math.sign(
    clip.reduce((sum, [x, y], i) => sum + x * clip[(i + 1) % clip.length]![1] - clip[(i + 1) % clip.length]![0] * y, 0),
  );
  let output = subject;
  for (let i = 0; i < clip.length && output.length > 0; i++) {
    const [ax, ay] = clip[i]!;
    const [bx, by] = clip[(i + 1) % clip.length]!;
    const side = ([x, y]: Point) => orientation * ((bx - ax) * (y - ay) - (by - ay) * (x - ax));
    const input = output;
    output = [];
    for (let j = 0; j < input.length; j++) {
      const p = input[j]!;
      const q = input[(j + 1) % input.length]!;
      const sp = side(p);
      const sq = side(q);
      if (sp >= 0) output.push(p);
      if (sp >= 0 !== sq >= 0) {
        const t = sp / (sp - sq);
        output.push([p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t]);
      }
    }
  }
  return output;
}

/** Intersection over union of two convex quadrilaterals. */
export function iou(a: Quad, b: Quad): number {
  const inter = area(clipPolygon(a, b));
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

export const centre = (quad: Quad): Point => [
  quad.reduce((sum, [x]) => sum + x, 0) / 4,
  quad.reduce((sum, [, y]) => sum + y, 0) / 4,
];

export const centreError = (a: Quad, b: Quad): number => {
  const [ax, ay] = centre(a);
  const [bx, by] = centre(b);
  return Math.hypot(ax - bx, ay - by);
};
