import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { readSetupToken } from '../../server/accounts/setupToken';
import { summarizeBuiltin, type SummaryInput } from '../../src-main/core/insights/builtinSummarizer';
import type { SummaryChange } from '../../src-shared/domain/summarySync';
import { startPostgresCluster } from '../../tests/support/postgresCluster';
import { spawnUntil } from '../../tests/support/processes';
import { tempDir } from '../../tests/support/tempDir';
import { elapsedMs, printFigure } from '../support/figures';

const PAGE = 100;
const fields = summarizeBuiltin(
  JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput,
  'en',
);

async function call(url: string, path: string, body: unknown, token?: string) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** `count` new summaries pushed by a signed-in user in pages of 100 through the built endpoint; summaries/s per page. */
async function pushRun(count: number, database?: string): Promise<{ perPage: number[]; refused: number; ms: number }> {
  const dir = tempDir('tandem-bench-scale-');
  const endpoint = await spawnUntil<{ url: string }>(
    process.execPath,
    ['out/server/main.cjs', '--port', '0', '--data-dir', dir.path, '--log-level', 'warn'],
    'listening',
    { env: database ? { TANDEM_DATABASE_URL: database, TANDEM_SECRET_KEY: randomBytes(32).toString('base64') } : {} },
  );
  const { url } = endpoint.ready;
  try {
    const account = { email: 'ada@acme.test', password: 'correct horse battery' };
    await call(url, '/api/v1/setup', {
      company: 'Acme',
      name: 'Ada',
      ...account,
      setupToken: readSetupToken(dir.path),
    });
    const { token } = (await call(url, '/api/v1/auth/sign-in', account)) as { token: string };
    const perPage: number[] = [];
    let refused = 0;
    const start = process.hrtime.bigint();
    for (let sent = 0; sent < count; sent += PAGE) {
      const changes: SummaryChange[] = Array.from({ length: Math.min(PAGE, count - sent) }, (_, i) => ({
        op: 'upsert',
        key: randomUUID(),
        id: randomUUID(),
        requestId: `bench-${sent + i}`,
        baseVersion: 0,
        createdAt: new Date(Date.UTC(2026, 10, 1) + (sent + i) * 60_000).toISOString(),
        fields: { ...fields, title: `${fields.title} #${sent + i}` },
      }));
      const pageStart = process.hrtime.bigint();
      const { results } = (await call(url, '/api/v1/summaries/push', { changes }, token)) as {
        results: { status: string }[];
      };
      perPage.push((changes.length / elapsedMs(pageStart)) * 1000);
      refused += changes.length - results.filter((result) => result.status === 'applied').length;
    }
    return { perPage, refused, ms: elapsedMs(start) };
  } finally {
    await endpoint.stop();
    dir.cleanup();
  }
}

/**
 * summaries_push_per_s: the same pushes through the same built endpoint on PostgreSQL against
 * SQLite (the floor); `ratio` is PostgreSQL's summaries/s over SQLite's (below 1: slower).
 * The throw-away cluster runs with PostgreSQL's own durability defaults again (fsync, synchronous
 * commit, full-page writes), as an operator's would; the endpoint's SQLite runs its WAL at
 * synchronous=NORMAL (synced at checkpoints, not at each commit).
 */
export async function summaryPushFigures(bench: string, count: number): Promise<void> {
  const cluster = await startPostgresCluster();
  const admin = new pg.Client({ connectionString: cluster.url });
  try {
    await admin.connect();
    for (const setting of ['fsync', 'synchronous_commit', 'full_page_writes'])
      await admin.query(`ALTER SYSTEM SET ${setting} = on`);
    await admin.query('SELECT pg_reload_conf()');
    await admin.query('CREATE DATABASE tandem_bench');
    await admin.end();
    const postgres = await pushRun(count, cluster.url.replace(/\/postgres$/, '/tandem_bench'));
    const sqlite = await pushRun(count);
    printFigure({
      bench,
      metric: 'summaries_push_per_s',
      unit: 'summaries/s',
      samples: postgres.perPage,
      floor: sqlite.perPage,
      extra: {
        summaries: count,
        refused: postgres.refused,
        floor_refused: sqlite.refused,
        total_s: Math.round(postgres.ms / 100) / 10,
        floor_total_s: Math.round(sqlite.ms / 100) / 10,
      },
    });
  } finally {
    cluster.stop();
  }
}
