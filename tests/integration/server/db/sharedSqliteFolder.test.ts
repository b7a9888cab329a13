import { fork } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { EndpointDb } from '../../../../server/db/endpointDb';
import { openServerDatabase } from '../../../../server/db/serverDatabase';
import { tempDir } from '../../../support/tempDir';

/**
 * Instances on one machine may share one SQLite data folder (README, "Many machines"). Two
 * processes that read and then write in their transactions at the same time must take turns:
 * every transaction commits and no write is lost — where a transaction that began by reading
 * failed with SQLITE_BUSY once the other process had written (a set-up at two instances at once
 * answered 500).
 */
describe('two processes on one SQLite data folder', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('take turns with transactions that read and then write: all commit, no write lost', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.cleanup());
    const db = EndpointDb.sqlite(openServerDatabase(dir.path));
    cleanups.push(() => db.close());
    await db.query
      .insertInto('update_rollouts')
      .values({ channel: 'stable', percentage: 0, updated_at: new Date().toISOString() })
      .onConflict((conflict) => conflict.column('channel').doUpdateSet({ percentage: 0 }))
      .execute();

    // The share stays within 0–100 (its CHECK): 45 each.
    const each = 45;
    const instances = [0, 1].map(() => {
      const child = fork('tests/support/readThenWrite.ts', [dir.path, String(each)], {
        execPath: 'node_modules/.bin/tsx',
      });
      cleanups.push(() => child.kill());
      // Its first message says it opened the folder, its second what it did.
      const messages = new Promise<unknown[]>((resolve, reject) => {
        const received: unknown[] = [];
        child.on('message', (message) => {
          received.push(message);
          if (received.length === 1) ready();
          if (received.length === 2) resolve(received);
        });
        child.on('exit', (code) => reject(new Error(`the instance exited with ${code} before answering`)));
      });
      let ready: () => void = () => undefined;
      const opened = new Promise<void>((resolve) => (ready = resolve));
      return { child, ready: Promise.race([opened, messages]), result: messages.then((received) => received[1]) };
    });
    // Both opened the folder; now both go at once.
    await Promise.all(instances.map((instance) => instance.ready));
    for (const { child } of instances) child.send('go');
    expect(await Promise.all(instances.map((instance) => instance.result))).toEqual([
      { committed: each, error: null },
      { committed: each, error: null },
    ]);
    const { percentage } = await db.query
      .selectFrom('update_rollouts')
      .select('percentage')
      .where('channel', '=', 'stable')
      .executeTakeFirstOrThrow();
    expect(percentage).toBe(2 * each);
  });
});
