// Bundles the two Node entry points that run without Electron: the cloud endpoint
// (`npm run server`) and browser mode (main core + loopback bridge). npm packages stay external.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['server/main.ts'], outfile: 'out/server/main.cjs' }),
  build({ ...common, entryPoints: ['src-main/bridge/main.ts'], outfile: 'out/bridge/main.cjs' }),
  // Browser mode's summary read worker (the main core's Insights reads, off its thread).
  build({
    ...common,
    entryPoints: ['src-main/core/insights/summaryReadWorker.ts'],
    outfile: 'out/bridge/summaryReadWorker.cjs',
  }),
]);
