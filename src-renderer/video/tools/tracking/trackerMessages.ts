import type { TrackedCorners, TrackTemplate } from '../../../../src-shared/video/tools';
import type { GrayFrame, TrackStep } from './tracker';

/**
 * Between the page and its tracking worker (same origin, same build: typed, not validated). Each
 * selection or acquisition opens a new `run`; an answer of an earlier run is stale and dropped.
 */
export type ToTrackerWorker =
  | { type: 'select'; run: number; frame: GrayFrame; corners: TrackedCorners }
  | { type: 'follow'; run: number; template: TrackTemplate; corners: TrackedCorners }
  | { type: 'frame'; run: number; frame: GrayFrame }
  | { type: 'stop' };

export type FromTrackerWorker =
  | { type: 'selected'; run: number; template: TrackTemplate }
  | { type: 'step'; run: number; step: TrackStep }
  /** OpenCV.js could not start here (no WebAssembly, or the page's policy refused it), or a frame failed. */
  | { type: 'failed'; run: number; message: string };
