import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  readonly url: string;
  /** A client of the test's own, to look at (or tamper with) what the instances keep there. */
  readonly client: Redis;
  stop(): Promise<void>;
}

/**
 * A throw-away redis-server (Debian's `redis-server`; `.ci/run` installs it) on 127.0.0.1 at a
 * free port, its files in a temp folder, nothing saved to disk.
 */
export async function startRedisServer(options: { port?: number } = {}): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-redis-'));
  for (let attempt = 0; ; attempt++) {
    // A given port: a Redis back where one was stopped, for the clients still pointed at it.
    const port = options.port ?? (await freePort());
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output: string[] = [];
    child.stdout!.on('data', (chunk: Buffer) => output.push(String(chunk)));
    child.stderr!.on('data', (chunk: Buffer) => output.push(String(chunk)));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const ready = await new Promise<boolean>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output.join('')}`)), 10_000);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`redis-server could not run (apt-get install redis-server): ${error.message}`));
      });
      child.stdout!.on('data', () => {
        if (output.join('').includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (!ready) {
      // Another process took the port between our probe and the start: try another.
      if (attempt < 3 && options.port === undefined) continue;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`redis-server exited:\n${output.join('')}`);
    }
    const url = `redis://127.0.0.1:${port}`;
    const client = new Redis(url, { maxRetriesPerRequest: 1 });
    return {
      url,
      client,
      async stop() {
        client.disconnect();
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}
