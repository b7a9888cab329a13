import type * as OpenCv from '@techstark/opencv-js';
import { mapQuad, type Homography, type Quad } from './geometry';

type Cv = typeof OpenCv;
type Mat = OpenCv.Mat;

/** The rectangle of a template's own (canonical) coordinates. */
export const canonicalOf = (template: { cols: number; rows: number }): Quad => [
  [0, 0],
  [template.cols, 0],
  [template.cols, template.rows],
  [0, template.rows],
];

/** The picture under `h` (canonical → picture) warped back to a `width` × `height` rectangle. */
export function warpToCanonical(
  cv: Cv,
  picture: Mat,
  h: Homography,
  width: number,
  height: number,
  border: number = cv.BORDER_CONSTANT,
): Mat {
  const m = cv.matFromArray(3, 3, cv.CV_64F, h);
  const out = new cv.Mat();
  cv.warpPerspective(
    picture,
    out,
    m,
    new cv.Size(width, height),
    cv.INTER_LINEAR | cv.WARP_INVERSE_MAP,
    border,
    new cv.Scalar(),
  );
  m.delete();
  return out;
}

/**
 * Likeness (normalised cross-correlation, −1…1) of the picture under `h` to `template`, over the
 * part of the object inside the picture: one at the picture's edge is judged by what can be seen
 * of it, not by the black beyond the edge; −1 when less than half of it is in the picture. An
 * object wholly inside (the usual case) is one OpenCV matchTemplate; only one cut off by the edge
 * takes the per-pixel loop, over the template's at most 128 × 128 pixels.
 */
export function likeness(cv: Cv, picture: Mat, template: Mat, h: Homography): number {
  const warped = warpToCanonical(cv, picture, h, template.cols, template.rows);
  try {
    const [right, bottom] = [picture.cols - 1, picture.rows - 1];
    const inside = mapQuad(h, canonicalOf(template)).every(([x, y]) => x >= 0 && y >= 0 && x <= right && y <= bottom);
    if (inside) {
      const result = new cv.Mat();
      cv.matchTemplate(warped, template, result, cv.TM_CCOEFF_NORMED);
      const value = result.data32F[0]!;
      result.delete();
      return Number.isFinite(value) ? value : -1;
    }
    return visiblePartNcc(template, warped, h, right, bottom);
  } finally {
    warped.delete();
  }
}

/** NCC over the template's pixels that `h` puts inside the picture ([0, right] × [0, bottom]). */
function visiblePartNcc(template: Mat, warped: Mat, h: Homography, right: number, bottom: number): number {
  const [width, height] = [template.cols, template.rows];
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = h as [
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
  let [n, sa, sb, saa, sbb, sab] = [0, 0, 0, 0, 0, 0];
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const w = h6 * u + h7 * v + h8;
      const x = (h0 * u + h1 * v + h2) / w;
      const y = (h3 * u + h4 * v + h5) / w;
      if (!(x >= 0 && y >= 0 && x <= right && y <= bottom)) continue;
      const a = template.data[v * width + u]!;
      const b = warped.data[v * width + u]!;
      n++;
      sa += a;
      sb += b;
      saa += a * a;
      sbb += b * b;
      sab += a * b;
    }
  }
  if (n < (width * height) / 2) return -1;
  const spread = Math.sqrt((saa - (sa * sa) / n) * (sbb - (sb * sb) / n));
  return spread > 0 ? (sab - (sa * sb) / n) / spread : -1;
}
