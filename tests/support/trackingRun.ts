import { createRequire } from 'node:module';
import { Tracker, type Cv } from '../../src-renderer/video/tools/tracking/tracker';
import { openCvReady } from '../../src-renderer/video/tools/tracking/openCv';
import { centreError, iou, loadSuite, renderFrame, toFractions, toPixels, type Quad } from './trackingSuite';

/**
 * Runs the tracker over one sequence of the synthetic suite as a user would meet it: the box drawn
 * on the first frame (its true corners), then every frame after. What a user notices, per sequence:
 * - success: the share of frames where the object can be seen (not covered) with the highlight on it
 *   (IoU ≥ 0.5 with the truth; a frame reported lost there counts as a miss);
 * - the median distance of the highlight's centre from the object's (frames where it is shown);
 * - frames to *lost*: covered frames shown until the tracker said lost (1 = at the first);
 * - frames to re-acquire: frames after the cover went until the highlight was back on the object;
 * - milliseconds per frame (the tracker's work only).
 */
export interface SequenceReport {
  name: string;
  frames: number;
  success: number;
  medianCentreErrorPx: number;
  framesToLost: number | null;
  framesToReacquire: number | null;
  msPerFrame: number[];
  centreErrorsPx: number[];
}

/**
 * OpenCV.js in Node, wrapped: the module is a thenable, so `import()` of it or a promise resolved
 * with it would wait on its own `then` for ever.
 */
export function loadOpenCv(): Promise<{ cv: Cv }> {
  return openCvReady(createRequire(__filename)('@techstark/opencv-js'));
}

const median = (values: number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};

export function runSequence(cv: Cv, index: number): SequenceReport {
  const suite = loadSuite();
  const sequence = suite.sequences[index]!;
  const { width, height } = suite;
  const { from, frames: covered } = suite.occlusion;
  const tracker = new Tracker(cv);
  try {
    const first = sequence.frames[0]!;
    tracker.select(renderFrame(first), toFractions(first.corners, width, height));
    let seen = 0;
    let onObject = 0;
    let framesToLost: number | null = null;
    let framesToReacquire: number | null = null;
    const msPerFrame: number[] = [];
    const centreErrorsPx: number[] = [];
    for (let t = 1; t < sequence.frames.length; t++) {
      const frame = sequence.frames[t]!;
      const picture = renderFrame(frame);
      const started = performance.now();
      const step = tracker.next(picture);
      msPerFrame.push(performance.now() - started);
      const shown: Quad | null = step.corners ? toPixels(step.corners, width, height) : null;
      const hit = shown !== null && iou(shown, frame.corners) >= 0.5;
      if (frame.occluder) {
        if (step.lost && framesToLost === null) framesToLost = t - from + 1;
        continue;
      }
      seen++;
      if (hit) onObject++;
      if (shown) centreErrorsPx.push(centreError(shown, frame.corners));
      if (t >= from + covered && hit && framesToReacquire === null) framesToReacquire = t - (from + covered) + 1;
    }
    return {
      name: sequence.name,
      frames: sequence.frames.length,
      success: onObject / seen,
      medianCentreErrorPx: median(centreErrorsPx),
      framesToLost,
      framesToReacquire,
      msPerFrame,
      centreErrorsPx,
    };
  } finally {
    tracker.dispose();
  }
}
