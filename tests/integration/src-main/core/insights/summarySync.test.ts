import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../../server/app';
import { startServer } from '../../../../support/testServer';
import { openDesktopDatabase, type DesktopDatabase } from '../../../../../src-main/core/db/desktopDatabase';
import { summarizeBuiltin, type SummaryInput } from '../../../../../src-main/core/insights/builtinSummarizer';
import { SummaryCache } from '../../../../../src-main/core/insights/summaryCache';
import { SummarySync, userChannel } from '../../../../../src-main/core/insights/summarySync';
import type { SyncStatus } from '../../../../../src-shared/domain/summarySync';
import { apiCaller } from '../../../../support/apiCall';
import { memoryLogger } from '../../../../support/silentLogger';
import { tempDir } from '../../../../support/tempDir';
import { accountWithClient } from '../../../../support/accountClient';
import { setupTokenOf } from '../../../../support/setupToken';

const fields = summarizeBuiltin(
  JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput,
  'en',
);

interface Device {
  db: DesktopDatabase;
  cache: SummaryCache;
  sync: SummarySync;
  statuses: SyncStatus[];
  titles: () => string[];
}

describe('summary sync between desktop caches and the real cloud endpoint', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  const devices: Device[] = [];

  async function device(cloudUrl = server.url): Promise<Device> {
    const db = openDesktopDatabase(join(dir.path, `device-${devices.length}.db`));
    const { account, cloud } = accountWithClient(db, cloudUrl);
    await account.signIn('ada@acme.test', 'correct horse battery');
    const cache = new SummaryCache(db);
    const statuses: SyncStatus[] = [];
    const sync = new SummarySync(cache, userChannel(account, cloud), {
      log: memoryLogger().log,
      changed: (status) => statuses.push(status),
      cacheChanged: () => undefined,
      periodMs: 3_600_000,
    });
    const made = {
      db,
      cache,
      sync,
      statuses,
      titles: () => cache.list({ limit: 50, offset: 0 }).items.map((item) => item.fields.title),
    };
    devices.push(made);
    return made;
  }

  beforeEach(async () => {
    dir = tempDir();
    server = await startServer({ dataDir: join(dir.path, 'server'), logger: false });
    await apiCaller(() => server.url)('POST', '/api/v1/setup', {
      company: 'Acme',
      name: 'Ada Admin',
      email: 'ada@acme.test',
      password: 'correct horse battery',
      setupToken: setupTokenOf(server),
    });
  });
  afterEach(async () => {
    for (const made of devices.splice(0)) {
      made.sync.close();
      made.db.close();
    }
    await server.close();
    dir.cleanup();
  });

  it('edit against edit keeps both until the user chooses; a delete reaches the other device as a tombstone', async () => {
    const [a, b] = [await device(), await device()];
    const summary = a.cache.add('request-1', 'acme', fields);
    await a.sync.sync();
    await b.sync.sync();
    expect(b.titles()).toEqual([fields.title]);

    a.cache.update(summary.id, { ...fields, title: 'Edited on A' });
    b.cache.update(summary.id, { ...fields, title: 'Edited on B' });
    await a.sync.sync();
    await b.sync.sync();
    expect(a.sync.status()).toEqual({ state: 'synced', pending: 0, conflicts: 0 });
    expect(b.sync.status()).toEqual({ state: 'pending', pending: 1, conflicts: 1 });
    expect(b.titles()).toEqual(['Edited on B']);
    expect(b.cache.conflicts()).toMatchObject([{ id: summary.id, fields: { title: 'Edited on A' } }]);

    b.cache.resolveConflict(summary.id, 'mine', 'acme');
    await b.sync.sync();
    await a.sync.sync();
    expect(b.sync.status()).toEqual({ state: 'synced', pending: 0, conflicts: 0 });
    expect(a.titles()).toEqual(['Edited on B']);

    a.cache.remove(summary.id);
    await a.sync.sync();
    await b.sync.sync();
    expect(b.titles()).toEqual([]);
    expect(b.cache.list({ query: 'printer', limit: 10, offset: 0 }).total).toBe(0);
  });

  it('taking the other version replaces the local edit', async () => {
    const [a, b] = [await device(), await device()];
    const summary = a.cache.add('request-1', 'acme', fields);
    await a.sync.sync();
    await b.sync.sync();
    a.cache.update(summary.id, { ...fields, title: 'Edited on A' });
    b.cache.update(summary.id, { ...fields, title: 'Edited on B' });
    await a.sync.sync();
    await b.sync.sync();
    b.cache.resolveConflict(summary.id, 'theirs', 'acme');
    expect(b.titles()).toEqual(['Edited on A']);
    await b.sync.sync();
    expect(b.sync.status()).toEqual({ state: 'synced', pending: 0, conflicts: 0 });
  });

  it('offline, changes wait in the outbox and go up once the endpoint is back; a lost answer does not duplicate', async () => {
    const a = await device();
    const port = Number(new URL(server.url).port);
    a.cache.add('request-1', 'acme', fields);
    await server.close();
    await a.sync.sync();
    expect(a.sync.status()).toEqual({ state: 'offline', pending: 1, conflicts: 0 });

    server = await startServer({ dataDir: join(dir.path, 'server'), port, logger: false });
    // The push applies but its answer is lost (as if the app crashed before confirming):
    // the same idempotency key goes again and is answered the same way.
    const [pending] = a.cache.pendingChanges(10);
    await apiCaller(() => server.url)(
      'POST',
      '/api/v1/summaries/push',
      { changes: [pending!.change] },
      await signInToken(),
    );
    await a.sync.sync();
    expect(a.sync.status()).toEqual({ state: 'synced', pending: 0, conflicts: 0 });
    const b = await device();
    await b.sync.sync();
    expect(b.titles()).toEqual([fields.title]);
    expect(
      await server.data.query
        .selectFrom('summaries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst(),
    ).toEqual({ n: 1 });
  });

  /** What the Insights list shows on a device: every summary it lists, with its conflict flag. */
  const listed = (made: Device) =>
    made.cache.list({ limit: 50, offset: 0 }).items.map((item) => ({
      title: item.fields.title,
      conflict: item.conflict,
      deletedHere: item.deletedHere,
    }));

  it('a delete based on an older version is a conflict the list shows; keeping it deleted reaches everyone', async () => {
    const [a, b] = [await device(), await device()];
    const summary = a.cache.add('request-1', 'acme', fields);
    await a.sync.sync();
    await b.sync.sync();

    a.cache.update(summary.id, { ...fields, title: 'Edited on A' });
    await a.sync.sync();
    b.cache.remove(summary.id); // before B has pulled A's edit: based on version 1
    await b.sync.sync();

    expect(b.sync.status()).toEqual({ state: 'pending', pending: 1, conflicts: 1 });
    // The conflict the status bar counts is in the list, and its detail names both sides.
    expect(listed(b)).toEqual([{ title: fields.title, conflict: true, deletedHere: true }]);
    expect(b.cache.conflictWith(summary.id)).toMatchObject({ version: 2, fields: { title: 'Edited on A' } });

    b.cache.resolveConflict(summary.id, 'mine', 'acme'); // Keep it deleted
    expect(listed(b)).toEqual([]);
    await b.sync.sync();
    await a.sync.sync();
    for (const made of [a, b]) {
      expect(made.sync.status()).toEqual({ state: 'synced', pending: 0, conflicts: 0 });
      expect(listed(made)).toEqual([]);
    }
    expect(
      await server.data.query
        .selectFrom('summaries')
        .select(['deleted', 'version'])
        .where('id', '=', summary.id)
        .executeTakeFirst(),
    ).toEqual({
      deleted: 1,
      version: 3,
    });
  });

  it('restoring their version after a stale delete brings it back, and later edits keep arriving', async () => {
    const [a, b] = [await device(), await device()];
    const summary = a.cache.add('request-1', 'acme', fields);
    await a.sync.sync();
    await b.sync.sync();
    a.cache.update(summary.id, { ...fields, title: 'Edited on A' });
    await a.sync.sync();
    b.cache.remove(summary.id);
    await b.sync.sync();

    b.cache.resolveConflict(summary.id, 'theirs', 'acme'); // Restore their version
    expect(listed(b)).toEqual([{ title: 'Edited on A', conflict: false, deletedHere: false }]);
    await b.sync.sync();
    expect(b.sync.status()).toEqual({ state: 'synced', pending: 0, conflicts: 0 });

    a.cache.update(summary.id, { ...fields, title: 'Edited on A again' });
    await a.sync.sync();
    await b.sync.sync();
    expect(b.titles()).toEqual(['Edited on A again']);
    // One version numbering and one time of change, the endpoint's, on every device.
    expect(b.cache.get(summary.id)).toMatchObject({ version: 3, updatedAt: a.cache.get(summary.id)!.updatedAt });
    expect(b.cache.history(summary.id).map((version) => version.version)).toEqual([1, 2, 3]);
    expect(a.cache.history(summary.id).map((version) => version.version)).toEqual([1, 2, 3]);
  });

  it('deleting a summary while its conflict is shown resolves the conflict with the delete', async () => {
    const [a, b] = [await device(), await device()];
    const summary = a.cache.add('request-1', 'acme', fields);
    await a.sync.sync();
    await b.sync.sync();
    a.cache.update(summary.id, { ...fields, title: 'Edited on A' });
    b.cache.update(summary.id, { ...fields, title: 'Edited on B' });
    await a.sync.sync();
    await b.sync.sync();
    expect(listed(b)).toEqual([{ title: 'Edited on B', conflict: true, deletedHere: false }]);

    b.cache.remove(summary.id); // Delete, offered beside the conflict
    await b.sync.sync();
    await a.sync.sync();
    for (const made of [a, b]) {
      expect(made.sync.status()).toEqual({ state: 'synced', pending: 0, conflicts: 0 });
      expect(listed(made)).toEqual([]);
    }
  });

  it('an edit the endpoint applied but never confirmed is not a conflict with the next edit', async () => {
    const a = await device();
    const summary = a.cache.add('request-1', 'acme', fields);
    await a.sync.sync();
    a.cache.update(summary.id, { ...fields, title: 'First edit' });
    // The endpoint applies the push, but the answer is lost (the endpoint was killed before replying).
    const [pending] = a.cache.pendingChanges(10);
    await apiCaller(() => server.url)(
      'POST',
      '/api/v1/summaries/push',
      { changes: [pending!.change] },
      await signInToken(),
    );
    a.cache.update(summary.id, { ...fields, title: 'Second edit' });
    await a.sync.sync();

    expect(a.sync.status()).toEqual({ state: 'synced', pending: 0, conflicts: 0 });
    expect(listed(a)).toEqual([{ title: 'Second edit', conflict: false, deletedHere: false }]);
    expect(a.cache.history(summary.id).map(({ version, fields: { title } }) => ({ version, title }))).toEqual([
      { version: 1, title: fields.title },
      { version: 2, title: 'First edit' },
      { version: 3, title: 'Second edit' },
    ]);
    const row = await server.data.query
      .selectFrom('summaries')
      .select(['version', 'updated_at'])
      .where('id', '=', summary.id)
      .executeTakeFirstOrThrow();
    expect(row.version).toBe(3);
    expect(a.cache.get(summary.id)!.updatedAt).toBe(row.updated_at);
  });

  it('an idle run is one request; a role that loses *view* stops pulling, without an error', async () => {
    const a = await device();
    a.cache.add('request-1', 'acme', fields);
    await a.sync.sync();
    const original = globalThis.fetch;
    const paths: string[] = [];
    globalThis.fetch = (input, init) => {
      paths.push(new URL(String(input)).pathname);
      return original(input, init);
    };
    try {
      await a.sync.sync();
      expect(paths).toEqual(['/api/v1/summaries/changes']);

      await server.data.query.updateTable('roles').set({ permissions: '[]' }).execute();
      paths.length = 0;
      await a.sync.sync();
      expect(a.sync.status()).toEqual({ state: 'synced', pending: 0, conflicts: 0 });
      expect(paths).toEqual(['/api/v1/summaries/changes', '/api/v1/me']);
      paths.length = 0;
      await a.sync.sync();
      expect(a.sync.status()).toEqual({ state: 'synced', pending: 0, conflicts: 0 });
      expect(paths).toEqual([]);
    } finally {
      globalThis.fetch = original;
    }
  });

  /** The endpoint paths a run of `sync` asks, in order. */
  async function requestsOf(run: () => Promise<void>): Promise<string[]> {
    const original = globalThis.fetch;
    const paths: string[] = [];
    globalThis.fetch = (input, init) => {
      paths.push(new URL(String(input)).pathname);
      return original(input, init);
    };
    try {
      await run();
      return paths;
    } finally {
      globalThis.fetch = original;
    }
  }
  const times = (count: number, path: string) => Array.from({ length: count }, () => path);

  it('a device that pushed many summaries pulls once afterwards; an idle run is one request', async () => {
    const [a, b] = [await device(), await device()];
    const MANY = 1000;
    for (let i = 0; i < MANY; i++) a.cache.add(`request-a-${i}`, 'acme', { ...fields, title: `From A ${i}` });

    // 1000 pushes go up in batches of 250; nobody else changed anything, so one pull says so.
    expect(await requestsOf(() => a.sync.sync())).toEqual([
      ...times(4, '/api/v1/summaries/push'),
      '/api/v1/summaries/changes',
    ]);
    expect(a.sync.status()).toEqual({ state: 'synced', pending: 0, conflicts: 0 });
    expect(await requestsOf(() => a.sync.sync())).toEqual(['/api/v1/summaries/changes']);

    // The other device pulls them all, a page of 500 at a time (the endpoint's largest), and is idle afterwards.
    expect(await requestsOf(() => b.sync.sync())).toEqual(times(2, '/api/v1/summaries/changes'));
    expect(b.cache.list({ limit: 1, offset: 0 }).total).toBe(MANY);
    expect(await requestsOf(() => b.sync.sync())).toEqual(['/api/v1/summaries/changes']);

    // Changes on both sides: each device pushes its own and, in the same single pull, gets the other's only.
    const fromB = b.cache.add('request-b', 'acme', { ...fields, title: 'From B' });
    await b.sync.sync();
    for (let i = 0; i < 300; i++) a.cache.add(`request-a-more-${i}`, 'acme', { ...fields, title: `More from A ${i}` });
    expect(await requestsOf(() => a.sync.sync())).toEqual([
      ...times(2, '/api/v1/summaries/push'),
      '/api/v1/summaries/changes',
    ]);
    expect(a.cache.list({ limit: 1, offset: 0 }).total).toBe(MANY + 301);
    expect(a.cache.get(fromB.id)).toMatchObject({ fields: { title: 'From B' } });
    expect(await requestsOf(() => a.sync.sync())).toEqual(['/api/v1/summaries/changes']);
    expect(await requestsOf(() => b.sync.sync())).toEqual(['/api/v1/summaries/changes']);
    expect(b.cache.list({ limit: 1, offset: 0 }).total).toBe(MANY + 301);
  });

  it('the next batch of pushes is on its way while the endpoint applies the one before, and every change arrives once', async () => {
    const [a, b] = [await device(), await device()];
    for (let i = 0; i < 500; i++) a.cache.add(`request-a-${i}`, 'acme', { ...fields, title: `From A ${i}` });
    // Two edits of one summary: the second goes only once the first is confirmed, even while batches overlap.
    const edited = a.cache.add('request-a-edited', 'acme', { ...fields, title: 'First' });
    a.cache.update(edited.id, { ...fields, title: 'Second' });
    const original = globalThis.fetch;
    let pushing = 0;
    let mostAtOnce = 0;
    globalThis.fetch = async (input, init) => {
      if (!new URL(String(input)).pathname.endsWith('/summaries/push')) return original(input, init);
      mostAtOnce = Math.max(mostAtOnce, ++pushing);
      try {
        return await original(input, init);
      } finally {
        pushing--;
      }
    };
    try {
      await a.sync.sync();
    } finally {
      globalThis.fetch = original;
    }
    expect(mostAtOnce).toBe(2);
    expect(a.sync.status()).toEqual({ state: 'synced', pending: 0, conflicts: 0 });
    await b.sync.sync();
    expect(b.cache.list({ limit: 1, offset: 0 }).total).toBe(501);
    expect(b.cache.get(edited.id)).toMatchObject({ version: 2, fields: { title: 'Second' } });
  });

  it('long summaries go up in smaller pushes, each within what the endpoint accepts, and all arrive', async () => {
    const [a, b] = [await device(), await device()];
    // About 12 KB each: 120 of them are 1.4 MB, more than the endpoint takes in one request (1 MiB).
    const long = { ...fields, actionsTaken: Array.from({ length: 24 }, (_, i) => `${i} ${'step '.repeat(99)}`) };
    for (let i = 0; i < 120; i++) a.cache.add(`request-long-${i}`, 'acme', { ...long, title: `Long ${i}` });
    const pushes = (await requestsOf(() => a.sync.sync())).filter((path) => path.endsWith('/summaries/push'));
    expect(a.sync.status()).toEqual({ state: 'synced', pending: 0, conflicts: 0 });
    expect(pushes.length).toBeGreaterThanOrEqual(3);
    await b.sync.sync();
    expect(b.cache.list({ limit: 1, offset: 0 }).total).toBe(120);
    expect(b.cache.list({ limit: 1, offset: 0 }).items[0]!.fields.actionsTaken).toEqual(long.actionsTaken);
  });

  async function signInToken() {
    const answer = await apiCaller(() => server.url)('POST', '/api/v1/auth/sign-in', {
      email: 'ada@acme.test',
      password: 'correct horse battery',
    });
    return answer.body!.token as string;
  }
});
