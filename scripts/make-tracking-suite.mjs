// Writes the synthetic tracking suite (issue 17) into tests/fixtures/tracking/, deterministically
// (a seeded PRNG, no clock): `node scripts/make-tracking-suite.mjs`.
//
// The scene is a plane: a background tile (repeated) with one textured object on it, which a
// camera films through a known homography per frame — translation up to 20 px a frame, rotation
// within ±30°, scale 0.7–1.4, a little perspective — with noise, blur, brightness changes and a
// 15-frame occlusion (a board held in front of the object); then harder ones: a board covering
// nearly half the object for a while (it is still in view), the object leaving the picture and
// coming back, and an identical twin of the object beside it while the object is covered. Each
// frame says how much of the object can be seen (`visible`), which is what the tests judge by.
// Frames themselves would be ~300 KB
// each, so the suite ships the textures (`*.pgm.gz`) and each frame's parameters with its ground
// truth (`suite.json`); tests/support/trackingSuite.ts renders a frame from them, the same bytes
// on every run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const OUT = 'tests/fixtures/tracking';
const WIDTH = 640;
const HEIGHT = 480;
const FRAMES = 120;
const OCCLUSION = { from: 60, frames: 15 };
const PARTIAL = { from: 40, frames: 30 };
const BACKGROUND = 256; // the background tile's side
const OBJECT = { x: 0, y: 0, width: 176, height: 128 }; // the object on the plane (world pixels)

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function texture(width, height, seed, { base, shapes, minSize, maxSize, contrast }) {
  const random = mulberry32(seed);
  const pixels = new Uint8Array(width * height).fill(base);
  const wrap = (value, size) => ((value % size) + size) % size;
  for (let n = 0; n < shapes; n++) {
    const kind = random();
    const cx = random() * width;
    const cy = random() * height;
    const size = minSize + random() * (maxSize - minSize);
    const aspect = 0.4 + random() * 1.2;
    const level = Math.round(base + (random() * 2 - 1) * contrast);
    const value = Math.max(0, Math.min(255, level));
    const rx = size;
    const ry = size * aspect;
    for (let dy = -Math.ceil(ry); dy <= Math.ceil(ry); dy++) {
      for (let dx = -Math.ceil(rx); dx <= Math.ceil(rx); dx++) {
        const inside =
          kind < 0.55 ? true : kind < 0.85 ? (dx / rx) ** 2 + (dy / ry) ** 2 <= 1 : Math.abs(dx) < 2 + rx / 6;
        if (!inside) continue;
        // The background repeats (wrap), the object has hard edges (clip).
        const x = Math.round(cx + dx);
        const y = Math.round(cy + dy);
        if (width === BACKGROUND) pixels[wrap(y, height) * width + wrap(x, width)] = value;
        else if (x >= 0 && y >= 0 && x < width && y < height) pixels[y * width + x] = value;
      }
    }
  }
  return pixels;
}

function pgm(width, height, pixels) {
  return gzipSync(Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`), Buffer.from(pixels)]), { level: 9 });
}

// 3×3 homographies, row-major.
const multiply = (a, b) =>
  [0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c]));
const translate = (x, y) => [1, 0, x, 0, 1, y, 0, 0, 1];
const rotateScale = (angle, scale) => {
  const c = Math.cos(angle) * scale;
  const s = Math.sin(angle) * scale;
  return [c, -s, 0, s, c, 0, 0, 0, 1];
};
const apply = (h, [x, y]) => {
  const w = h[6] * x + h[7] * y + h[8];
  return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
};
const round = (value, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A board covering the object and a margin around it, held in front as the camera moves (frames 60–74). */
const fullCover = (t, corners) => {
  if (t < OCCLUSION.from || t >= OCCLUSION.from + OCCLUSION.frames) return null;
  const { left, top, right, bottom } = bounds(corners);
  return [left - 24, top - 24, right - left + 48, bottom - top + 48].map(Math.round);
};

/** A board over the left 45 % of the object's extent (and beyond it to the left, above and below). */
const partialCover = (t, corners) => {
  if (t < PARTIAL.from || t >= PARTIAL.from + PARTIAL.frames) return null;
  const { left, top, right, bottom } = bounds(corners);
  return [left - 40, top - 24, (right - left) * 0.45 + 40, bottom - top + 48].map(Math.round);
};

/** 0 → 1 → 0: out over `ramp` frames from `start`, held `hold` frames, back over `ramp` frames (half cosines). */
const outAndBack = (t, start, ramp, hold) => {
  if (t < start || t >= start + 2 * ramp + hold) return 0;
  if (t < start + ramp) return (1 - Math.cos((Math.PI * (t - start)) / ramp)) / 2;
  if (t < start + ramp + hold) return 1;
  return (1 + Math.cos((Math.PI * (t - start - ramp - hold)) / ramp)) / 2;
};

/**
 * Each sequence's camera: the object's centre in the picture, its rotation, scale and a slight tilt
 * (perspective) as smooth functions of the frame; the image conditions vary along it.
 */
const SEQUENCES = [
  {
    name: 'pan',
    seed: 11,
    camera: (t) => ({
      x: 320 + 150 * Math.sin(t * 0.12),
      y: 240 + 90 * Math.sin(t * 0.09 + 1),
      angle: ((5 * Math.PI) / 180) * Math.sin(t * 0.05),
      scale: 1 + 0.1 * Math.sin(t * 0.04),
      tilt: 0,
    }),
    noise: 3,
    blur: (t) => (t % 40 < 8 ? 1 : 0),
    gain: (t) => 1 + 0.15 * Math.sin(t * 0.07),
  },
  {
    name: 'rotate',
    seed: 23,
    camera: (t) => ({
      x: 320 + 60 * Math.sin(t * 0.05),
      y: 240 + 40 * Math.cos(t * 0.06),
      angle: ((30 * Math.PI) / 180) * Math.sin(t * 0.06),
      scale: 1.05,
      tilt: 0.0002 * Math.sin(t * 0.05),
    }),
    noise: 4,
    blur: (t) => (t % 30 < 6 ? 2 : t % 30 < 12 ? 1 : 0),
    gain: (t) => 1 - 0.2 * Math.sin(t * 0.05),
  },
  {
    name: 'zoom',
    seed: 37,
    camera: (t) => ({
      x: 320 + 40 * Math.sin(t * 0.07),
      y: 240 + 30 * Math.sin(t * 0.05),
      angle: ((8 * Math.PI) / 180) * Math.sin(t * 0.03),
      scale: 1.05 + 0.35 * Math.sin(t * 0.06),
      tilt: 0,
    }),
    noise: 3,
    blur: (t) => (t % 50 < 10 ? 1 : 0),
    gain: (t) => 1 + 0.25 * Math.sin(t * 0.04 + 2),
  },
  {
    name: 'mixed',
    seed: 41,
    camera: (t) => ({
      x: 320 + 120 * Math.sin(t * 0.11),
      y: 240 + 80 * Math.sin(t * 0.08 + 2),
      angle: ((25 * Math.PI) / 180) * Math.sin(t * 0.045 + 0.5),
      scale: 1 + 0.3 * Math.sin(t * 0.05 + 1),
      tilt: 0.0003 * Math.cos(t * 0.04),
    }),
    noise: 5,
    blur: (t) => (t % 25 < 5 ? 2 : t % 25 < 10 ? 1 : 0),
    gain: (t) => 1 + 0.3 * Math.sin(t * 0.09),
  },
  // Nearly half the object covered for a second while the camera pans: it is still in view.
  {
    name: 'partial',
    seed: 53,
    occluder: partialCover,
    camera: (t) => ({
      x: 320 + 100 * Math.sin(t * 0.08),
      y: 240 + 60 * Math.sin(t * 0.07 + 1),
      angle: ((10 * Math.PI) / 180) * Math.sin(t * 0.05),
      scale: 1 + 0.15 * Math.sin(t * 0.05 + 1),
      tilt: 0.0002 * Math.sin(t * 0.04),
    }),
    noise: 4,
    blur: (t) => (t % 30 < 6 ? 1 : 0),
    gain: (t) => 1 + 0.2 * Math.sin(t * 0.06),
  },
  // The camera pans away until the object is out of the picture (up to 19 px a frame), stays away
  // 20 frames, and comes back.
  {
    name: 'exit',
    seed: 67,
    occluder: () => null,
    camera: (t) => ({
      x: 320 - 440 * outAndBack(t, 10, 36, 20),
      y: 240 + 30 * Math.sin(t * 0.07),
      angle: ((8 * Math.PI) / 180) * Math.sin(t * 0.05),
      scale: 1 + 0.1 * Math.sin(t * 0.04),
      tilt: 0,
    }),
    noise: 4,
    blur: (t) => (t % 40 < 8 ? 1 : 0),
    gain: (t) => 1 + 0.15 * Math.sin(t * 0.08),
  },
  // An identical twin of the object lies 2 object widths beside it on the same plane, in view all
  // along; the object itself is covered for 15 frames (half a second) while the camera drifts.
  {
    name: 'twin',
    seed: 79,
    decoy: { x: 352, y: 0 },
    camera: (t) => ({
      x: 150 + 20 * Math.sin(t * 0.06),
      y: 240 + 40 * Math.sin(t * 0.05 + 1),
      angle: ((6 * Math.PI) / 180) * Math.sin(t * 0.04),
      scale: 0.85 + 0.05 * Math.sin(t * 0.05),
      tilt: 0,
    }),
    noise: 4,
    blur: (t) => (t % 30 < 6 ? 1 : 0),
    gain: (t) => 1 + 0.2 * Math.sin(t * 0.07),
  },
];

/** World → picture: the object's centre to (x, y), turned and scaled, then tilted about the picture's centre. */
function homography({ x, y, angle, scale, tilt }) {
  const place = multiply(
    translate(x, y),
    multiply(rotateScale(angle, scale), translate(-OBJECT.width / 2, -OBJECT.height / 2)),
  );
  const perspective = multiply(
    translate(WIDTH / 2, HEIGHT / 2),
    multiply([1, 0, 0, 0, 1, 0, tilt, tilt / 2, 1], translate(-WIDTH / 2, -HEIGHT / 2)),
  );
  const h = multiply(perspective, place);
  return h.map((value) => value / h[8]);
}

const objectCorners = [
  [OBJECT.x, OBJECT.y],
  [OBJECT.x + OBJECT.width, OBJECT.y],
  [OBJECT.x + OBJECT.width, OBJECT.y + OBJECT.height],
  [OBJECT.x, OBJECT.y + OBJECT.height],
];

function bounds(corners) {
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  return { left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) };
}

/** The share of the object that can be seen: in the picture and not behind the board (a 44 × 32 grid of it). */
function visibleShare(h, occluder) {
  let seen = 0;
  const [columns, rows] = [44, 32];
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const [x, y] = apply(h, [
        OBJECT.x + ((column + 0.5) * OBJECT.width) / columns,
        OBJECT.y + ((row + 0.5) * OBJECT.height) / rows,
      ]);
      const inPicture = x >= 0 && y >= 0 && x < WIDTH && y < HEIGHT;
      const covered =
        occluder &&
        x >= occluder[0] &&
        y >= occluder[1] &&
        x < occluder[0] + occluder[2] &&
        y < occluder[1] + occluder[3];
      if (inPicture && !covered) seen++;
    }
  }
  return round(seen / (columns * rows), 3);
}

function sequence(spec) {
  const frames = [];
  const cover = spec.occluder ?? fullCover;
  for (let t = 0; t < FRAMES; t++) {
    const h = homography(spec.camera(t));
    const corners = objectCorners.map((corner) => apply(h, corner).map((value) => round(value, 2)));
    const occluder = cover(t, corners);
    const decoy = spec.decoy
      ? objectCorners.map(([x, y]) => apply(h, [x + spec.decoy.x, y + spec.decoy.y]).map((value) => round(value, 2)))
      : null;
    frames.push({
      h: h.map((value) => round(value, 8)),
      corners,
      visible: visibleShare(h, occluder),
      ...(decoy && { decoy }),
      occluder,
      blur: spec.blur(t),
      gain: round(spec.gain(t), 3),
      offset: round(10 * Math.sin(t * 0.13 + spec.seed), 2),
      noise: spec.noise,
      seed: spec.seed * 1000 + t,
    });
  }
  return { name: spec.name, ...(spec.decoy && { decoy: spec.decoy }), frames };
}

/**
 * The other side's view of the same moment: the same object, filmed through another homography
 * (shifted, turned, scaled), for acquiring a template from one side in the other's picture.
 */
const otherSide = (() => {
  const h = homography({ x: 345, y: 296, angle: (12 * Math.PI) / 180, scale: 1.15, tilt: 0.0002 });
  const corners = objectCorners.map((corner) => apply(h, corner).map((value) => round(value, 2)));
  return {
    h: h.map((value) => round(value, 8)),
    corners,
    visible: 1,
    occluder: null,
    blur: 1,
    gain: 0.9,
    offset: 5,
    noise: 4,
    seed: 99_001,
  };
})();

mkdirSync(OUT, { recursive: true });
writeFileSync(
  `${OUT}/background.pgm.gz`,
  pgm(
    BACKGROUND,
    BACKGROUND,
    texture(BACKGROUND, BACKGROUND, 5, { base: 128, shapes: 90, minSize: 6, maxSize: 30, contrast: 45 }),
  ),
);
writeFileSync(
  `${OUT}/object.pgm.gz`,
  pgm(
    OBJECT.width,
    OBJECT.height,
    texture(OBJECT.width, OBJECT.height, 7, { base: 200, shapes: 70, minSize: 3, maxSize: 22, contrast: 190 }),
  ),
);
writeFileSync(
  `${OUT}/occluder.pgm.gz`,
  pgm(
    BACKGROUND,
    BACKGROUND,
    texture(BACKGROUND, BACKGROUND, 9, { base: 70, shapes: 25, minSize: 20, maxSize: 60, contrast: 30 }),
  ),
);
const suite = {
  about:
    "Synthetic tracking suite (issue 17), written by scripts/make-tracking-suite.mjs. A frame is the plane (background.pgm.gz repeated, object.pgm.gz at `object`) seen through `h` (world → picture, row-major), the occluder texture inside `occluder` [x, y, width, height], blurred `blur` times with [1 2 1]/4, times `gain` plus `offset`, plus Gaussian noise of `noise` grey levels from `seed`. `corners` is the ground truth: the object's corners in the picture (pixels, clockwise from top left); `visible` the share of the object in the picture and not covered. A sequence with a `decoy` has an identical copy of the object on the plane at that offset (world pixels), its corners in each frame's `decoy`.",
  width: WIDTH,
  height: HEIGHT,
  object: OBJECT,
  sequences: SEQUENCES.map(sequence),
  otherSide,
};
writeFileSync(`${OUT}/suite.json`, `${JSON.stringify(suite)}\n`);
process.stdout.write(`Wrote ${OUT}: ${SEQUENCES.length} sequences of ${FRAMES} frames.\n`);
