import { EndpointDb } from '../../server/db/endpointDb';
import { openServerDatabase } from '../../server/db/serverDatabase';

/*
 * An endpoint instance's share of the work on a SQLite folder several processes open (run with
 * tsx; tests/integration/server/db/sharedSqliteFolder.test.ts): `count` layer transactions that each
 * read the stable channel's rollout share, let the event loop turn (as a store awaiting something
 * would), and write it plus one — starting when its parent says 'go', so that several start
 * together. Answers how many committed and the first error.
 */
async function main(): Promise<void> {
  const [dataDir, count] = [process.argv[2]!, Number(process.argv[3])];
  const db = EndpointDb.sqlite(openServerDatabase(dataDir));
  const go = new Promise((resolve) => process.once('message', resolve));
  process.send!('ready');
  await go;
  let committed = 0;
  let error: string | null = null;
  for (let i = 0; i < count; i++) {
    try {
      await db.transaction(async (trx) => {
        const { percentage } = await trx
          .selectFrom('update_rollouts')
          .select('percentage')
          .where('channel', '=', 'stable')
          .executeTakeFirstOrThrow();
        await new Promise((resolve) => setImmediate(resolve));
        await trx
          .updateTable('update_rollouts')
          .set({ percentage: percentage + 1 })
          .where('channel', '=', 'stable')
          .execute();
      });
      committed++;
    } catch (failure) {
      error ??= (failure as Error).message;
    }
  }
  await db.close();
  process.send!({ committed, error });
  process.disconnect();
}

void main();
