import { defineConfig } from '@playwright/test';

/** Debian's Chromium, never a downloaded one; flags keep it quiet on a closed network. */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // WebRTC between two pages of this machine, inside the loopback-only namespace.
  '--allow-loopback-in-peer-connection',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

/**
 * Specs that change the whole namespace's network (nftables loss and drops on loopback), hold a
 * fixed port (coturn's 3478), track a moving camera picture in real time or time a recording
 * against the endpoint's clock: one at a time, after the others, which run two at a time. (Tracking
 * and a recording's start fell behind beside another spec on a loaded two-core machine; one at a
 * time they do not.) The specs that drive an end user's X display run two at a time since each
 * worker takes its displays from its own range (support/xvfb.ts): beside each other they passed
 * twice over, and the pair's run took 3.2 minutes instead of 3.9.
 */
const EXCLUSIVE = ['inputUnderLoss', 'turnRelay', 'videoTools', 'videoRecording'].map((name) => `**/${name}.spec.ts`);

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/support/requireLoopbackNamespace.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  projects: [
    { name: 'e2e', testIgnore: EXCLUSIVE },
    { name: 'exclusive', testMatch: EXCLUSIVE, dependencies: ['e2e'], workers: 1 },
  ],
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    locale: 'en-US',
    launchOptions: {
      executablePath: process.env.TANDEM_CHROMIUM ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
