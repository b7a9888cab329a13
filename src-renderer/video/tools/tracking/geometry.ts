/** Plain 3×3 homography arithmetic (row-major) and the sanity of a tracked quadrilateral. */
export type Homography = number[];
export type Point = [number, number];
export type Quad = [Point, Point, Point, Point];

export function applyHomography(h: Homography, [x, y]: readonly [number, number]): Point {
  const w = h[6]! * x + h[7]! * y + h[8]!;
  return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w];
}

export const mapQuad = (h: Homography, quad: readonly (readonly [number, number])[]): Quad =>
  quad.map((point) => applyHomography(h, point)) as Quad;

export function multiply(a: Homography, b: Homography): Homography {
  const out: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) out.push(a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!);
  }
  return out;
}

export function invert(m: Homography): Homography {
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

export const translation = (x: number, y: number): Homography => [1, 0, x, 0, 1, y, 0, 0, 1];

/** Signed area (positive when clockwise on screen, y down). */
export function signedArea(quad: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < quad.length; i++) {
    const [x0, y0] = quad[i]!;
    const [x1, y1] = quad[(i + 1) % quad.length]!;
    sum += x0 * y1 - x1 * y0;
  }
  return sum / 2;
}

/** A quad a camera can show of a flat object: convex, the same turn as at the start, not collapsed. */
export function plausibleQuad(quad: Quad, startArea: number): boolean {
  if (!quad.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))) return false;
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = quad[i]!;
    const [bx, by] = quad[(i + 1) % 4]!;
    const [cx, cy] = quad[(i + 2) % 4]!;
    const cross = Math.sign((bx - ax) * (cy - by) - (by - ay) * (cx - bx));
    if (cross === 0 || (sign !== 0 && cross !== sign)) return false;
    sign = cross;
  }
  const ratio = signedArea(quad) / startArea;
  return ratio > 0.15 && ratio < 8;
}

export const quadBounds = (quad: readonly Point[]) => {
  const xs = quad.map(([x]) => x);
  const ys = quad.map(([, y]) => y);
  return { left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) };
};

/** The quad's size as the object's own width and height (mean of opposite sides). */
export function quadSize(quad: Quad): { width: number; height: number } {
  const length = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);
  return {
    width: (length(quad[0], quad[1]) + length(quad[3], quad[2])) / 2,
    height: (length(quad[0], quad[3]) + length(quad[1], quad[2])) / 2,
  };
}
