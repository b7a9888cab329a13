import { invert, mapQuad, multiply, type Homography, type Point, type Quad } from './geometry';
import { quadCentre } from './predictor';

/** At most this many look-alikes are remembered (the nearest to the object win no priority; the first found do). */
const MAX_LOOKALIKES = 4;

/**
 * Look-alikes of the tracked object seen in the same picture as the object itself (VS-6): a twin,
 * a second copy of a label. Each is kept as where it lies relative to the object — a map from its
 * own template coordinates to the object's — which a camera moving over a flat scene does not
 * change; so wherever the object is predicted to be, the tracker knows where each look-alike
 * should be. While the object is unseen, something like it that is nearer where a look-alike
 * should be than where the object should be is that look-alike, not the object come back.
 */
export class Lookalikes {
  private relative: Homography[] = [];

  get size(): number {
    return this.relative.length;
  }

  clear(): void {
    this.relative = [];
  }

  /** A look-alike at `lookalike` while the object is at `object` (both canonical → picture); one already known is not added twice. */
  remember(object: Homography, lookalike: Homography, canonical: Quad): void {
    const relative = multiply(invert(object), lookalike);
    const at = quadCentre(mapQuad(relative, canonical));
    const side = Math.max(canonical[2][0], canonical[2][1]);
    const known = this.relative.some((other) => {
      const [x, y] = quadCentre(mapQuad(other, canonical));
      return Math.hypot(x - at[0], y - at[1]) < side / 2;
    });
    if (!known && this.relative.length < MAX_LOOKALIKES) this.relative.push(relative);
  }

  /** Whether `at` (a centre in the picture) is nearer where a look-alike should be than where the object should be (`object`). */
  explains(at: Point, object: Homography, canonical: Quad): boolean {
    const [ox, oy] = quadCentre(mapQuad(object, canonical));
    const toObject = Math.hypot(at[0] - ox, at[1] - oy);
    return this.relative.some((relative) => {
      const [x, y] = quadCentre(mapQuad(multiply(object, relative), canonical));
      return Number.isFinite(x) && Number.isFinite(y) && Math.hypot(at[0] - x, at[1] - y) < toObject;
    });
  }
}
