import type { TrackedCorners, TrackTemplate } from '../../../../src-shared/video/tools';
import type { GrayFrame, TrackStep } from './tracker';
import type { FromTrackerWorker, ToTrackerWorker } from './trackerMessages';

export interface TrackerClient {
  /** Starts tracking inside `corners` in the frame `video` shows now; resolves to the template to send to the other side. */
  select(video: HTMLVideoElement, corners: TrackedCorners): Promise<TrackTemplate>;
  /** Finds the other side's object (its template, where it was) in this side's frames, then follows it. */
  follow(video: HTMLVideoElement, template: TrackTemplate, corners: TrackedCorners): void;
  stop(): void;
  /** Each processed frame: where the object is (fractions of the picture), or lost. */
  subscribe(listener: (result: { corners: TrackedCorners | null; lost: boolean }) => void): () => void;
  /** When the tracker cannot run here (OpenCV.js failed to start, or a frame failed): the reason, for the UI to say. */
  onFailure(listener: (message: string) => void): () => void;
  dispose(): void;
}

/** Frames go to the worker at most this wide (greyscale): enough for the tracker, cheap to copy. */
export const TRACKING_WIDTH = 640;

/**
 * The page's side of tracking (VS-6): takes the frames a <video> shows (requestVideoFrameCallback),
 * downscaled greyscale, to the tracking worker — one at a time: a frame that comes while the worker
 * is busy is skipped, never queued — and hands each answer to the subscribers. The worker (and
 * OpenCV.js in it) starts on the first select or follow.
 */
export function createTrackerClient(): TrackerClient {
  let worker: Worker | null = null;
  let run = 0;
  let busy = false;
  let stopWatching: (() => void) | null = null;
  const listeners = new Set<(result: TrackStep) => void>();
  const failureListeners = new Set<(message: string) => void>();
  let selected: { run: number; resolve(template: TrackTemplate): void; reject(error: Error): void } | null = null;
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });

  const post = (message: ToTrackerWorker, transfer: Transferable[] = []) =>
    ensureWorker().postMessage(message, transfer);

  function ensureWorker(): Worker {
    if (worker) return worker;
    worker = new Worker(new URL('./trackerWorker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<FromTrackerWorker>) => {
      const message = event.data;
      if (message.run !== run) return;
      if (message.type === 'selected') {
        selected?.resolve(message.template);
        selected = null;
      } else if (message.type === 'step') {
        busy = false;
        for (const listener of listeners) listener(message.step);
      } else {
        busy = false;
        fail(message.message);
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      fail(event.message || 'The tracking worker could not start.');
    };
    return worker;
  }

  function fail(message: string): void {
    selected?.reject(new Error(message));
    selected = null;
    unwatch();
    for (const listener of failureListeners) listener(message);
  }

  function grab(video: HTMLVideoElement): GrayFrame | null {
    if (!context || video.videoWidth === 0 || video.videoHeight === 0) return null;
    const scale = Math.min(1, TRACKING_WIDTH / video.videoWidth);
    const width = Math.round(video.videoWidth * scale);
    const height = Math.round(video.videoHeight * scale);
    if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
    // The video's own picture, never its on-screen (mirrored, letterboxed) view: places are fractions of it.
    context.drawImage(video, 0, 0, width, height);
    const rgba = context.getImageData(0, 0, width, height).data;
    const data = new Uint8Array(width * height);
    for (let i = 0, j = 0; i < data.length; i++, j += 4) {
      data[i] = (rgba[j]! * 77 + rgba[j + 1]! * 150 + rgba[j + 2]! * 29) >> 8;
    }
    return { width, height, data };
  }

  function watch(video: HTMLVideoElement): void {
    unwatch();
    busy = false;
    let active = true;
    const current = run;
    const onFrame = () => {
      if (!active) return;
      if (!busy && current === run) {
        const frame = grab(video);
        if (frame) {
          busy = true;
          post({ type: 'frame', run: current, frame }, [frame.data.buffer]);
        }
      }
      schedule();
    };
    let handle = 0;
    const schedule = () => {
      handle =
        'requestVideoFrameCallback' in video
          ? video.requestVideoFrameCallback(onFrame)
          : requestAnimationFrame(onFrame);
    };
    schedule();
    stopWatching = () => {
      active = false;
      if ('cancelVideoFrameCallback' in video) video.cancelVideoFrameCallback(handle);
      else cancelAnimationFrame(handle);
    };
  }

  function unwatch(): void {
    stopWatching?.();
    stopWatching = null;
  }

  return {
    select(video, corners) {
      run++;
      unwatch();
      selected?.reject(new Error('Another selection replaced this one.'));
      const frame = grab(video);
      if (!frame) return Promise.reject(new Error('The video shows no picture yet.'));
      const promise = new Promise<TrackTemplate>((resolve, reject) => {
        selected = { run, resolve, reject };
      });
      post({ type: 'select', run, frame, corners }, [frame.data.buffer]);
      watch(video);
      return promise;
    },
    follow(video, template, corners) {
      run++;
      post({ type: 'follow', run, template, corners });
      watch(video);
    },
    stop() {
      run++;
      unwatch();
      if (worker) post({ type: 'stop' });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onFailure(listener) {
      failureListeners.add(listener);
      return () => failureListeners.delete(listener);
    },
    dispose() {
      run++;
      unwatch();
      selected?.reject(new Error('Tracking ended.'));
      selected = null;
      listeners.clear();
      failureListeners.clear();
      worker?.terminate();
      worker = null;
    },
  };
}
