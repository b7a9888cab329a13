import { createRequire } from 'node:module';
import { Tracker, type Cv } from '../../src-renderer/video/tools/tracking/tracker';
import { openCvReady } from '../../src-renderer/video/tools/tracking/openCv';
import { Judge, loadSuite, renderFrame, toFractions, type Judgement } from './trackingSuite';

/**
 * Runs the tracker over one sequence of the synthetic suite as a user would meet it: the box drawn
 * on the first frame (its true corners), then every frame after, judged by the suite's Judge
 * (success while the object is in view, frames to *lost* and to re-acquire per stretch it is hidden,
 * frames on the look-alike); plus the milliseconds per frame (the tracker's work only).
 */
export interface SequenceReport extends Judgement {
  name: string;
  frames: number;
  medianCentreErrorPx: number;
  msPerFrame: number[];
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
  const tracker = new Tracker(cv);
  try {
    const first = sequence.frames[0]!;
    tracker.select(renderFrame(first, sequence.decoy), toFractions(first.corners, width, height));
    const judge = new Judge(width, height);
    const msPerFrame: number[] = [];
    for (let t = 1; t < sequence.frames.length; t++) {
      const frame = sequence.frames[t]!;
      const picture = renderFrame(frame, sequence.decoy);
      const started = performance.now();
      const step = tracker.next(picture);
      msPerFrame.push(performance.now() - started);
      judge.observe(t, frame, step);
    }
    const judgement = judge.judgement();
    return {
      name: sequence.name,
      frames: sequence.frames.length,
      ...judgement,
      medianCentreErrorPx: median(judgement.centreErrorsPx),
      msPerFrame,
    };
  } finally {
    tracker.dispose();
  }
}
