import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLoadBalancer, type LoadBalancer } from './loadBalancer';
import { spawnUntil, type ReadyProcess } from './processes';

const run = promisify(execFile);

export interface EndpointInstance extends ReadyProcess<{ url: string }> {
  readonly url: string;
}

export interface EndpointInstances {
  /** The load balancer's URL: where devices and users are sent, as in production. */
  readonly url: string;
  readonly instances: readonly EndpointInstance[];
  /** Another balancer over the instances in this order (`rotate: false`: the first alive takes everything). */
  balancer(order: readonly number[], options?: { rotate?: boolean }): Promise<LoadBalancer>;
  /** Kills instance `index` (kill -9, or SIGTERM: a graceful stop) and waits until it is gone. */
  stop(index: number, signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** One of the operator's commands (`create-company`, `add-credits`, …) on the instances' database; its JSON line. */
  operator(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * `count` processes of the built endpoint (`out/server/main.cjs`, as an operator runs it) sharing
 * one database and one Redis, behind a loopback load balancer. The database: `database`, a
 * PostgreSQL URL, with a data folder of its own per instance and one secret key for all (as on
 * machines of their own); without one, one SQLite data folder they all open.
 */
export async function startEndpointInstances(
  count: number,
  {
    redis,
    dataDir,
    database,
    env = {},
    nodeLinks = false,
  }: {
    redis: string;
    dataDir: string;
    database?: string | undefined;
    env?: NodeJS.ProcessEnv;
    /** Each instance announces where it listens, so messages between them skip Redis (`--node-url listen`). */
    nodeLinks?: boolean;
  },
): Promise<EndpointInstances> {
  const where = (i: number) => ['--data-dir', database ? join(dataDir, `instance-${i}`) : dataDir];
  const shared: NodeJS.ProcessEnv = database
    ? { TANDEM_DATABASE_URL: database, TANDEM_SECRET_KEY: randomBytes(32).toString('base64') }
    : {};
  const instances: EndpointInstance[] = [];
  const balancers: LoadBalancer[] = [];
  const close = async () => {
    for (const balancer of balancers) await balancer.close();
    for (const instance of instances) await instance.stop();
  };
  try {
    // One after the other: the first creates the database, the others find it made.
    for (let i = 0; i < count; i++) {
      const instance = await spawnUntil<{ url: string }>(
        process.execPath,
        [
          'out/server/main.cjs',
          '--port',
          '0',
          ...where(i),
          '--log-level',
          'warn',
          ...(nodeLinks ? ['--node-url', 'listen'] : []),
        ],
        'listening',
        { env: { TANDEM_REDIS_URL: redis, ...shared, ...env } },
      );
      instances.push({ ...instance, url: instance.ready.url });
    }
  } catch (error) {
    await close();
    throw error;
  }
  const urls = instances.map((instance) => instance.url);
  const balancer = async (order: readonly number[], options?: { rotate?: boolean }) => {
    const started = await startLoadBalancer(
      order.map((i) => urls[i]!),
      options,
    );
    balancers.push(started);
    return started;
  };
  const main = await balancer(urls.map((_, i) => i));
  return {
    url: main.url,
    instances,
    balancer,
    async stop(index, signal) {
      const { child } = instances[index]!;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await instances[index]!.stop();
    },
    async operator(command, args, extraEnv = {}) {
      const { stdout } = await run(process.execPath, ['out/server/main.cjs', command, ...where(0), ...args], {
        env: { ...process.env, ...shared, ...extraEnv },
      });
      return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    },
    close,
  };
}
