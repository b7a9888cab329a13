import { test as base, type TestInfo } from '@playwright/test';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { startEndpointInstances, type EndpointInstances } from '../../support/endpointInstances';
import { startPostgresCluster } from '../../support/postgresCluster';
import { startRedisServer } from '../../support/redisServer';
import { spawnUntil, type ReadyProcess } from '../../support/processes';
import { tempDir } from '../../support/tempDir';
import { startCoturn, type Coturn } from './coturn';
import { rememberSetupToken } from './setupTokens';
import { startXvfb, type VirtualDisplay } from './xvfb';

const run = promisify(execFile);

export interface CloudEndpoint {
  url: string;
  dataDir: string;
}

/** How a cloud endpoint was started, to start it again the same way. */
interface StartedCloud {
  args: string[];
  process: ReadyProcess<unknown>;
}

export interface TandemApp {
  /** The renderer's page URL, carrying the bridge's per-run secret. */
  pageUrl: string;
  cloudUrl: string;
  dataDir: string;
  /** Closes this app as its user does (SIGTERM: the core's close hooks run). */
  stop(): Promise<unknown>;
}

function requireBuild(): void {
  for (const file of [
    'out/server/main.cjs',
    'out/bridge/main.cjs',
    'out/renderer/index.html',
    'out/renderer/console.html',
  ]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" before the end-to-end tests.`);
  }
}

/** Starts processes and folders for one test and takes them all down afterwards. */
export class Stage {
  readonly #processes: (ReadyProcess<unknown> & { name: string })[] = [];
  readonly #dirs: ReturnType<typeof tempDir>[] = [];
  readonly #instances: EndpointInstances[] = [];
  /** What else the stage started (PostgreSQL, Redis), stopped last. */
  readonly #services: { stop(): void | Promise<void> }[] = [];
  /** Each cloud endpoint by its URL. */
  readonly #clouds = new Map<string, StartedCloud>();

  async cloud(extraArgs: string[] = []): Promise<CloudEndpoint> {
    const dataDir = this.#dir('tandem-e2e-cloud-');
    const args = ['out/server/main.cjs', '--data-dir', dataDir, '--log-level', 'warn', ...extraArgs];
    const cloud = await spawnUntil<{ url: string }>(process.execPath, [...args, '--port', '0'], 'listening');
    this.#processes.push({ ...cloud, name: 'cloud endpoint' });
    this.#clouds.set(cloud.ready.url, { args, process: cloud });
    rememberSetupToken(cloud.ready.url, dataDir);
    return { url: cloud.ready.url, dataDir };
  }

  /**
   * Ends a cloud endpoint at once, as a crash or a hard stop does (SIGKILL: it finishes no request
   * it is taking). The signal is sent before this returns; the promise resolves once it exited.
   */
  killCloud(cloud: CloudEndpoint): Promise<unknown> {
    const { child } = this.#clouds.get(cloud.url)!.process;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    return exited;
  }

  /** Starts an ended cloud endpoint again: the same port, data folder and options. */
  async restartCloud(cloud: CloudEndpoint): Promise<void> {
    const started = this.#clouds.get(cloud.url)!;
    const again = await spawnUntil<{ url: string }>(
      process.execPath,
      [...started.args, '--port', new URL(cloud.url).port],
      'listening',
    );
    this.#processes.push({ ...again, name: 'cloud endpoint (restarted)' });
    this.#clouds.set(cloud.url, { ...started, process: again });
  }

  /**
   * `count` endpoint instances on one PostgreSQL and one Redis, as several behind a load balancer
   * run (docs/deploy/server.md): both started for this test, on loopback.
   */
  async cloudInstances(count: number): Promise<EndpointInstances> {
    const redis = await startRedisServer();
    this.#services.push(redis);
    const postgres = await startPostgresCluster();
    this.#services.push(postgres);
    const instances = await startEndpointInstances(count, {
      redis: redis.url,
      database: postgres.url,
      dataDir: this.#dir('tandem-e2e-cloud-'),
    });
    this.#instances.push(instances);
    instances.instances.forEach((instance, i) => this.#processes.push({ ...instance, name: `cloud endpoint ${i}` }));
    return instances;
  }

  /** One more company on a running endpoint, through the operator's command line. */
  async createCompany(
    cloud: CloudEndpoint,
    account: { company: string; name: string; email: string; password: string },
  ): Promise<void> {
    await run(
      process.execPath,
      [
        'out/server/main.cjs',
        'create-company',
        '--data-dir',
        cloud.dataDir,
        '--company',
        account.company,
        '--admin-name',
        account.name,
        '--admin-email',
        account.email,
      ],
      { env: { ...process.env, TANDEM_ADMIN_PASSWORD: account.password } },
    );
  }

  /** A main core behind the bridge, as its own process: one "computer" running Tandem. */
  async app(
    /** null: no endpoint named, as a new user starts — the built-in one runs on loopback. */
    cloudUrl: string | null,
    env: NodeJS.ProcessEnv = {},
    name = 'tandem',
    extraArgs: string[] = [],
  ): Promise<TandemApp> {
    const dataDir = this.#dir('tandem-e2e-app-');
    const app = await spawnUntil<{ url: string; cloudUrl: string }>(
      process.execPath,
      [
        'out/bridge/main.cjs',
        '--port',
        '0',
        '--data-dir',
        dataDir,
        ...(cloudUrl ? ['--cloud-url', cloudUrl] : []),
        ...extraArgs,
      ],
      'ready',
      { env: { TANDEM_LOG_LEVEL: process.env.TANDEM_E2E_LOG_LEVEL ?? 'warn', ...env } },
    );
    this.#processes.push({ ...app, name });
    return { pageUrl: app.ready.url, cloudUrl: app.ready.cloudUrl, dataDir, stop: () => app.stop() };
  }

  /** What each process printed, for a failing test's report (`always`: from inside a test that is failing). */
  async attachOutput(testInfo: TestInfo, { always = false } = {}): Promise<void> {
    if (!always && testInfo.status === testInfo.expectedStatus) return;
    for (const started of this.#processes) {
      await testInfo.attach(`${started.name} output`, { body: started.output.join('\n'), contentType: 'text/plain' });
    }
  }

  async stop(): Promise<void> {
    for (const started of this.#processes.reverse()) await started.stop();
    for (const instances of this.#instances) await instances.close();
    for (const service of this.#services.reverse()) await service.stop();
    for (const dir of this.#dirs) dir.cleanup();
  }

  #dir(prefix: string): string {
    const dir = tempDir(prefix);
    this.#dirs.push(dir);
    return dir.path;
  }
}

export const test = base.extend<
  {
    /** A cloud endpoint alone (its web console at `/`). */
    cloud: CloudEndpoint;
    tandem: TandemApp;
    pair: { supporter: TandemApp; host: TandemApp; display: VirtualDisplay; coturn: Coturn | null };
    /** Relay every session through a real coturn (the cloud endpoint hands out credentials, relay only). */
    relayOnly: boolean;
    /** Extra environment for the end user's Tandem (e.g. a shorter prompt countdown). */
    hostEnv: NodeJS.ProcessEnv;
  },
  { xvfb: VirtualDisplay }
>({
  hostEnv: [{}, { option: true }],
  relayOnly: [false, { option: true }],
  xvfb: [
    async ({}, use) => {
      const display = await startXvfb();
      await use(display);
      await display.stop();
    },
    { scope: 'worker' },
  ],
  cloud: async ({}, use, testInfo) => {
    requireBuild();
    const stage = new Stage();
    try {
      await use(await stage.cloud());
      await stage.attachOutput(testInfo);
    } finally {
      await stage.stop();
    }
  },
  /** One computer, with its own cloud endpoint. */
  tandem: async ({}, use, testInfo) => {
    requireBuild();
    const stage = new Stage();
    try {
      const cloud = await stage.cloud();
      await use(await stage.app(cloud.url));
      await stage.attachOutput(testInfo);
    } finally {
      await stage.stop();
    }
  },
  /** A supporter's computer and an end user's computer (whose screen is the X display) on one cloud. */
  pair: async ({ xvfb, hostEnv, relayOnly }, use, testInfo) => {
    requireBuild();
    const stage = new Stage();
    const coturn = relayOnly ? await startCoturn() : null;
    try {
      const { url: cloudUrl } = await stage.cloud(
        coturn ? ['--turn-urls', coturn.url, '--turn-secret', coturn.secret, '--turn-only'] : [],
      );
      const supporter = await stage.app(cloudUrl, {}, "supporter's tandem");
      const host = await stage.app(cloudUrl, { DISPLAY: xvfb.display, ...hostEnv }, "end user's tandem");
      await use({ supporter, host, display: xvfb, coturn });
      await stage.attachOutput(testInfo);
    } finally {
      await stage.stop();
      await coturn?.stop();
    }
  },
});

export { expect } from '@playwright/test';
