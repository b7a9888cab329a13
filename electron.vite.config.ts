import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

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
