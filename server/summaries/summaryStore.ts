import { sql, type Expression, type SqlBool } from 'kysely';
import {
  issueTypeSchema,
  summaryFieldsSchema,
  type SummaryFields,
  type SummaryFilter,
  type SummaryOverview,
  type SummaryVersion,
} from '../../src-shared/domain/summary';
import { byteOrder, jsonElements, jsonText, summarySearch } from '../db/dialect';
import type { EndpointDb, Engine } from '../db/endpointDb';
import type { SummaryRow } from './summaryFeed';

/** A live summary as the Insights list shows it; the endpoint holds nothing pending or in conflict. */
export interface SummaryListItem {
  id: string;
  requestId: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  pending: false;
  conflict: false;
  fields: SummaryFields;
}

/** What a row is read as (never `s.*`: PostgreSQL's rows also carry their search vector). */
const COLUMNS = [
  's.id',
  's.request_id',
  's.version',
  's.created_at',
  's.updated_at',
  's.deleted',
  's.fields',
  's.updated_by',
  's.change_seq',
] as const;

const toItem = (row: SummaryRow): SummaryListItem => ({
  id: row.id,
  requestId: row.request_id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
  pending: false,
  conflict: false,
  fields: summaryFieldsSchema.parse(JSON.parse(row.fields!)),
});

/** The words of what someone typed, as the desktop cache splits them: letters and digits, at most 12. */
function searchWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 12);
}

const fields = sql.ref<string | null>('s.fields');
const value = sql.ref<string>('x.value');

/** The company's live summaries (alias `s`). */
const live = (companyId: string): Expression<SqlBool>[] => [
  sql<SqlBool>`${sql.ref('s.company_id')} = ${companyId}`,
  sql<SqlBool>`${sql.ref('s.deleted')} = 0`,
  sql<SqlBool>`${fields} IS NOT NULL`,
];

/** Some element of the summary's array field `key` (as `e.value`) passes `test`. */
const anyElement = (engine: Engine, key: string, test: (element: Expression<string>) => Expression<SqlBool>) =>
  sql<SqlBool>`EXISTS (SELECT 1 FROM ${jsonElements(engine, fields, key)} AS e WHERE ${test(sql.ref<string>('e.value'))})`;

const isSupporter = (engine: Engine, participant: Expression<string>) =>
  sql<SqlBool>`${jsonText(engine, participant, 'role')} = 'supporter'`;

/**
 * The conditions narrowing a company's live summaries (alias `s`) to a filter, with the desktop's
 * semantics: within a kind any value matches, kinds combine, the search needs every word as a
 * prefix; null when the search has no word (nothing matches, as on the desktop).
 */
function narrowing(engine: Engine, companyId: string, filter: SummaryFilter): Expression<SqlBool>[] | null {
  const where = live(companyId);
  const oneOf = (values: readonly string[]) => sql.join(values);
  if (filter.query?.trim()) {
    const words = searchWords(filter.query);
    if (words.length === 0) return null;
    where.push(summarySearch(engine, 's', words));
  }
  if (filter.issueTypes?.length) {
    const types = oneOf(filter.issueTypes);
    where.push(anyElement(engine, 'issueTypes', (issue) => sql`${jsonText(engine, issue, 'type')} IN (${types})`));
  }
  if (filter.applications?.length) {
    const applications = oneOf(filter.applications);
    where.push(anyElement(engine, 'applications', (application) => sql`${application} IN (${applications})`));
  }
  if (filter.devices?.length) {
    where.push(sql<SqlBool>`${jsonText(engine, fields, 'device.id')} IN (${oneOf(filter.devices)})`);
  }
  if (filter.supporters?.length) {
    const names = oneOf(filter.supporters);
    where.push(
      anyElement(
        engine,
        'participants',
        (participant) =>
          sql`${isSupporter(engine, participant)} AND ${jsonText(engine, participant, 'name')} IN (${names})`,
      ),
    );
  }
  if (filter.from) where.push(sql<SqlBool>`${sql.ref('s.created_at')} >= ${filter.from}`);
  if (filter.to) where.push(sql<SqlBool>`${sql.ref('s.created_at')} < ${filter.to}`);
  return where;
}

/**
 * SI-9 in the web console: the company's summaries as the Insights view reads them (the list with
 * its search, overview, facets, one summary's detail); reading needs *view*. The writes and the
 * devices' change feed are `summaryFeed.ts`. The search is migration 18's index (22 on PostgreSQL) on either engine
 * (`summarySearch` in the dialect); counts and lists that belong together come from one snapshot.
 */
export class SummaryStore {
  constructor(private readonly db: EndpointDb) {}

  // ---- reading, as the Insights view does (SI-9 in the web console) ----

  /** The company's live summaries, newest first, narrowed by the filter. */
  async list(
    companyId: string,
    filter: SummaryFilter,
    limit: number,
    offset: number,
  ): Promise<{ total: number; items: SummaryListItem[] }> {
    const where = narrowing(this.db.engine, companyId, filter);
    if (!where) return { total: 0, items: [] };
    return this.db.snapshot(async (trx) => {
      const matched = trx.selectFrom('summaries as s').where(({ and }) => and(where));
      const { n } = await matched.select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await matched
        .select(COLUMNS)
        .orderBy('s.created_at', 'desc')
        .orderBy('s.change_seq', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return { total: n, items: rows.map(toItem) };
    });
  }

  /** How many of the filtered summaries name each issue type and application (top 15), as the desktop counts. */
  async overview(companyId: string, filter: SummaryFilter): Promise<SummaryOverview> {
    const { engine } = this.db;
    const where = narrowing(engine, companyId, filter);
    if (!where) return { total: 0, issueTypes: [], applications: [] };
    return this.db.snapshot(async (trx) => {
      const { n } = await trx
        .selectFrom('summaries as s')
        .where(({ and }) => and(where))
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const count = (key: string, named: Expression<string | null>, limit: number) =>
        trx
          .selectFrom(['summaries as s', jsonElements(engine, fields, key).as('x')])
          .where(({ and }) => and(where))
          .select(({ fn }) => [
            byteOrder(engine, named).as('value'),
            fn.count<number>('s.change_seq').distinct().as('count'),
          ])
          .groupBy(sql.lit(1))
          .orderBy('count', 'desc')
          .orderBy('value')
          .limit(limit)
          .execute();
      const issueTypes = await count('issueTypes', jsonText(engine, value, 'type'), 9);
      const applications = await count('applications', value, 15);
      return {
        total: n,
        issueTypes: issueTypes.map((row) => ({ value: issueTypeSchema.parse(row.value), count: row.count })),
        applications: applications.map((row) => ({ value: row.value!, count: row.count })),
      };
    });
  }

  /** What the filters offer: the applications, devices and supporters of the company's live summaries, most frequent first. */
  async facets(companyId: string): Promise<{ applications: string[]; devices: string[]; supporters: string[] }> {
    const { engine } = this.db;
    const mostFrequent = async (named: Expression<string | null>, of?: { key: string; only?: Expression<SqlBool> }) => {
      const where = live(companyId);
      if (of?.only) where.push(of.only);
      const from = of
        ? this.db.query.selectFrom(['summaries as s', jsonElements(engine, fields, of.key).as('x')])
        : this.db.query.selectFrom('summaries as s');
      const rows = await from
        .where(({ and }) => and(where))
        .select(byteOrder(engine, named).as('value'))
        .groupBy(sql.lit(1))
        .orderBy(({ fn }) => fn.count('s.change_seq').distinct(), 'desc')
        .orderBy('value')
        .limit(200)
        .execute();
      return rows.map((row) => row.value!);
    };
    return {
      applications: await mostFrequent(value, { key: 'applications' }),
      devices: await mostFrequent(jsonText(engine, fields, 'device.id')),
      supporters: await mostFrequent(jsonText(engine, value, 'name'), {
        key: 'participants',
        only: isSupporter(engine, value),
      }),
    };
  }

  /**
   * One live summary with its history. The endpoint keeps only the current version of a summary,
   * so the history is that version alone (its number, when and by whom it was written).
   */
  async detail(
    companyId: string,
    id: string,
  ): Promise<{ summary: SummaryListItem; history: SummaryVersion[]; conflict: null } | null> {
    const row = await this.db.query
      .selectFrom('summaries as s')
      .select(COLUMNS)
      .where(({ and }) => and(live(companyId)))
      .where('s.id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    const summary = toItem(row);
    return {
      summary,
      history: [{ version: row.version, changedAt: row.updated_at, changedBy: row.updated_by, fields: summary.fields }],
      conflict: null,
    };
  }
}
