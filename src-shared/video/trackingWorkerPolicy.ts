/**
 * The tracking worker's own Content Security Policy (VS-6). OpenCV.js compiles WebAssembly and its
 * bindings make functions from strings (Emscripten's embind `new Function`), so the worker needs
 * 'wasm-unsafe-eval' and 'unsafe-eval'. A dedicated worker runs under the policy its script is
 * served with, not its page's: every server of the renderer's files (the app's protocol, the
 * browser-mode bridge, the endpoint's console and video page) sends this policy with the worker's
 * file only, and every page keeps refusing eval and WebAssembly compilation.
 */
export const TRACKING_WORKER_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'";

/** The worker's file in a build (Vite names it `assets/trackerWorker-<hash>.js`), as a path from the build's root. */
const TRACKING_WORKER_FILE = /(^|\/)assets\/trackerWorker-[\w-]+\.js$/;

export const isTrackingWorkerFile = (path: string): boolean => TRACKING_WORKER_FILE.test(path.replaceAll('\\', '/'));
