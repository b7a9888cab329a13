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
const quad = z.tuple([point, point, point, point]);
const frameSchema = z.object({
  h: z.array(z.number()).length(9),
  corners: quad,
  visible: z.number().min(0).max(1),
  decoy: quad.optional(),
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
  sequences: z.array(
    z.object({
      name: z.string(),
      decoy: z.object({ x: z.number(), y: z.number() }).optional(),
      frames: z.array(frameSchema),
    }),
  ),
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

type Decoy = { x: number; y: number };

/** The plane the camera films, at whole world pixels: the object (and the sequence's twin of it) on the background tile, repeated. */
function planeAt(x: number, y: number, decoy: Decoy | undefined): number {
  const { suite, background, object } = files();
  const box = suite.object;
  const inBox = (x: number, y: number) => x >= box.x && y >= box.y && x < box.x + box.width && y < box.y + box.height;
  if (inBox(x, y)) return object.data[(y - box.y) * object.width + (x - box.x)]!;
  if (decoy && inBox(x - decoy.x, y - decoy.y)) {
    return object.data[(y - decoy.y - box.y) * object.width + (x - decoy.x - box.x)]!;
  }
  const bx = ((x % background.width) + background.width) % background.width;
  const by = ((y % background.height) + background.height) % background.height;
  return background.data[by * background.width + bx]!;
}

/** The plane over world pixels [x0, x0 + width) × [y0, y0 + height). */
interface PlaneRaster {
  x0: number;
  y0: number;
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * The plane rastered once per twin position, over the part of it that the suite's frames look at
 * (each frame's corners mapped back onto the plane, with a margin): rendering reads a pixel's four
 * neighbours from it rather than working each out from the object, the twin and the background
 * tile, which made rendering the suite take most of tracker.test.ts's time. A sample outside it (a
 * frame not from the suite) is worked out from the plane, so the bytes never depend on the raster.
 */
const rasters = new Map<string, PlaneRaster>();

function planeRaster(decoy: Decoy | undefined): PlaneRaster {
  const key = decoy ? `${decoy.x},${decoy.y}` : '';
  const cached = rasters.get(key);
  if (cached) return cached;
  const { suite } = files();
  let [left, right, top, bottom] = [0, 0, 0, 0];
  for (const frame of [...suite.sequences.flatMap((sequence) => sequence.frames), suite.otherSide]) {
    const m = invert(frame.h);
    for (const [x, y] of [
      [0, 0],
      [suite.width, 0],
      [0, suite.height],
      [suite.width, suite.height],
    ] as const) {
      const w = m[6]! * x + m[7]! * y + m[8]!;
      if (!(w > 0)) continue; // the horizon in the picture: those samples come from the plane
      const [u, v] = [(m[0]! * x + m[1]! * y + m[2]!) / w, (m[3]! * x + m[4]! * y + m[5]!) / w];
      [left, right, top, bottom] = [Math.min(left, u), Math.max(right, u), Math.min(top, v), Math.max(bottom, v)];
    }
  }
  const [x0, y0] = [Math.floor(left) - 2, Math.floor(top) - 2];
  const [width, height] = [Math.ceil(right) + 3 - x0, Math.ceil(bottom) + 3 - y0];
  const raster: PlaneRaster = { x0, y0, width, height, data: new Uint8Array(width * height) };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raster.data[y * width + x] = planeAt(x0 + x, y0 + y, decoy);
  }
  rasters.set(key, raster);
  return raster;
}

/** Renders one frame of the suite: greyscale, the suite's size; `decoy`: where the sequence has a copy of the object. */
export function renderFrame(frame: SuiteFrame, decoy?: Decoy): GrayFrame {
  const { suite, occluder } = files();
  const { width, height } = suite;
  const inverse = invert(frame.h);
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
  const { x0, y0, width: stride, height: rows, data: seen } = planeRaster(decoy);
  let image: Float32Array = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const w = m6 * x + m7 * y + m8;
      const u = (m0 * x + m1 * y + m2) / w;
      const v = (m3 * x + m4 * y + m5) / w;
      const u0 = Math.floor(u);
      const v0 = Math.floor(v);
      const fu = u - u0;
      const fv = v - v0;
      const col = u0 - x0;
      const row = v0 - y0;
      let a: number, b: number, c: number, d: number;
      if (col >= 0 && row >= 0 && col + 1 < stride && row + 1 < rows) {
        const at = row * stride + col;
        a = seen[at]!;
        b = seen[at + 1]!;
        c = seen[at + stride]!;
        d = seen[at + stride + 1]!;
      } else {
        a = planeAt(u0, v0, decoy);
        b = planeAt(u0 + 1, v0, decoy);
        c = planeAt(u0, v0 + 1, decoy);
        d = planeAt(u0 + 1, v0 + 1, decoy);
      }
      image[y * width + x] = (a * (1 - fu) + b * fu) * (1 - fv) + (c * (1 - fu) + d * fu) * fv;
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

/** A frame whose object is less visible than this (covered, out of the picture) counts as hidden. */
export const IN_VIEW = 0.5;

/** One stretch of frames with the object hidden, and how the tracker met it (1 = at the first frame). */
export interface Hiding {
  from: number;
  /** Hidden frames until the tracker said lost (null: never). */
  framesToLost: number | null;
  /** Frames after the object was back in view until the highlight was on it again (null: never). */
  framesToReacquire: number | null;
}

export interface Judgement {
  /** Frames with the object in view, and of those, the share with the highlight on it (IoU ≥ 0.5; lost is a miss). */
  inView: number;
  success: number;
  /** The same over the frames where the object is in view but partly covered or cut off (null: none such). */
  partlyHiddenSuccess: number | null;
  /** Distance of the highlight's centre from the object's, every in-view frame it is shown. */
  centreErrorsPx: number[];
  hidings: Hiding[];
  /** Frames with the highlight on the sequence's decoy (IoU ≥ 0.5 with it). */
  onDecoy: number;
}

/**
 * Judges a tracker's answers frame by frame against the suite's truth, by what a user notices: the
 * highlight on the object while at least half of it can be seen (a partly covered object is still
 * there to follow); once more than half is hidden (covered, or out of the picture), *lost* within
 * a few frames; once back, the highlight on it again; never on the look-alike.
 */
export class Judge {
  private inView = 0;
  private onObject = 0;
  private partly = { seen: 0, onObject: 0 };
  private readonly centreErrorsPx: number[] = [];
  private readonly hidings: Hiding[] = [];
  private hidden: { hiding: Hiding; frames: number } | null = null;
  private returning: { hiding: Hiding; frames: number } | null = null;
  private onDecoy = 0;

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {}

  observe(
    t: number,
    frame: SuiteFrame,
    step: { corners: readonly (readonly [number, number])[] | null; lost: boolean },
  ) {
    const shown = step.corners ? toPixels(step.corners, this.width, this.height) : null;
    const hit = shown !== null && iou(shown, frame.corners) >= 0.5;
    if (shown && frame.decoy && iou(shown, frame.decoy) >= 0.5) this.onDecoy++;
    if (frame.visible < IN_VIEW) {
      if (!this.hidden) {
        const hiding: Hiding = { from: t, framesToLost: null, framesToReacquire: null };
        this.hidings.push(hiding);
        this.hidden = { hiding, frames: 0 };
        this.returning = null;
      }
      this.hidden.frames++;
      if (step.lost) this.hidden.hiding.framesToLost ??= this.hidden.frames;
      return;
    }
    if (this.hidden) this.returning = { hiding: this.hidden.hiding, frames: 0 };
    this.hidden = null;
    this.inView++;
    if (hit) this.onObject++;
    if (frame.visible < 0.99) {
      this.partly.seen++;
      if (hit) this.partly.onObject++;
    }
    if (shown) this.centreErrorsPx.push(centreError(shown, frame.corners));
    if (this.returning) {
      this.returning.frames++;
      if (hit) {
        this.returning.hiding.framesToReacquire = this.returning.frames;
        this.returning = null;
      }
    }
  }

  judgement(): Judgement {
    return {
      inView: this.inView,
      success: this.onObject / this.inView,
      partlyHiddenSuccess: this.partly.seen > 0 ? this.partly.onObject / this.partly.seen : null,
      centreErrorsPx: this.centreErrorsPx,
      hidings: this.hidings,
      onDecoy: this.onDecoy,
    };
  }
}
