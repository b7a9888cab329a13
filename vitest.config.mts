import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** The integration tests that start a cloud endpoint (through tests/support/testServer.ts). */
const ENDPOINT_TESTS = ['tests/integration/server/**/*.test.ts'];

export default defineConfig({
  test: {
    // Vitest's default is one worker less than the cores: one worker on a 2-core machine. The
    // integration tests mostly wait on real servers, sockets and timers, so two run side by side
    // there in about half the time (measured: 733 s → 380 s for both engines on 2 cores).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The integration projects run their files one after another in each worker without a fresh
    // module graph per file (`isolate: false`): importing the endpoint, the core and their
    // libraries again for every file took more than a tenth of the run (both engines: 687 s →
    // 434 s on 2 cores). Their files share no module state; each starts its own servers, folders and
    // databases and closes them (a wait left behind by one file surfaces as an error in the next).
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          // One real PostgreSQL cluster for the run: the stores' tests run on it as on SQLite.
          globalSetup: ['tests/support/postgresGlobalSetup.ts'],
          provide: { endpointEngine: 'sqlite' },
          // Real servers and SQLite files: give them room on a 2-core machine.
          testTimeout: 30_000,
          hookTimeout: 30_000,
          isolate: false,
        },
      },
      // The same tests again with every endpoint they start on PostgreSQL (tests/support/testServer.ts):
      // those that start one. The store tests run on both engines in `integration` already.
      {
        test: {
          name: 'integration-postgres',
          include: ENDPOINT_TESTS,
          environment: 'node',
          globalSetup: ['tests/support/postgresGlobalSetup.ts'],
          setupFiles: ['tests/support/postgresRun.ts'],
          provide: { endpointEngine: 'postgres' },
          testTimeout: 30_000,
          hookTimeout: 30_000,
          isolate: false,
        },
      },
      // Tests that need one operating system live in its own project; the workflow that runs on
      // that system selects it (.github/workflows/test.yml). No test skips itself on the others.
      // tests/platform/posix: what holds on Linux and macOS alike (file modes), run by both.
      ...(['linux', 'windows', 'macos'] as const).map((system) => ({
        test: {
          name: system,
          include: [
            `tests/platform/${system}/**/*.test.ts`,
            ...(system === 'windows' ? [] : ['tests/platform/posix/**/*.test.ts']),
          ],
          environment: 'node' as const,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      })),
    ],
  },
});
