import type { Cv } from './tracker';

/**
 * OpenCV.js once its WebAssembly runtime is up. The module is a thenable that hands itself to
 * `then`, so awaiting it directly never settles: this waits for the runtime and wraps it.
 */
export function openCvReady(module: unknown): Promise<{ cv: Cv }> {
  const runtime = module as Cv & { then?: (ready: () => void) => unknown; onRuntimeInitialized?: () => void };
  if (typeof runtime.Mat === 'function') return Promise.resolve({ cv: runtime });
  return new Promise((resolve) => {
    const ready = () => resolve({ cv: runtime });
    if (typeof runtime.then === 'function') runtime.then(ready);
    else runtime.onRuntimeInitialized = ready;
  });
}
