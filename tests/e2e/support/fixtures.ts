import { test as base } from '@playwright/test';
import { existsSync } from 'node:fs';
import { spawnUntil, type ReadyProcess } from '../../support/processes';
import { tempDir } from '../../support/tempDir';

export interface TandemApp {
  /** The renderer's page URL, carrying the bridge's per-run secret. */
  pageUrl: string;
  cloudUrl: string;
  dataDir: string;
}

function requireBuild(): void {
  for (const file of ['out/server/main.cjs', 'out/bridge/main.cjs', 'out/renderer/index.html']) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" before the end-to-end tests.`);
  }
}

/**
 * Each test gets its own real cloud endpoint and its own main core behind the bridge, as
 * separate processes started from the built entry points, with fresh data folders.
 */
export const test = base.extend<{ tandem: TandemApp }>({
  tandem: async ({}, use) => {
    requireBuild();
    const dirs = [tempDir('tandem-e2e-cloud-'), tempDir('tandem-e2e-app-')];
    const started: ReadyProcess<unknown>[] = [];
    try {
      const cloud = await spawnUntil<{ url: string }>(
        process.execPath,
        ['out/server/main.cjs', '--port', '0', '--data-dir', dirs[0]!.path, '--log-level', 'warn'],
        'listening',
      );
      started.push(cloud);
      const app = await spawnUntil<{ url: string }>(
        process.execPath,
        ['out/bridge/main.cjs', '--port', '0', '--data-dir', dirs[1]!.path, '--cloud-url', cloud.ready.url],
        'ready',
        { env: { TANDEM_LOG_LEVEL: 'warn' } },
      );
      started.push(app);
      await use({ pageUrl: app.ready.url, cloudUrl: cloud.ready.url, dataDir: dirs[1]!.path });
    } finally {
      for (const process of started.reverse()) await process.stop();
      for (const dir of dirs) dir.cleanup();
    }
  },
});

export { expect } from '@playwright/test';
