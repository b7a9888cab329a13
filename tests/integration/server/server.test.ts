import SwaggerParser from '@apidevtools/swagger-parser';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { healthSchema } from '../../../src-shared/domain/cloud';
import { OPENAPI_PATH, type RunningServer } from '../../../server/app';
import { startServer, startSqliteServer } from '../../support/testServer';
import { SERVER_DB_FILE } from '../../../server/db/serverDatabase';
import { spawnUntil } from '../../support/processes';
import { tempDir } from '../../support/tempDir';

describe('the cloud endpoint', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(dataDir?: string): Promise<RunningServer> {
    const dir = dataDir ?? tempDir().path;
    const server = await startServer({ dataDir: dir, logger: false });
    cleanups.push(() => server.close());
    return server;
  }

  it('answers /healthz on 127.0.0.1 with its identity', async () => {
    const server = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(healthSchema.parse(await response.json()).service).toBe('tandem-cloud');
  });

  it('publishes a valid OpenAPI 3 document generated from the route schemas', async () => {
    const server = await start();
    const document = (await (await fetch(`${server.url}${OPENAPI_PATH}`)).json()) as { openapi: string; paths: object };
    expect(document.openapi).toMatch(/^3\./);
    await SwaggerParser.validate(structuredClone(document) as never);
    expect(Object.keys(document.paths)).toContain('/healthz');
  });

  it('answers unknown routes with a typed error, not a stack trace', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/api/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'No route GET /api/v1/nothing-here.' },
    });
  });

  it('keeps its data across restarts', async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const first = await startServer({ dataDir: dir.path, logger: false });
    const before = healthSchema.parse(await (await fetch(`${first.url}/healthz`)).json()).instanceId;
    await first.close();
    const second = await start(dir.path);
    const after = healthSchema.parse(await (await fetch(`${second.url}/healthz`)).json()).instanceId;
    expect(after).toBe(before);
  });

  it('refuses a database written by a newer version and leaves it untouched', async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const db = new Database(join(dir.path, SERVER_DB_FILE));
    db.pragma('user_version = 999');
    db.close();
    // The SQLite file's own version (PostgreSQL's refusal: tests/integration/server/db/endpointMigrations.test.ts).
    await expect(startSqliteServer({ dataDir: dir.path, logger: false })).rejects.toThrow(/newer version of Tandem/);
    const check = new Database(join(dir.path, SERVER_DB_FILE));
    expect(check.pragma('user_version', { simple: true })).toBe(999);
    check.close();
  });

  describe('as a process (npm run server)', () => {
    beforeAll(() => {
      execFileSync(process.execPath, ['scripts/build-node.mjs']);
    });

    it('takes port and data folder from flags, and shuts down gracefully on SIGTERM', async () => {
      const dir = tempDir();
      cleanups.push(dir.cleanup);
      const server = await spawnUntil<{ url: string }>(
        process.execPath,
        ['out/server/main.cjs', '--port', '0', '--data-dir', dir.path, '--log-level', 'warn'],
        'listening',
      );
      expect((await fetch(`${server.ready.url}/healthz`)).status).toBe(200);
      expect(await server.stop()).toBe(0);
    });

    it('takes its settings from the environment', async () => {
      const dir = tempDir();
      cleanups.push(dir.cleanup);
      const server = await spawnUntil<{ url: string }>(process.execPath, ['out/server/main.cjs'], 'listening', {
        env: { TANDEM_SERVER_PORT: '0', TANDEM_SERVER_DATA_DIR: dir.path, TANDEM_LOG_LEVEL: 'warn' },
      });
      cleanups.push(() => server.stop());
      expect(server.ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });

    it('explains a bad configuration and exits with status 2', () => {
      let failure: { status: number; stderr: Buffer } | undefined;
      try {
        execFileSync(process.execPath, ['out/server/main.cjs', '--port', 'eighty'], { stdio: 'pipe' });
      } catch (error) {
        failure = error as { status: number; stderr: Buffer };
      }
      expect(failure?.status).toBe(2);
      expect(String(failure?.stderr)).toMatch(/configuration is invalid[\s\S]*port/);
    });

    it('lists every flag and variable under --help, and starts nothing', () => {
      const help = execFileSync(process.execPath, ['out/server/main.cjs', '--help'], { encoding: 'utf8' });
      for (const flag of [
        '--turn-only',
        '--turn-urls',
        '--secret-key-file',
        '--trust-proxy',
        '--setup-token',
        '--redis',
      ])
        expect(help).toContain(flag);
      for (const variable of ['TANDEM_TURN_ONLY', 'TANDEM_SECRET_KEY', 'TANDEM_TRUST_PROXY', 'TANDEM_REDIS_URL'])
        expect(help).toContain(variable);
    });
  });
});
