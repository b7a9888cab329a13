import * as openCvModule from '@techstark/opencv-js';
import { openCvReady } from './openCv';
import { Tracker, type Cv } from './tracker';
import type { FromTrackerWorker, ToTrackerWorker } from './trackerMessages';

/**
 * The tracking worker (VS-6): the page starts it on the first selection, so OpenCV.js (~11 MB,
 * WebAssembly inside) loads then, off the page's thread; every message runs the tracker in order.
 * The page sends a frame only when the last one is answered, so nothing queues here.
 *
 * OpenCV.js is imported statically: its module is a thenable that resolves to itself, so a dynamic
 * `import()` of it (or any promise resolved with it) would never settle; openCvReady wraps it.
 */
const scope = self as unknown as {
  postMessage(message: FromTrackerWorker): void;
  onmessage: ((event: MessageEvent<ToTrackerWorker>) => void) | null;
};
let tracker: Promise<Tracker> | null = null;

function load(): Promise<Tracker> {
  tracker ??= openCvReady((openCvModule as { default?: unknown }).default ?? openCvModule).then(
    ({ cv }: { cv: Cv }) => new Tracker(cv),
  );
  return tracker;
}

const answer = (message: FromTrackerWorker) => scope.postMessage(message);

scope.onmessage = async (event: MessageEvent<ToTrackerWorker>) => {
  const message = event.data;
  if (message.type === 'stop') {
    if (tracker) (await tracker).stop();
    return;
  }
  try {
    const engine = await load();
    if (message.type === 'select') {
      answer({ type: 'selected', run: message.run, template: engine.select(message.frame, message.corners) });
    } else if (message.type === 'follow') {
      engine.acquire(message.template, message.corners);
    } else {
      answer({ type: 'step', run: message.run, step: engine.next(message.frame) });
    }
  } catch (error) {
    answer({ type: 'failed', run: message.run, message: error instanceof Error ? error.message : String(error) });
  }
};
