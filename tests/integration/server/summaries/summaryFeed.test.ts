import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EndpointDb } from '../../../../server/db/endpointDb';
import { enqueueDeliveries } from '../../../../server/integrations/deliveryQueue';
import { SummaryFeed } from '../../../../server/summaries/summaryFeed';
import type { SummaryInput } from '../../../../src-main/core/insights/builtinSummarizer';
import { summarizeBuiltin } from '../../../../src-main/core/insights/builtinSummarizer';
import { ALL_PERMISSIONS } from '../../../../src-shared/domain/accounts';
import { summaryPullSchema, type SummaryChange } from '../../../../src-shared/domain/summarySync';
import { ENGINES, openTestEndpointDb, type TestEndpointDb, twoInstancesOnPostgres } from '../../../support/endpointDbs';

const fields = summarizeBuiltin(
  JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput,
  'en',
);
const upsert = (id: string, baseVersion: number, title = fields.title): SummaryChange => ({
  op: 'upsert',
  key: randomUUID(),
  id,
  requestId: `request-${id}`,
  baseVersion,
  createdAt: '2026-11-21T10:00:00.000Z',
  fields: { ...fields, title },
});

const addCompanies = (db: EndpointDb, ...ids: string[]) =>
  db.query
    .insertInto('companies')
    .values(ids.map((id) => ({ id, name: id, created_at: 'now' })))
    .execute();

describe.each(ENGINES)('the summaries’ change feed on %s', (engine) => {
  let test: TestEndpointDb;
  let store: SummaryFeed;

  beforeEach(async () => {
    test = await openTestEndpointDb(engine);
    store = new SummaryFeed(test.db);
  });
  afterEach(() => test.close());

  it('keeps each company’s summaries to itself', async () => {
    await addCompanies(test.db, 'acme-2', 'globex');
    const shared = randomUUID();
    await store.push('acme-2', ALL_PERMISSIONS, [upsert(shared, 0, 'Acme’s')], new Date());
    await store.push('globex', ALL_PERMISSIONS, [upsert(shared, 0, 'Globex’s'), upsert(randomUUID(), 0)], new Date());
    expect((await store.pull('acme-2', 0, 10)).changes.map((change) => change.fields?.title)).toEqual(['Acme’s']);
    expect((await store.pull('globex', 0, 10)).changes).toHaveLength(2);
    // Pages: one at a time, following the cursor.
    const page = await store.pull('globex', 0, 1);
    expect(page).toMatchObject({ more: true, changes: [{ fields: { title: 'Globex’s' } }] });
    expect(await store.pull('globex', page.cursor, 1)).toMatchObject({ more: false, changes: [{}] });
  });

  it('the caller’s own changes never fill a page: the cursor passes them, even when the page is empty', async () => {
    await addCompanies(test.db, 'initech', 'globex');
    const by = (origin: string, count: number, title: string) =>
      store.push(
        'initech',
        ALL_PERMISSIONS,
        Array.from({ length: count }, (_, i) => upsert(randomUUID(), 0, `${title} ${i}`)),
        new Date(),
        null,
        origin,
      );
    await by('me', 3, 'Mine');
    await by('them', 1, 'Theirs A');
    await by('me', 3, 'Mine later');
    await by('them', 1, 'Theirs B');
    await by('me', 2, 'Mine last');
    // Another company's change afterwards is no part of this company's feed.
    await store.push('globex', ALL_PERMISSIONS, [upsert(randomUUID(), 0, 'Globex’s')], new Date());
    const last = Number(
      (
        await test.db.query
          .selectFrom('summaries')
          .select((eb) => eb.fn.max('change_seq').as('n'))
          .where('company_id', '=', 'initech')
          .executeTakeFirstOrThrow()
      ).n,
    );

    const first = await store.pull('initech', 0, 1, 'me');
    expect(first).toMatchObject({ more: true, changes: [{ fields: { title: 'Theirs A 0' } }] });
    // Nothing but my own changes after the second of theirs: no further page, the cursor at the last change.
    const second = await store.pull('initech', first.cursor, 1, 'me');
    expect(second).toMatchObject({ more: false, cursor: last, changes: [{ fields: { title: 'Theirs B 0' } }] });
    expect(await store.pull('initech', second.cursor, 1, 'me')).toEqual({ changes: [], cursor: last, more: false });
    // Only my own changes after the cursor: one empty answer takes me past all of them.
    const afterFirst = await store.pull('initech', first.cursor + 1, 200, 'me');
    expect(afterFirst.changes.map((change) => change.fields?.title)).toEqual(['Theirs B 0']);
    expect(await store.pull('initech', last - 2, 1, 'me')).toEqual({ changes: [], cursor: last, more: false });
    // Everyone else gets every change, in pages that follow the cursor.
    const titles: (string | undefined)[] = [];
    let cursor = 0;
    for (let more = true; more;) {
      const page = await store.pull('initech', cursor, 4, 'them');
      titles.push(...page.changes.map((change) => change.fields?.title));
      ({ cursor, more } = page);
    }
    expect(titles).toEqual([
      'Mine 0',
      'Mine 1',
      'Mine 2',
      'Mine later 0',
      'Mine later 1',
      'Mine later 2',
      'Mine last 0',
      'Mine last 1',
    ]);
    expect(cursor).toBe(last);
  });

  it('the changes route’s JSON page says what pull answers, checked by the contract: new, edited, deleted, odd text', async () => {
    await addCompanies(test.db, 'hooli');
    const [kept, edited, deleted] = [randomUUID(), randomUUID(), randomUUID()];
    const odd = 'Drucker „Büro“ \\ "quoted" \u2028 line\nbreak 🖨️ </script>';
    await store.push(
      'hooli',
      ALL_PERMISSIONS,
      [upsert(kept, 0, odd), upsert(edited, 0), upsert(deleted, 0)],
      new Date(),
    );
    await store.push(
      'hooli',
      ALL_PERMISSIONS,
      [
        {
          ...(upsert(edited, 1) as Extract<SummaryChange, { op: 'upsert' }>),
          fields: { ...fields, title: 'Edited', ticket: 'INC-42' },
        },
        { op: 'delete', key: randomUUID(), id: deleted, baseVersion: 1 },
      ],
      new Date(),
      'Ada “A.” Lovelace',
    );
    for (const [since, limit] of [
      [0, 10],
      [0, 2],
      [2, 1],
      [5, 10],
    ] as const) {
      const json = await store.pullJson('hooli', since, limit, 'someone else');
      expect(JSON.parse(json)).toEqual(
        summaryPullSchema.parse(await store.pull('hooli', since, limit, 'someone else')),
      );
    }
    const page = summaryPullSchema.parse(JSON.parse(await store.pullJson('hooli', 0, 10)));
    expect(page.changes.map((change) => [change.fields?.title ?? null, change.deleted, change.updatedBy])).toEqual([
      [odd, false, null],
      ['Edited', false, 'Ada “A.” Lovelace'],
      [null, true, 'Ada “A.” Lovelace'],
    ]);
    expect(page.changes[1]!.fields?.ticket).toBe('INC-42');
  });

  it('enqueues a webhook’s delivery with the change that caused it, and none for a retried push', async () => {
    await addCompanies(test.db, 'acme');
    await test.db.query
      .insertInto('webhooks')
      .values({
        id: 'w1',
        company_id: 'acme',
        url: 'https://hooks.example/x',
        secret: 's',
        events: '["summary.created"]',
        created_at: 'now',
      })
      .execute();
    store = new SummaryFeed(test.db, enqueueDeliveries);
    const change = upsert(randomUUID(), 0);
    const first = await store.push('acme', ALL_PERMISSIONS, [change], new Date());
    expect(await store.push('acme', ALL_PERMISSIONS, [change], new Date())).toEqual(first);
    const deliveries = await test.db.query
      .selectFrom('deliveries')
      .select(['target', 'summary_id', 'status'])
      .execute();
    expect(deliveries).toEqual([{ target: 'webhook:w1', summary_id: change.id, status: 'pending' }]);
  });
});

describe('the summaries’ change feed shared by two endpoint instances on PostgreSQL', () => {
  const pg = twoInstancesOnPostgres();
  let feeds: [SummaryFeed, SummaryFeed];

  beforeEach(async () => {
    feeds = [new SummaryFeed(pg.test.db, enqueueDeliveries), new SummaryFeed(pg.second, enqueueDeliveries)];
    await addCompanies(pg.test.db, 'acme');
  });

  it('a device following its cursor while both instances take pushes misses no change and sees none twice', async () => {
    const pushes = Array.from({ length: 16 }, (_, i) =>
      Array.from({ length: 8 }, (__, j) => upsert(randomUUID(), 0, `push ${i} change ${j}`)),
    );
    let pushing = true;
    const seen: string[] = [];
    const follow = async () => {
      let cursor = 0;
      // Pull while the pushes run, then once more after the last has committed.
      for (let last = false; ;) {
        for (let more = true; more;) {
          const page = await feeds[1].pull('acme', cursor, 5, 'a device that pushes nothing');
          seen.push(...page.changes.map((change) => change.id));
          ({ cursor, more } = page);
        }
        if (last) return;
        last = !pushing;
      }
    };
    const following = follow();
    await Promise.all(pushes.map((changes, i) => feeds[i % 2]!.push('acme', ALL_PERMISSIONS, changes, new Date())));
    pushing = false;
    await following;
    const pushed = pushes.flat().map((change) => change.id);
    expect(seen).toHaveLength(pushed.length);
    expect(new Set(seen)).toEqual(new Set(pushed));
    const numbers = (
      await pg.test.db.query.selectFrom('summaries').select('change_seq').orderBy('change_seq').execute()
    ).map((row) => row.change_seq);
    expect(numbers).toEqual(pushed.map((_, i) => i + 1));
  });

  it('a push retried on the other instance at the same moment applies once and enqueues one delivery', async () => {
    await pg.test.db.query
      .insertInto('webhooks')
      .values({
        id: 'w1',
        company_id: 'acme',
        url: 'https://hooks.example/x',
        secret: 's',
        events: '["summary.created"]',
        created_at: 'now',
      })
      .execute();
    const change = upsert(randomUUID(), 0);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => feeds[i % 2]!.push('acme', ALL_PERMISSIONS, [change], new Date())),
    );
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]).toMatchObject([{ status: 'applied', version: 1 }]);
    expect(await pg.test.db.query.selectFrom('deliveries').select('target').execute()).toEqual([
      { target: 'webhook:w1' },
    ]);
    expect((await feeds[0].pull('acme', 0, 10)).changes).toHaveLength(1);
  });
});
