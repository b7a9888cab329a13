import type * as OpenCv from '@techstark/opencv-js';
import type { TrackedCorners, TrackTemplate } from '../../../../src-shared/video/tools';
import {
  applyHomography,
  invert,
  mapQuad,
  multiply,
  plausibleQuad,
  quadBounds,
  quadSize,
  signedArea,
  translation,
  type Homography,
  type Point,
  type Quad,
} from './geometry';
import { likeness, warpToCanonical } from './likeness';
import { Lookalikes } from './lookalikes';
import { MotionModel, quadCentre, type Prediction } from './predictor';

/**
 * Follows a flat object the user boxed (VS-6) from frame to frame, over an OpenCV.js instance passed
 * in — so the same code runs in Node (tests, benchmark) and in the tracking worker:
 * - features inside the object (goodFeaturesToTrack), followed by pyramidal Lucas–Kanade forward
 *   and backward; a point whose way back misses its start by more than a pixel is dropped;
 * - each point keeps where it sits on the object (canonical coordinates, the template's), so one
 *   RANSAC homography from those to where the points are now places the object without drift;
 * - the picture under that place, warped back, is compared with the first template (normalised
 *   cross-correlation over the part inside the picture, likeness.ts): too unlike it and the object
 *   is *lost* (covered, out of the picture, or the points slid);
 * - a constant-velocity model (predictor.ts) says where the object should be while it is lost;
 * - while lost, ORB features of the frame are matched to the object's (ratio test) and a homography
 *   that the template confirms picks it up again — first from the features near where the object
 *   should be, then from all of them; points are re-seeded as they get lost;
 * - look-alikes seen beside the object (lookalikes.ts; searched for on selection and now and then
 *   while it is followed) are never taken for it: something nearer where a look-alike should be
 *   than where the object should be is refused.
 * Every cv.Mat is freed where it was made; `dispose()` frees what the tracker keeps.
 */
export type Cv = typeof OpenCv;
type Mat = OpenCv.Mat;

/** A greyscale picture, one byte a pixel, row-major. */
export interface GrayFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface TrackStep {
  /** Where the object is, as fractions of the picture (corners may fall outside 0…1 at its edges); null while lost. */
  corners: TrackedCorners | null;
  lost: boolean;
}

const TUNING = {
  templateSide: 128,
  maxPoints: 120,
  /** Fewer points than this left after a frame: seed new ones on the object. */
  reseedBelow: 60,
  minPoints: 10,
  forwardBackwardPx: 1,
  ransacPx: 3,
  /** Below this likeness to the first template the object is lost … */
  nccLost: 0.4,
  /** … and only above this one is it found again (hysteresis against flicker). */
  nccFound: 0.55,
  /** Followed at a likeness below this, the template is aligned with the picture to undo drift … */
  nccAlign: 0.85,
  /** … and taken when it is at least this much more alike; aligned anyway every this many frames. */
  alignGain: 0.02,
  alignEvery: 10,
  ratio: 0.75,
  minMatches: 10,
  orbFeatures: 600,
  searchFeatures: 400,
  /** While followed, look for look-alikes in the picture every this many frames. */
  lookalikeEvery: 60,
  /** Features within this many half-diagonals of the object's predicted reach count as near it. */
  nearReach: 1.2,
} as const;

interface Reference {
  /** The object as first seen, warped to a rectangle (its canonical coordinates), at most 128 px a side. */
  template: Mat;
  canonical: Quad;
  /** The object's ORB features: their places in canonical coordinates (x, y pairs) and descriptors. */
  keypoints: Float32Array;
  descriptors: Mat;
  /** The object's area in the picture when it was selected (pixels), to reject collapsed fits. */
  startArea: number;
  /** The template's good features (x, y pairs), found once per reference. */
  corners?: Float32Array;
}

/** ORB matches of a picture to the object: canonical (x, y) pairs in `from`, picture ones in `to`. */
interface Matches {
  from: number[];
  to: number[];
}

type State =
  | { kind: 'idle' }
  | { kind: 'tracking'; h: Homography; onObject: Float32Array; inPicture: Float32Array; frames: number }
  /** `frames`: frames lost so far; `predicted`: whether where it should be is known (not after a change of picture size). */
  | { kind: 'lost'; frames: number; predicted: boolean }
  | { kind: 'acquiring'; prior: Quad };

export class Tracker {
  private state: State = { kind: 'idle' };
  private reference: Reference | null = null;
  private previous: Mat | null = null;
  private readonly orb: OpenCv.ORB;
  /** ORB for searching whole pictures, at half their size (four times cheaper); the object's features span both scales. */
  private readonly searchOrb: OpenCv.ORB;
  private readonly matcher: OpenCv.BFMatcher;
  /** The object's motion while followed (null before anything is followed). */
  private motion: MotionModel | null = null;
  private readonly lookalikes = new Lookalikes();

  constructor(private readonly cv: Cv) {
    this.orb = new cv.ORB(TUNING.orbFeatures);
    this.searchOrb = new cv.ORB(TUNING.searchFeatures, 1.2, 5);
    this.matcher = new cv.BFMatcher(cv.NORM_HAMMING, false);
  }

  /** Starts following the object inside `corners` of `frame`; returns its template for the other side. */
  select(frame: GrayFrame, corners: TrackedCorners): TrackTemplate {
    this.reset();
    const picture = this.toMat(frame);
    const quad = toPixels(corners, frame);
    this.reference = this.ownReference(picture, quad);
    this.state = this.trackingFrom(picture, this.canonicalToPicture(quad));
    this.seed(picture, this.state);
    this.previous = picture;
    return encodeTemplate(this.reference.template);
  }

  /** Looks for the other side's object (its template, where it was there) in the next frames, then follows it. */
  acquire(template: TrackTemplate, corners: TrackedCorners): void {
    this.reset();
    const cv = this.cv;
    const image = new cv.Mat(template.height, template.width, cv.CV_8UC1);
    image.data.set(decodeBase64(template.gray, template.width * template.height));
    this.reference = this.templateReference(image);
    this.state = { kind: 'acquiring', prior: corners.map(([x, y]) => [x, y]) as Quad };
  }

  /** Follows the object into `frame`. */
  next(frame: GrayFrame): TrackStep {
    const picture = this.toMat(frame);
    try {
      const sizeChanged = this.previous && (this.previous.cols !== frame.width || this.previous.rows !== frame.height);
      // A picture of another size: where the object was says nothing about where it is.
      if (this.state.kind === 'tracking' && (sizeChanged || !this.previous))
        this.state = { kind: 'lost', frames: 0, predicted: false };
      let h: Homography | null = null;
      if (this.state.kind === 'tracking') h = this.follow(this.previous!, picture, this.state);
      else if (this.state.kind === 'lost') {
        const prediction = this.state.predicted ? (this.motion?.predict(this.state.frames + 1) ?? null) : null;
        h = this.reacquire(picture, prediction);
      } else if (this.state.kind === 'acquiring') h = this.acquireIn(picture, toPixels(this.state.prior, frame));
      if (this.state.kind === 'idle') return { corners: null, lost: false };
      if (!h) {
        if (this.state.kind === 'tracking') this.state = { kind: 'lost', frames: 0, predicted: true };
        if (this.state.kind === 'lost') this.state.frames++;
        return { corners: null, lost: true };
      }
      if (this.state.kind !== 'tracking') this.state = this.trackingFrom(picture, h);
      else if (++this.state.frames % TUNING.lookalikeEvery === 0) this.findLookalikes(picture, h);
      if (this.state.inPicture.length / 2 < TUNING.reseedBelow) this.seed(picture, this.state);
      const quad = mapQuad(h, this.reference!.canonical);
      return { corners: quad.map(([x, y]) => [x / frame.width, y / frame.height]) as TrackedCorners, lost: false };
    } finally {
      this.previous?.delete();
      this.previous = picture;
    }
  }

  stop(): void {
    this.reset();
  }

  dispose(): void {
    this.reset();
    this.orb.delete();
    this.searchOrb.delete();
    this.matcher.delete();
  }

  private reset(): void {
    this.state = { kind: 'idle' };
    this.motion = null;
    this.lookalikes.clear();
    this.previous?.delete();
    this.previous = null;
    if (this.reference) {
      this.reference.template.delete();
      this.reference.descriptors.delete();
      this.reference = null;
    }
  }

  /** Following starts (again) at `h`: motion unknown, and a look for look-alikes of the object in view. */
  private trackingFrom(picture: Mat, h: Homography): Extract<State, { kind: 'tracking' }> {
    this.motion = new MotionModel(h, this.quadOf(h), Math.max(picture.cols, picture.rows));
    this.findLookalikes(picture, h);
    return { kind: 'tracking', h, onObject: new Float32Array(0), inPicture: new Float32Array(0), frames: 0 };
  }

  private quadOf(h: Homography): Quad {
    return mapQuad(h, this.reference!.canonical);
  }

  private toMat(frame: GrayFrame): Mat {
    const mat = new this.cv.Mat(frame.height, frame.width, this.cv.CV_8UC1);
    mat.data.set(frame.data.subarray(0, frame.width * frame.height));
    return mat;
  }

  /** Canonical (template) coordinates → picture, for the object at `quad`. */
  private canonicalToPicture(quad: Quad): Homography {
    return this.homographyOf(this.reference!.canonical, quad);
  }

  private homographyOf(from: Quad, to: Quad): Homography {
    const cv = this.cv;
    const source = cv.matFromArray(4, 1, cv.CV_32FC2, from.flat());
    const target = cv.matFromArray(4, 1, cv.CV_32FC2, to.flat());
    const h = cv.getPerspectiveTransform(source, target);
    const out = Array.from(h.data64F);
    source.delete();
    target.delete();
    h.delete();
    return out;
  }

  /** The reference from this side's own picture: the template and the ORB features inside `quad`. */
  private ownReference(picture: Mat, quad: Quad): Reference {
    const cv = this.cv;
    const { width, height } = quadSize(quad);
    const scale = Math.min(1, TUNING.templateSide / Math.max(width, height));
    const tw = Math.max(8, Math.min(TUNING.templateSide, Math.round(width * scale)));
    const th = Math.max(8, Math.min(TUNING.templateSide, Math.round(height * scale)));
    const canonical: Quad = [
      [0, 0],
      [tw, 0],
      [tw, th],
      [0, th],
    ];
    const h = this.homographyOf(canonical, quad);
    const template = warpToCanonical(this.cv, picture, h, tw, th);
    const mask = cv.Mat.zeros(picture.rows, picture.cols, cv.CV_8UC1);
    const polygon = cv.matFromArray(4, 1, cv.CV_32SC2, quad.flat().map(Math.round));
    cv.fillConvexPoly(mask, polygon, new cv.Scalar(255));
    polygon.delete();
    const { keypoints, descriptors } = this.orbFeatures(picture, mask, invert(h));
    mask.delete();
    return { template, canonical, keypoints, descriptors, startArea: signedArea(quad) };
  }

  /** The reference from the other side's template: ORB features of it, enlarged towards the size expected here. */
  private templateReference(template: Mat): Reference {
    const cv = this.cv;
    const tw = template.cols;
    const th = template.rows;
    const canonical: Quad = [
      [0, 0],
      [tw, 0],
      [tw, th],
      [0, th],
    ];
    // Small templates give ORB too few features: enlarged, with room around them; ORB's pyramid covers the scale.
    const enlarge = 2;
    const border = 32;
    const large = new cv.Mat();
    cv.resize(template, large, new cv.Size(tw * enlarge, th * enlarge), 0, 0, cv.INTER_LINEAR);
    const padded = new cv.Mat();
    cv.copyMakeBorder(large, padded, border, border, border, border, cv.BORDER_REPLICATE);
    const mask = cv.Mat.zeros(padded.rows, padded.cols, cv.CV_8UC1);
    const inside = mask.roi(new cv.Rect(border, border, tw * enlarge, th * enlarge));
    inside.setTo(new cv.Scalar(255));
    inside.delete();
    const toCanonical = multiply([1 / enlarge, 0, 0, 0, 1 / enlarge, 0, 0, 0, 1], translation(-border, -border));
    const { keypoints, descriptors } = this.orbFeatures(padded, mask, toCanonical);
    large.delete();
    padded.delete();
    mask.delete();
    return { template, canonical, keypoints, descriptors, startArea: 0 };
  }

  private orbFeatures(image: Mat, mask: Mat, toCanonical: Homography): { keypoints: Float32Array; descriptors: Mat } {
    const cv = this.cv;
    const found = new cv.KeyPointVector();
    const descriptors = new cv.Mat();
    this.orb.detectAndCompute(image, mask, found, descriptors);
    const keypoints = new Float32Array(found.size() * 2);
    for (let i = 0; i < found.size(); i++) {
      const { x, y } = (found.get(i) as { pt: { x: number; y: number } }).pt;
      const [cx, cy] = mapQuad(toCanonical, [[x, y]])[0];
      keypoints[i * 2] = cx;
      keypoints[i * 2 + 1] = cy;
    }
    found.delete();
    return { keypoints, descriptors };
  }

  /** Likeness (−1…1) of the picture under `h` to the first template, over the part inside the picture. */
  private likeness(picture: Mat, h: Homography): number {
    return likeness(this.cv, picture, this.reference!.template, h);
  }

  /** A homography worth believing: a plausible quad (against the start's area when known) the template confirms. */
  private confirmed(picture: Mat, h: Homography | null, threshold: number): h is Homography {
    return this.plausible(h) && this.likeness(picture, h) >= threshold;
  }

  /** A quad a camera can show of the object (against the start's area when known). */
  private plausible(h: Homography | null): h is Homography {
    if (!h) return false;
    const quad = mapQuad(h, this.reference!.canonical);
    return plausibleQuad(quad, this.reference!.startArea || signedArea(quad));
  }

  /** One frame of Lucas–Kanade forward and backward, then RANSAC; null when the object is lost. */
  private follow(previous: Mat, picture: Mat, state: Extract<State, { kind: 'tracking' }>): Homography | null {
    const count = state.inPicture.length / 2;
    if (count < TUNING.minPoints) return null;
    const kept = this.flow(previous, picture, state.inPicture);
    const onObject: number[] = [];
    const inPicture: number[] = [];
    for (const [index, x, y] of kept) {
      onObject.push(state.onObject[index * 2]!, state.onObject[index * 2 + 1]!);
      inPicture.push(x, y);
    }
    const fit = this.fitHomography(onObject, inPicture);
    if (!fit || !this.plausible(fit.h)) return null;
    const likeness = this.likeness(picture, fit.h);
    if (likeness < TUNING.nccLost) return null;
    state.inPicture = new Float32Array(inPicture.filter((_, i) => fit.inliers[i >> 1]));
    state.onObject = new Float32Array(onObject.filter((_, i) => fit.inliers[i >> 1]));
    state.h = fit.h;
    // Points that slid (onto the edge of a board passing over the object, say) bend the fit a little
    // at a time, and new points are seeded from the bent fit: the template, aligned where the fit
    // puts the object, pulls it back (every few frames, and whenever the fit looks off). The points
    // keep their places in the picture and take their places on the object from the corrected fit.
    if (likeness < TUNING.nccAlign || state.frames % TUNING.alignEvery === 0) {
      const aligned = this.alignTemplate(picture, fit.h);
      if (this.plausible(aligned) && this.likeness(picture, aligned) > likeness + TUNING.alignGain) {
        state.h = aligned;
        state.onObject = mapPoints(invert(aligned), state.inPicture);
      }
    }
    this.motion?.observe(state.h, this.quadOf(state.h));
    return state.h;
  }

  /** Points followed from `from` to `to` that come back to within a pixel of their start: [index, x, y]. */
  private flow(from: Mat, to: Mat, points: Float32Array, window = 21): [number, number, number][] {
    const cv = this.cv;
    const count = points.length / 2;
    const start = cv.matFromArray(count, 1, cv.CV_32FC2, Array.from(points));
    const ahead = new cv.Mat();
    const back = new cv.Mat();
    const status = new cv.Mat();
    const statusBack = new cv.Mat();
    const error = new cv.Mat();
    const size = new cv.Size(window, window);
    const criteria = new cv.TermCriteria(cv.TermCriteria_COUNT + cv.TermCriteria_EPS, 20, 0.03);
    cv.calcOpticalFlowPyrLK(from, to, start, ahead, status, error, size, 3, criteria);
    cv.calcOpticalFlowPyrLK(to, from, ahead, back, statusBack, error, size, 3, criteria);
    const kept: [number, number, number][] = [];
    for (let i = 0; i < count; i++) {
      if (!status.data[i] || !statusBack.data[i]) continue;
      const x = ahead.data32F[i * 2]!;
      const y = ahead.data32F[i * 2 + 1]!;
      const missed = Math.hypot(back.data32F[i * 2]! - points[i * 2]!, back.data32F[i * 2 + 1]! - points[i * 2 + 1]!);
      if (missed <= TUNING.forwardBackwardPx && x >= 0 && y >= 0 && x < to.cols && y < to.rows) kept.push([i, x, y]);
    }
    for (const mat of [start, ahead, back, status, statusBack, error]) mat.delete();
    return kept;
  }

  private fitHomography(from: number[], to: number[]): { h: Homography; inliers: boolean[] } | null {
    const count = from.length / 2;
    if (count < TUNING.minPoints) return null;
    const cv = this.cv;
    const source = cv.matFromArray(count, 1, cv.CV_32FC2, from);
    const target = cv.matFromArray(count, 1, cv.CV_32FC2, to);
    const mask = new cv.Mat();
    const h = cv.findHomography(source, target, cv.RANSAC, TUNING.ransacPx, mask);
    const inliers = Array.from({ length: count }, (_, i) => mask.data[i] === 1);
    const result = h.rows === 3 && inliers.filter(Boolean).length >= TUNING.minPoints ? Array.from(h.data64F) : null;
    for (const mat of [source, target, mask, h]) mat.delete();
    return result ? { h: result, inliers } : null;
  }

  /** Adds good features inside the object (a little in from its edges) to the points followed. */
  private seed(picture: Mat, state: Extract<State, { kind: 'tracking' }>): void {
    const cv = this.cv;
    const quad = mapQuad(state.h, this.reference!.canonical);
    const [cx, cy] = [quad.reduce((s, [x]) => s + x, 0) / 4, quad.reduce((s, [, y]) => s + y, 0) / 4];
    const inner = quad.map(([x, y]) => [cx + (x - cx) * 0.9, cy + (y - cy) * 0.9]) as Quad;
    const bounds = quadBounds(inner);
    const left = Math.max(0, Math.floor(bounds.left));
    const top = Math.max(0, Math.floor(bounds.top));
    const right = Math.min(picture.cols, Math.ceil(bounds.right));
    const bottom = Math.min(picture.rows, Math.ceil(bounds.bottom));
    if (right - left < 8 || bottom - top < 8) return;
    const region = picture.roi(new cv.Rect(left, top, right - left, bottom - top));
    const mask = cv.Mat.zeros(bottom - top, right - left, cv.CV_8UC1);
    const polygon = cv.matFromArray(
      4,
      1,
      cv.CV_32SC2,
      inner.flatMap(([x, y]) => [Math.round(x - left), Math.round(y - top)]),
    );
    cv.fillConvexPoly(mask, polygon, new cv.Scalar(255));
    const corners = new cv.Mat();
    cv.goodFeaturesToTrack(region, corners, TUNING.maxPoints, 0.01, 5, mask, 3);
    const toObject = invert(state.h);
    const onObject = Array.from(state.onObject);
    const inPicture = Array.from(state.inPicture);
    for (let i = 0; i < corners.rows && inPicture.length / 2 < TUNING.maxPoints; i++) {
      const x = corners.data32F[i * 2]! + left;
      const y = corners.data32F[i * 2 + 1]! + top;
      let near = false;
      for (let j = 0; j < inPicture.length && !near; j += 2)
        near = Math.hypot(inPicture[j]! - x, inPicture[j + 1]! - y) < 4;
      if (near) continue;
      const [ox, oy] = mapQuad(toObject, [[x, y]])[0];
      onObject.push(ox, oy);
      inPicture.push(x, y);
    }
    state.onObject = new Float32Array(onObject);
    state.inPicture = new Float32Array(inPicture);
    for (const mat of [region, mask, polygon, corners]) mat.delete();
  }

  /** ORB features of the whole picture (searched at half size) matched to the object's (ratio test). */
  private orbMatches(picture: Mat): Matches {
    const cv = this.cv;
    const reference = this.reference!;
    const from: number[] = [];
    const to: number[] = [];
    if (reference.descriptors.rows < TUNING.minMatches) return { from, to };
    const found = new cv.KeyPointVector();
    const descriptors = new cv.Mat();
    const none = new cv.Mat();
    const half = new cv.Mat();
    cv.pyrDown(picture, half);
    this.searchOrb.detectAndCompute(half, none, found, descriptors);
    if (descriptors.rows >= 2) {
      const matches = new cv.DMatchVectorVector();
      this.matcher.knnMatch(descriptors, reference.descriptors, matches, 2);
      for (let i = 0; i < matches.size(); i++) {
        const pair = matches.get(i);
        if (pair.size() < 2) continue;
        const best = pair.get(0) as { queryIdx: number; trainIdx: number; distance: number };
        const second = pair.get(1) as { distance: number };
        if (best.distance >= TUNING.ratio * second.distance) continue;
        const { x, y } = (found.get(best.queryIdx) as { pt: { x: number; y: number } }).pt;
        from.push(reference.keypoints[best.trainIdx * 2]!, reference.keypoints[best.trainIdx * 2 + 1]!);
        to.push(x * 2, y * 2);
      }
      matches.delete();
    }
    for (const mat of [found, descriptors, none, half]) mat.delete();
    return { from, to };
  }

  /**
   * Picks the lost object up again, or null. `prediction`: where it should be (null: unknown). The
   * matches near there are tried first, then all of them; a look-alike's matches and a place a
   * known look-alike explains are refused.
   */
  private reacquire(picture: Mat, prediction: Prediction | null): Homography | null {
    let matches = this.orbMatches(picture);
    if (prediction && this.lookalikes.size > 0) {
      const canonical = this.reference!.canonical;
      matches = keep(matches, (at) => !this.lookalikes.explains(at, prediction.h, canonical));
    }
    if (prediction) {
      const reach = prediction.radius + TUNING.nearReach * prediction.halfDiagonal;
      const [cx, cy] = prediction.centre;
      const near = keep(matches, ([x, y]) => Math.hypot(x - cx, y - cy) <= reach);
      const h = near.from.length < matches.from.length ? this.candidate(picture, near, prediction) : null;
      if (h) return h;
    }
    return this.candidate(picture, matches, prediction);
  }

  /** The object placed by `matches`, confirmed by the template and not where a known look-alike should be; or null. */
  private candidate(picture: Mat, matches: Matches, prediction: Prediction | null): Homography | null {
    const fit = this.fitHomography(matches.from, matches.to);
    if (!fit || !this.confirmed(picture, fit.h, TUNING.nccFound)) return null;
    if (prediction && this.lookalikes.explains(quadCentre(this.quadOf(fit.h)), prediction.h, this.reference!.canonical))
      return null;
    // Half-size features place it within a pixel or two: the template, aligned by Lucas–Kanade, finishes the job.
    const refined = this.alignTemplate(picture, fit.h);
    return this.confirmed(picture, refined, TUNING.nccFound) ? refined : fit.h;
  }

  /**
   * Looks for look-alikes of the object (at `h`) elsewhere in the picture and remembers where they
   * lie relative to it: ORB matches off the object, fitted and confirmed as when re-acquiring (up
   * to two, each one's matches set aside for the next look).
   */
  private findLookalikes(picture: Mat, h: Homography): void {
    const quad = this.quadOf(h);
    const [cx, cy] = quadCentre(quad);
    const inner = quad.map(([x, y]) => [cx + (x - cx) * 1.2, cy + (y - cy) * 1.2]) as Quad;
    let matches = keep(this.orbMatches(picture), (at) => !insideQuad(at, inner));
    for (let look = 0; look < 2; look++) {
      const fit = this.fitHomography(matches.from, matches.to);
      if (!fit || !this.confirmed(picture, fit.h, TUNING.nccFound)) return;
      this.lookalikes.remember(h, fit.h, this.reference!.canonical);
      const found = this.quadOf(fit.h);
      matches = keep(matches, (at) => !insideQuad(at, found));
    }
  }

  /**
   * Finds the other side's object near where it was there: the picture around that place, warped to
   * the template's coordinates, is aligned with the template by Lucas–Kanade (twice, the second from
   * the first's answer); failing that, ORB over the whole picture. Once found, this side's own
   * picture becomes the reference, as if the user had selected the object here.
   */
  private acquireIn(picture: Mat, prior: Quad): Homography | null {
    let h: Homography | null = this.canonicalToPicture(prior);
    for (let pass = 0; pass < 2 && h; pass++) h = this.alignTemplate(picture, h);
    if (!this.confirmed(picture, h, TUNING.nccFound)) h = this.reacquire(picture, null);
    if (!h) return null;
    const quad = mapQuad(h, this.reference!.canonical);
    this.reference!.template.delete();
    this.reference!.descriptors.delete();
    this.reference = this.ownReference(picture, quad);
    return this.canonicalToPicture(quad);
  }

  /** Good features of the template (x, y pairs), found once per reference. */
  private templateCorners(): Float32Array {
    const reference = this.reference!;
    if (!reference.corners) {
      const found = new this.cv.Mat();
      this.cv.goodFeaturesToTrack(reference.template, found, TUNING.maxPoints, 0.01, 3);
      reference.corners = Float32Array.from(found.data32F.subarray(0, found.rows * 2));
      found.delete();
    }
    return reference.corners;
  }

  private alignTemplate(picture: Mat, h: Homography): Homography | null {
    const cv = this.cv;
    const template = this.reference!.template;
    const margin = Math.round(Math.max(template.cols, template.rows) / 2);
    const width = template.cols + 2 * margin;
    const height = template.rows + 2 * margin;
    const toPicture = multiply(h, translation(-margin, -margin));
    const around = warpToCanonical(cv, picture, toPicture, width, height, cv.BORDER_REPLICATE);
    const padded = new cv.Mat();
    cv.copyMakeBorder(template, padded, margin, margin, margin, margin, cv.BORDER_REPLICATE);
    const points = this.templateCorners().map((value) => value + margin);
    const kept = points.length >= TUNING.minPoints * 2 ? this.flow(padded, around, points, 15) : [];
    const fit = this.fitHomography(
      kept.flatMap(([index]) => [points[index * 2]!, points[index * 2 + 1]!]),
      kept.flatMap(([, x, y]) => [x, y]),
    );
    for (const mat of [around, padded]) mat.delete();
    if (!fit) return null;
    return multiply(toPicture, multiply(fit.h, translation(margin, margin)));
  }
}

/** `points` (x, y pairs) mapped by `h`. */
function mapPoints(h: Homography, points: Float32Array): Float32Array {
  const out = new Float32Array(points.length);
  for (let i = 0; i < points.length; i += 2) {
    const [x, y] = applyHomography(h, [points[i]!, points[i + 1]!]);
    out[i] = x;
    out[i + 1] = y;
  }
  return out;
}

/** The matches whose place in the picture passes `test`. */
function keep(matches: Matches, test: (at: Point) => boolean): Matches {
  const out: Matches = { from: [], to: [] };
  for (let i = 0; i < matches.to.length; i += 2) {
    if (!test([matches.to[i]!, matches.to[i + 1]!])) continue;
    out.from.push(matches.from[i]!, matches.from[i + 1]!);
    out.to.push(matches.to[i]!, matches.to[i + 1]!);
  }
  return out;
}

/** Whether `point` lies inside the convex `quad` (either turn). */
function insideQuad([x, y]: Point, quad: Quad): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = quad[i]!;
    const [bx, by] = quad[(i + 1) % 4]!;
    const cross = Math.sign((bx - ax) * (y - ay) - (by - ay) * (x - ax));
    if (cross === 0) continue;
    if (sign !== 0 && cross !== sign) return false;
    sign = cross;
  }
  return true;
}

const toPixels = (corners: readonly (readonly [number, number])[], frame: { width: number; height: number }): Quad =>
  corners.map(([x, y]) => [x * frame.width, y * frame.height]) as Quad;

function encodeTemplate(template: Mat): TrackTemplate {
  const bytes = template.data;
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { width: template.cols, height: template.rows, gray: btoa(binary) };
}

function decodeBase64(text: string, length: number): Uint8Array {
  const binary = atob(text);
  if (binary.length !== length) throw new Error(`A tracking template of ${length} pixels came with ${binary.length}.`);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
