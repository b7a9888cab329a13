import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's PostgreSQL binaries (the `postgresql` package; `.ci/run` installs it when missing). */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('PostgreSQL is not installed: apt-get install postgresql (see the README).');
  return join(root, newest, 'bin');
}

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

export interface PostgresCluster {
  /** The superuser's URL to the `postgres` database (no password: trust on loopback). */
  readonly url: string;
  stop(): void;
}

/**
 * A throw-away PostgreSQL cluster on 127.0.0.1 at a free port, its data and socket in a temp folder.
 * PostgreSQL refuses to run as root, so as root it runs as Debian's `postgres` user, which then owns
 * the folder. Durability is switched off: a test cluster trades crash safety for speed.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'tandem-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (file: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' })
      : execFileSync(file, args, { stdio: 'pipe' });
  const data = join(dir, 'data');
  run(join(bin, 'initdb'), ['-D', data, '-U', 'tandem', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  let port: number;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      run(join(bin, 'pg_ctl'), [
        '-D',
        data,
        '-w',
        '-t',
        '30',
        '-l',
        join(dir, 'postgres.log'),
        '-o',
        `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
        'start',
      ]);
      break;
    } catch (error) {
      // Another process took the port between our probe and the start: try another.
      if (attempt >= 3) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const stopped = { done: false };
  return {
    url: `postgres://tandem@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped.done) return;
      stopped.done = true;
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
