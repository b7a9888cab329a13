import { applyHomography, multiply, translation, type Homography, type Point, type Quad } from './geometry';

/** Where the object should be after some frames unseen: its place (homography), centre, and how far off that may be (pixels). */
export interface Prediction {
  h: Homography;
  centre: Point;
  /** How far from `centre` the object's centre may be now. */
  radius: number;
  /** Half the object's diagonal when last seen (pixels). */
  halfDiagonal: number;
}

const TUNING = {
  /** Weight of the newest frame's motion in the velocity (an exponential average). */
  smoothing: 0.5,
  /** Unseen, the object is taken to slow down by this factor a frame (a camera stops; a hand pauses). */
  decay: 0.9,
  /** The uncertainty grows by at least this share of the picture's longer side a frame … */
  minGrowth: 0.01,
  /** … or by this share of the speed last seen, whichever is more. */
  speedGrowth: 0.75,
} as const;

/**
 * A constant-velocity model of the object's centre in the picture (VS-6): fed the object's place
 * every frame it is followed, it predicts where it is while unseen — the last place moved on by the
 * last velocity, slowing down — with a radius that grows with the frames unseen and the speed. The
 * tracker looks there first, and takes a look-alike elsewhere for the object only when no known
 * twin explains it (lookalikes.ts).
 */
export class MotionModel {
  private centre: Point;
  private velocity: Point = [0, 0];
  private halfDiagonal: number;

  /** Starts at `h` (`quad` in the picture; a selection, or found again after a jump): no motion known yet. */
  constructor(
    private h: Homography,
    quad: Quad,
    private readonly pictureSide: number,
  ) {
    this.centre = quadCentre(quad);
    this.halfDiagonal = halfDiagonal(quad);
  }

  /** The object followed to `h` in the next frame. */
  observe(h: Homography, quad: Quad): void {
    const centre = quadCentre(quad);
    const a = TUNING.smoothing;
    this.velocity = [
      a * (centre[0] - this.centre[0]) + (1 - a) * this.velocity[0],
      a * (centre[1] - this.centre[1]) + (1 - a) * this.velocity[1],
    ];
    this.h = h;
    this.centre = centre;
    this.halfDiagonal = halfDiagonal(quad);
  }

  /** Where the object should be `frames` frames after it was last seen. */
  predict(frames: number): Prediction {
    // The distance covered when slowing by `decay` a frame: v (d + d² + … + dᵏ).
    const d = TUNING.decay;
    const travelled = (d * (1 - d ** frames)) / (1 - d);
    const [dx, dy] = [this.velocity[0] * travelled, this.velocity[1] * travelled];
    const speed = Math.hypot(...this.velocity);
    const growth = Math.max(TUNING.minGrowth * this.pictureSide, TUNING.speedGrowth * speed);
    const h = multiply(translation(dx, dy), this.h);
    return {
      h,
      centre: applyHomography(translation(dx, dy), this.centre),
      radius: this.halfDiagonal / 2 + frames * growth,
      halfDiagonal: this.halfDiagonal,
    };
  }
}

export const quadCentre = (quad: readonly Point[]): Point => [
  quad.reduce((sum, [x]) => sum + x, 0) / quad.length,
  quad.reduce((sum, [, y]) => sum + y, 0) / quad.length,
];

export const halfDiagonal = (quad: Quad): number =>
  (Math.hypot(quad[2][0] - quad[0][0], quad[2][1] - quad[0][1]) +
    Math.hypot(quad[3][0] - quad[1][0], quad[3][1] - quad[1][1])) /
  4;
