import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/**
 * OpenCV.js requires `fs`, `path` and `crypto` only when it runs in Node; in a browser build Vite
 * would externalise them with a warning, which a worker's bundle cannot report (Rolldown panics).
 * They become an empty module instead.
 */
function openCvWithoutNode(): Plugin {
  const stub = '\0opencv-node-stub';
  return {
    name: 'tandem:opencv-without-node',
    enforce: 'pre',
    resolveId: (id, importer) =>
      ['fs', 'path', 'crypto'].includes(id) && importer?.includes('@techstark/opencv-js') ? stub : null,
    load: (id) => (id === stub ? 'export default {};' : null),
  };
}

/**
 * Builds the three Electron bundles: main (src-main/electron), preload (CommonJS, as sandboxed
 * preloads require) and the renderer (served from app://tandem, or by the bridge in browser mode),
 * with the web console beside it (console.html, served by the endpoint).
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          // The Insights view's reads run in this worker thread, beside the main process.
          summaryReadWorker: resolve(__dirname, 'src-main/core/insights/summaryReadWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require npm packages: bundle everything it uses.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react()],
    // The tracking worker (src-renderer/video/tools/tracking/) bundles OpenCV.js.
    worker: { plugins: () => [openCvWithoutNode()] },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-renderer/index.html'),
          // The web console the endpoint serves at `/`: the same components, another transport.
          console: resolve(__dirname, 'src-renderer/console.html'),
          // The code user's page for video help (`/v/`), on phones: only what it needs.
          video: resolve(__dirname, 'src-renderer/video.html'),
        },
      },
    },
  },
});
