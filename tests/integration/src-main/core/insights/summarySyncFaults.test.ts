import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openServerDatabase, SERVER_DB_FILE } from '../../../../../server/db/serverDatabase';
import { EndpointDb } from '../../../../../server/db/endpointDb';
import { SummaryFeed } from '../../../../../server/summaries/summaryFeed';
import { openDesktopDatabase } from '../../../../../src-main/core/db/desktopDatabase';
import { summarizeBuiltin, type SummaryInput } from '../../../../../src-main/core/insights/builtinSummarizer';
import { SummaryCache } from '../../../../../src-main/core/insights/summaryCache';
import { SummarySync, type SyncTransport } from '../../../../../src-main/core/insights/summarySync';
import { ALL_PERMISSIONS } from '../../../../../src-shared/domain/accounts';
import {
  summaryPullSchema,
  summaryPushResultSchema,
  summaryPushSchema,
} from '../../../../../src-shared/domain/summarySync';
import { TandemError } from '../../../../../src-shared/errors';
import { memoryLogger } from '../../../../support/silentLogger';
import { tempDir } from '../../../../support/tempDir';

const RUNS = 1000;
const pushAnswer = z.object({ results: z.array(summaryPushResultSchema) });
const COMPANY = 'acme';
const base = summarizeBuiltin(
  JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput,
  'en',
);

/** mulberry32: a small seeded generator, so a failing run can be replayed by its seed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}

/**
 * The cloud endpoint's real summary store behind a faulty line: requests lost before they
 * arrive, answers lost after the endpoint applied them (a kill mid-push or mid-pull), requests
 * delivered twice, and clocks that disagree. Bodies go through JSON and the API's schemas.
 */
/** A change the endpoint applied and the device heard back about: it must never be lost. */
interface Acknowledged {
  id: string;
  version: number;
  fields: unknown;
}

function faultyTransport(
  store: SummaryFeed,
  rng: ReturnType<typeof random>,
  clockSkewMs: number,
  acknowledged: Acknowledged[],
  /** Who this device is to the endpoint: its own changes are not sent back, and its cursor passes them. */
  origin: string,
): SyncTransport {
  const line = async <T>(schema: z.ZodType<T>, serve: () => Promise<unknown>): Promise<T> => {
    const fault = rng.next();
    if (fault < 0.1) throw new TandemError('cloud_unreachable', 'connection dropped before the request arrived');
    let answer = await serve();
    if (fault < 0.15) answer = await serve(); // delivered twice
    if (fault > 0.9) throw new TandemError('cloud_unreachable', 'connection dropped before the answer arrived');
    return schema.parse(JSON.parse(JSON.stringify(answer)));
  };
  return async () => ({
    companyId: COMPANY,
    push: async (changes) => {
      const body = summaryPushSchema.parse(JSON.parse(JSON.stringify({ changes })));
      const { results } = await line(pushAnswer, async () => ({
        results: await store.push(
          COMPANY,
          ALL_PERMISSIONS,
          body.changes,
          new Date(Date.now() + clockSkewMs),
          null,
          origin,
        ),
      }));
      results.forEach((result, index) => {
        const change = body.changes[index]!;
        if (result.status === 'applied' && result.version > 0)
          acknowledged.push({
            id: result.id,
            version: result.version,
            fields: change.op === 'upsert' ? change.fields : null,
          });
      });
      return results;
    },
    pull: (since, limit) => line(summaryPullSchema, () => store.pull(COMPANY, since, limit, origin)),
  });
}

async function liveOnServer(store: SummaryFeed) {
  return (await store.pull(COMPANY, 0, 100_000)).changes
    .filter((summary) => !summary.deleted)
    .map((summary) => ({ id: summary.id, fields: summary.fields }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * What a user can do about conflicts: open each one the Insights list marks, and choose — keep
 * mine (or keep it deleted), take theirs (or restore theirs), or delete it beside the conflict.
 * Nothing reaches a conflict except through the list.
 */
function resolveFromTheList(cache: SummaryCache, rng: ReturnType<typeof random>) {
  for (const item of cache.list({ limit: 200, offset: 0 }).items.filter((listed) => listed.conflict)) {
    const choice = rng.next();
    if (choice < 0.4) cache.resolveConflict(item.id, 'mine', COMPANY);
    else if (choice < 0.8) cache.resolveConflict(item.id, 'theirs', COMPANY);
    else cache.remove(item.id);
  }
}

/** Every conflict the status bar counts is one the list shows, so the user can open it. */
function expectEveryConflictListed(cache: SummaryCache, seed: number) {
  const listed = cache.list({ limit: 200, offset: 0 }).items.filter((item) => item.conflict).length;
  expect(listed, `seed ${seed}: a counted conflict the list does not show`).toBe(cache.conflictCount());
}

function liveOnDevice(cache: SummaryCache) {
  return cache
    .list({ limit: 200, offset: 0 })
    .items.map((item) => ({ id: item.id, fields: item.fields }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Freshly migrated databases, made once: every run opens copies of them (through the same open
 * functions, which find nothing to migrate). The runs are about sync; migrating four databases
 * was most of each run's time.
 */
function migratedDatabases(dir: string) {
  const serverTemplate = join(dir, 'template-server');
  openServerDatabase(serverTemplate).close();
  const deviceTemplate = join(dir, 'template-device.db');
  openDesktopDatabase(deviceTemplate).close();
  return {
    server: (dataDir: string) => {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      copyFileSync(join(serverTemplate, SERVER_DB_FILE), join(dataDir, SERVER_DB_FILE));
      return openServerDatabase(dataDir);
    },
    device: (file: string) => {
      copyFileSync(deviceTemplate, file);
      return openDesktopDatabase(file);
    },
  };
}

async function run(seed: number, dir: string, databases: ReturnType<typeof migratedDatabases>) {
  const rng = random(seed);
  const serverDir = join(dir, `server-${seed}`);
  const serverDb = databases.server(serverDir);
  serverDb.prepare('INSERT INTO companies (id, name, created_at) VALUES (?, ?, ?)').run(COMPANY, 'Acme', 'now');
  const serverData = EndpointDb.sqlite(serverDb);
  const store = new SummaryFeed(serverData);
  const acknowledged: Acknowledged[] = [];
  const devices = Array.from({ length: 3 }, (_, index) => {
    const db = databases.device(join(dir, `device-${seed}-${index}.db`));
    const cache = new SummaryCache(db);
    const skew = (rng.next() - 0.5) * 2 * 86_400_000;
    const sync = new SummarySync(cache, faultyTransport(store, rng, skew, acknowledged, `device:${index}`), {
      log: memoryLogger().log,
      changed: () => undefined,
      cacheChanged: () => undefined,
      periodMs: 60_000,
      scheduled: false,
    });
    return { db, cache, sync, now: () => new Date(Date.now() + skew) };
  });

  try {
    for (let step = 0, steps = 6 + rng.int(14); step < steps; step++) {
      const device = rng.pick(devices);
      const live = device.cache.list({ limit: 200, offset: 0 }).items;
      const action = rng.next();
      if (action < 0.3 || live.length === 0) {
        device.cache.add(randomUUID(), COMPANY, { ...base, title: `Added at step ${step}` }, device.now());
      } else if (action < 0.55) {
        const target = rng.pick(live);
        device.cache.update(target.id, { ...target.fields, title: `Edited at step ${step}` }, device.now());
      } else if (action < 0.65) {
        device.cache.remove(rng.pick(live).id, device.now());
      } else {
        resolveFromTheList(device.cache, rng);
        await device.sync.sync();
      }
      for (const each of devices) expectEveryConflictListed(each.cache, seed);
    }

    // The line heals: everyone resolves their conflicts and syncs until nothing is left to do.
    for (let round = 0; round < 20; round++) {
      for (const device of devices) {
        resolveFromTheList(device.cache, rng);
        await device.sync.sync();
        expectEveryConflictListed(device.cache, seed);
      }
      const settled = devices.every(
        (device) => device.sync.status().state === 'synced' && device.sync.status().conflicts === 0,
      );
      const server = await liveOnServer(store);
      if (settled && devices.every((device) => JSON.stringify(liveOnDevice(device.cache)) === JSON.stringify(server)))
        break;
    }

    const server = await liveOnServer(store);
    for (const device of devices) {
      expect(device.sync.status(), `seed ${seed}`).toMatchObject({ state: 'synced', pending: 0, conflicts: 0 });
      expect(liveOnDevice(device.cache), `seed ${seed}`).toEqual(server);
    }
    // No acknowledged change is lost: the endpoint holds it, or a later version built on it.
    for (const change of acknowledged) {
      const held = (await store.get(COMPANY, change.id))!;
      expect(held.version, `seed ${seed}: version ${change.version} of ${change.id}`).toBeGreaterThanOrEqual(
        change.version,
      );
      if (held.version === change.version && change.fields) expect(held.fields, `seed ${seed}`).toEqual(change.fields);
    }
    const rows = serverDb
      .prepare('SELECT count(*) AS n, count(DISTINCT request_id) AS distinct_requests FROM summaries')
      .get() as {
      n: number;
      distinct_requests: number;
    };
    expect(rows.n, `seed ${seed}: every summary exactly once`).toBe(rows.distinct_requests);
  } finally {
    for (const device of devices) {
      device.sync.close();
      device.db.close();
    }
    await serverData.close();
  }
}

describe('summary sync under faults', () => {
  it(`three devices converge in ${RUNS} seeded runs: conflicts resolved from the list, lost requests and answers, double delivery, skewed clocks`, async () => {
    const dir = tempDir();
    try {
      const databases = migratedDatabases(dir.path);
      for (let seed = 1; seed <= RUNS; seed++) await run(seed, dir.path, databases);
    } finally {
      dir.cleanup();
    }
  }, 600_000);
});
