import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import { startServer } from '../../../support/testServer';
import { createCompanyCommand } from '../../../support/operatorCommands';
import { SummaryFeed } from '../../../../server/summaries/summaryFeed';
import { SummaryStore } from '../../../../server/summaries/summaryStore';
import type { SummaryInput } from '../../../../src-main/core/insights/builtinSummarizer';
import { summarizeBuiltin } from '../../../../src-main/core/insights/builtinSummarizer';
import { ALL_PERMISSIONS } from '../../../../src-shared/domain/accounts';
import type { IssueType, SummaryFields, SummaryFilter } from '../../../../src-shared/domain/summary';
import type { SummaryChange } from '../../../../src-shared/domain/summarySync';
import { apiCaller } from '../../../support/apiCall';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../support/endpointDbs';
import { setupTokenOf } from '../../../support/setupToken';
import { tempDir } from '../../../support/tempDir';

const base = summarizeBuiltin(
  JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput,
  'en',
);

interface Made {
  title: string;
  problem?: string;
  createdAt: string;
  issue: IssueType;
  applications: string[];
  device: string;
  supporter: string;
}

const fieldsOf = (made: Made): SummaryFields => ({
  ...base,
  title: made.title,
  problem: made.problem ?? '',
  actionsTaken: [],
  outcome: 'Solved.',
  followUps: [],
  issueTypes: [{ type: made.issue, confidence: 0.9 }],
  applications: made.applications,
  device: { id: made.device, os: 'windows' },
  participants: [
    { role: 'supporter', name: made.supporter },
    { role: 'end_user', name: 'Tom' },
  ],
});

const upsert = (id: string, made: Made, baseVersion = 0): SummaryChange => ({
  op: 'upsert',
  key: randomUUID(),
  id,
  requestId: `request-${id}`,
  baseVersion,
  createdAt: made.createdAt,
  fields: fieldsOf(made),
});

/** The four summaries every test starts from, as Acme's supporters wrote them. */
const acme: Record<'printer' | 'vpn' | 'mail' | 'umlaut', Made> = {
  printer: {
    title: 'Printer queue stuck',
    problem: 'The office printer stopped printing.',
    createdAt: '2026-11-01T09:00:00.000Z',
    issue: 'printing',
    applications: ['Word'],
    device: '111111111',
    supporter: 'Ada Admin',
  },
  vpn: {
    title: 'VPN drops every hour',
    problem: 'The tunnel disconnects.',
    createdAt: '2026-11-10T09:00:00.000Z',
    issue: 'network_vpn',
    applications: ['FortiClient', 'Word'],
    device: '222222222',
    supporter: 'Bea Support',
  },
  mail: {
    title: 'Outlook asks for the password',
    problem: 'A prompt keeps coming back.',
    createdAt: '2026-11-20T09:00:00.000Z',
    issue: 'email',
    applications: ['Outlook'],
    device: '111111111',
    supporter: 'Ada Admin',
  },
  umlaut: {
    title: 'Drucker für Buchhaltung',
    problem: 'Der Drucker im Büro DRUCKT nicht.',
    createdAt: '2026-11-21T09:00:00.000Z',
    issue: 'printing',
    applications: ['Excel'],
    device: '333333333',
    supporter: 'Bea Support',
  },
};

/** SI-9 in the web console: the Insights view's reads of a company's summaries, on either engine. */
describe.each(ENGINES)('reading Insights from the endpoint’s summaries on %s', (engine) => {
  let test: TestEndpointDb;
  let feed: SummaryFeed;
  let store: SummaryStore;
  const ids = { printer: randomUUID(), vpn: randomUUID(), mail: randomUUID(), umlaut: randomUUID() };
  const push = async (companyId: string, ...changes: SummaryChange[]) => {
    const results = await feed.push(companyId, ALL_PERMISSIONS, changes, new Date(), 'Ada Admin');
    expect(results.every((result) => result.status === 'applied')).toBe(true);
  };
  const list = (filter: SummaryFilter = {}, limit = 50, offset = 0, companyId = 'acme') =>
    store.list(companyId, filter, limit, offset);
  const titles = (answer: { items: { fields: SummaryFields }[] }) => answer.items.map((item) => item.fields.title);
  const found = async (query: string) => titles(await list({ query }));

  beforeEach(async () => {
    test = await openTestEndpointDb(engine);
    await test.db.query
      .insertInto('companies')
      .values(['acme', 'globex'].map((id) => ({ id, name: id, created_at: '2026-11-01T00:00:00.000Z' })))
      .execute();
    feed = new SummaryFeed(test.db);
    store = new SummaryStore(test.db);
    await push(
      'acme',
      upsert(ids.printer, acme.printer),
      upsert(ids.vpn, acme.vpn),
      upsert(ids.mail, acme.mail),
      upsert(ids.umlaut, acme.umlaut),
    );
  });
  afterEach(() => test.close());

  it('lists the company’s summaries newest first, as the desktop lists them, and pages through them', async () => {
    const all = await list();
    expect(all.total).toBe(4);
    expect(titles(all)).toEqual([
      'Drucker für Buchhaltung',
      'Outlook asks for the password',
      'VPN drops every hour',
      'Printer queue stuck',
    ]);
    expect(all.items[0]).toMatchObject({ id: ids.umlaut, version: 1, pending: false, conflict: false });

    const second = await list({}, 2, 2);
    expect(second.total).toBe(4);
    expect(titles(second)).toEqual(['VPN drops every hour', 'Printer queue stuck']);
    expect((await list({}, 2, 4)).items).toEqual([]);
  });

  it('narrows by each filter of the desktop’s Insights view, kinds combined', async () => {
    expect(titles(await list({ issueTypes: ['printing'] }))).toEqual([
      'Drucker für Buchhaltung',
      'Printer queue stuck',
    ]);
    expect(titles(await list({ issueTypes: ['printing', 'email'] }))).toHaveLength(3);
    expect(titles(await list({ applications: ['Word'] }))).toEqual(['VPN drops every hour', 'Printer queue stuck']);
    expect(titles(await list({ devices: ['111111111'] }))).toEqual([
      'Outlook asks for the password',
      'Printer queue stuck',
    ]);
    expect(titles(await list({ supporters: ['Bea Support'] }))).toEqual([
      'Drucker für Buchhaltung',
      'VPN drops every hour',
    ]);
    expect(titles(await list({ supporters: ['Bea Support'], applications: ['Word'] }))).toEqual([
      'VPN drops every hour',
    ]);
    // The period: from is inclusive, to is not.
    expect(titles(await list({ from: '2026-11-10T09:00:00.000Z', to: '2026-11-20T09:00:00.000Z' }))).toEqual([
      'VPN drops every hour',
    ]);
    // The end user is a participant, never a supporter; values are compared exactly.
    expect((await list({ supporters: ['Tom'] })).total).toBe(0);
    expect((await list({ applications: ['word'] })).total).toBe(0);
  });

  it('searches every word as a prefix, whatever the case and accents, in title, text, applications and issue types', async () => {
    expect(await found('printer')).toEqual(['Printer queue stuck']);
    // The issue type "printing" is searched too.
    expect(await found('PRINT')).toEqual(['Drucker für Buchhaltung', 'Printer queue stuck']);
    expect(await found('drucker buro')).toEqual(['Drucker für Buchhaltung']);
    expect(await found('tunnel')).toEqual(['VPN drops every hour']);
    expect(await found('forticl')).toEqual(['VPN drops every hour']);
    // An issue type is searchable by its words ("network vpn").
    expect(await found('network')).toEqual(['VPN drops every hour']);
    expect(titles(await list({ query: 'printer', issueTypes: ['email'] }))).toEqual([]);
    // Quotes, operators and LIKE wildcards are words to look for, never syntax.
    for (const query of [
      '"',
      'NEAR(printer',
      'print*',
      '%',
      '_',
      'printer OR vpn',
      '-printer',
      "o'clock",
      'a\\b',
      'x:*',
    ]) {
      await expect(list({ query })).resolves.toMatchObject({ total: expect.any(Number) });
    }
    expect((await list({ query: '%' })).total).toBe(0);
    expect(await found('print*')).toEqual(['Drucker für Buchhaltung', 'Printer queue stuck']);
    expect(await found('printer OR vpn')).toEqual([]);

    // An edit is searched by its new words only; a delete leaves the list and the search.
    await push(
      'acme',
      upsert(
        ids.printer,
        {
          title: 'Toner replaced',
          createdAt: '2026-11-01T09:00:00.000Z',
          issue: 'printing',
          applications: ['Word'],
          device: '111111111',
          supporter: 'Ada Admin',
        },
        1,
      ),
    );
    expect(await found('toner')).toEqual(['Toner replaced']);
    expect(await found('queue')).toEqual([]);
    await push('acme', { op: 'delete', key: randomUUID(), id: ids.vpn, baseVersion: 1 });
    expect(await found('tunnel')).toEqual([]);
    expect((await list()).total).toBe(3);
    expect(await store.detail('acme', ids.vpn)).toBeNull();
  });

  it('a push is searchable as it commits: a summary made and edited in one push by its last words, a deleted one restored by an edit', async () => {
    const made = randomUUID();
    const madeAs = (title: string) => ({ ...acme.mail, title, createdAt: '2026-11-22T09:00:00.000Z' });
    const first = upsert(made, madeAs('Scanner jammed'));
    await push('acme', first, upsert(made, madeAs('Scanner cleaned'), 1), {
      op: 'delete',
      key: randomUUID(),
      id: ids.vpn,
      baseVersion: 1,
    });
    expect(await found('scanner')).toEqual(['Scanner cleaned']);
    expect(await found('jammed')).toEqual([]);
    expect(await found('tunnel')).toEqual([]);
    // Edit against delete: the edit wins and the summary is found again, by its new words.
    await push('acme', upsert(ids.vpn, { ...acme.vpn, title: 'VPN back after the update' }, 1));
    expect(await found('tunnel')).toEqual(['VPN back after the update']);
    expect(await found('hour')).toEqual([]);
    // SQLite's index holds the live summaries only: nothing of an old version or a deleted summary stays in it.
    if (test.handle) {
      const { n } = test.handle.prepare('SELECT count(*) AS n FROM summaries_fts').get() as { n: number };
      expect(n).toBe((await list()).total);
    }
  });

  it('finds German words with or without their umlauts, in any case', async () => {
    for (const query of ['für', 'FUR', 'Büro', 'buro', 'BÜRO', 'druckt', 'Buchhalt', 'büro drucker FÜR']) {
      expect(await found(query), query).toEqual(['Drucker für Buchhaltung']);
    }
    expect(await found('druck')).toEqual(['Drucker für Buchhaltung']);
    expect(await found('bureau')).toEqual([]);
  });

  it('finds host names, addresses, versions, e-mail addresses and paths by each of their parts', async () => {
    const id = randomUUID();
    await push(
      'acme',
      upsert(id, {
        ...acme.mail,
        title: 'Mail to tom@example.test bounces',
        problem:
          'Server mail.contoso.test at 192.168.1.10 runs v2.3.1; laptop-42 maps C:\\Users\\tom\\Share (“Ablage”).',
      }),
    );
    for (const query of [
      'contoso',
      'mail.contoso.test',
      '192.168.1.10',
      '168',
      'v2.3.1',
      'laptop-42',
      '42',
      'users share',
      'tom@example.test',
      'example',
      'ablage',
    ]) {
      expect(await found(query), query).toEqual(['Mail to tom@example.test bounces']);
    }
    expect(await found('contosos')).toEqual([]);
    expect(await found('192.168.1.11')).toEqual([]);
  });

  it('counts issue types and applications for the overview, and offers the facets, deleted summaries left out', async () => {
    expect(await store.overview('acme', {})).toEqual({
      total: 4,
      issueTypes: [
        { value: 'printing', count: 2 },
        { value: 'email', count: 1 },
        { value: 'network_vpn', count: 1 },
      ],
      applications: [
        { value: 'Word', count: 2 },
        { value: 'Excel', count: 1 },
        { value: 'FortiClient', count: 1 },
        { value: 'Outlook', count: 1 },
      ],
    });
    expect(await store.overview('acme', { query: 'printer', devices: ['111111111'] })).toEqual({
      total: 1,
      issueTypes: [{ value: 'printing', count: 1 }],
      applications: [{ value: 'Word', count: 1 }],
    });
    expect(await store.overview('acme', { query: '%' })).toEqual({ total: 0, issueTypes: [], applications: [] });

    await push('acme', { op: 'delete', key: randomUUID(), id: ids.umlaut, baseVersion: 1 });
    expect(await store.facets('acme')).toEqual({
      applications: ['Word', 'FortiClient', 'Outlook'],
      devices: ['111111111', '222222222'],
      supporters: ['Ada Admin', 'Bea Support'],
    });
    expect((await store.overview('acme', {})).total).toBe(3);
  });

  it('orders equal counts by their characters, capitals first, the same on both engines', async () => {
    await push(
      'globex',
      upsert(randomUUID(), { ...acme.printer, applications: ['excel', 'Zoom', 'Ärzte-App', 'Word'] }),
      upsert(randomUUID(), { ...acme.vpn, applications: ['Word'] }),
    );
    expect(await store.facets('globex')).toMatchObject({ applications: ['Word', 'Zoom', 'excel', 'Ärzte-App'] });
    expect((await store.overview('globex', {})).applications.map((row) => row.value)).toEqual([
      'Word',
      'Zoom',
      'excel',
      'Ärzte-App',
    ]);
  });

  it('shows one summary with its current version as its history', async () => {
    expect(await store.detail('acme', ids.mail)).toMatchObject({
      summary: {
        id: ids.mail,
        version: 1,
        pending: false,
        conflict: false,
        fields: { title: 'Outlook asks for the password' },
      },
      history: [{ version: 1, changedBy: null, fields: { title: 'Outlook asks for the password' } }],
      conflict: null,
    });
    expect(await store.detail('acme', randomUUID())).toBeNull();
  });

  it('never shows one company another’s summaries', async () => {
    const theirs = randomUUID();
    await push(
      'globex',
      upsert(theirs, {
        title: 'Globex printer secret',
        createdAt: '2026-11-22T09:00:00.000Z',
        issue: 'printing',
        applications: ['GlobexApp'],
        device: '999999999',
        supporter: 'Hank',
      }),
    );
    expect(titles(await list({}, 50, 0, 'globex'))).toEqual(['Globex printer secret']);
    expect((await list()).total).toBe(4);
    expect((await list({ query: 'globex' })).total).toBe(0);
    expect((await list({ devices: ['999999999'] })).total).toBe(0);
    expect((await list({ applications: ['GlobexApp'] })).total).toBe(0);
    expect(JSON.stringify(await store.facets('acme'))).not.toContain('Globex');
    expect(JSON.stringify(await store.overview('acme', {}))).not.toContain('GlobexApp');
    expect(await store.detail('acme', theirs)).toBeNull();
    expect(await store.detail('globex', ids.mail)).toBeNull();
  });
});

interface ListAnswer {
  total: number;
  items: { id: string; version: number; pending: boolean; conflict: boolean; fields: SummaryFields }[];
}

/** SI-9 in the web console: the Insights view read from the endpoint's REST API. */
describe('reading Insights from the cloud endpoint', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  const call = apiCaller(() => server.url);
  const signIn = async (email: string, password: string) =>
    (await call('POST', '/api/v1/auth/sign-in', { email, password })).body!.token as string;
  const push = async (token: string, ...changes: SummaryChange[]) => {
    const { status, body } = await call('POST', '/api/v1/summaries/push', { changes }, token);
    expect(status).toBe(200);
    expect((body!.results as { status: string }[]).every((result) => result.status === 'applied')).toBe(true);
  };
  const list = async (token: string, query = '') => {
    const { status, body } = await call('GET', `/api/v1/summaries${query}`, undefined, token);
    expect(status).toBe(200);
    return body as unknown as ListAnswer;
  };
  const titles = (answer: ListAnswer) => answer.items.map((item) => item.fields.title);

  let ada: string;
  const ids = { printer: randomUUID(), vpn: randomUUID(), mail: randomUUID(), umlaut: randomUUID() };

  beforeEach(async () => {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    await call('POST', '/api/v1/setup', {
      company: 'Acme',
      name: 'Ada Admin',
      email: 'ada@acme.test',
      password: 'correct horse battery',
      setupToken: setupTokenOf(server),
    });
    ada = await signIn('ada@acme.test', 'correct horse battery');
    await push(
      ada,
      upsert(ids.printer, acme.printer),
      upsert(ids.vpn, acme.vpn),
      upsert(ids.mail, acme.mail),
      upsert(ids.umlaut, acme.umlaut),
    );
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('lists the company’s summaries newest first, as the desktop lists them, and pages through them', async () => {
    const all = await list(ada);
    expect(all.total).toBe(4);
    expect(titles(all)).toEqual([
      'Drucker für Buchhaltung',
      'Outlook asks for the password',
      'VPN drops every hour',
      'Printer queue stuck',
    ]);
    expect(all.items[0]).toMatchObject({ id: ids.umlaut, version: 1, pending: false, conflict: false });

    const second = await list(ada, '?limit=2&offset=2');
    expect(second.total).toBe(4);
    expect(titles(second)).toEqual(['VPN drops every hour', 'Printer queue stuck']);
    expect((await list(ada, '?limit=2&offset=4')).items).toEqual([]);

    // Bounded: a page of more than 200, a negative offset or a text for a number is refused.
    for (const query of ['?limit=201', '?limit=0', '?offset=-1', '?limit=many', '?issueTypes=gossip']) {
      expect((await call('GET', `/api/v1/summaries${query}`, undefined, ada)).status).toBe(400);
    }
  });

  it('hands every filter of the query string to the reads: lists, search, overview and facets', async () => {
    expect(titles(await list(ada, '?issueTypes=printing&issueTypes=email'))).toHaveLength(3);
    expect(titles(await list(ada, `?supporters=${encodeURIComponent('Bea Support')}&applications=Word`))).toEqual([
      'VPN drops every hour',
    ]);
    expect(titles(await list(ada, '?devices=111111111&devices=333333333&to=2026-11-21T09:00:00.000Z'))).toEqual([
      'Outlook asks for the password',
      'Printer queue stuck',
    ]);
    expect(
      titles(await list(ada, `?query=${encodeURIComponent('drucker büro')}&from=2026-11-10T09:00:00.000Z`)),
    ).toEqual(['Drucker für Buchhaltung']);
    expect((await list(ada, `?query=${encodeURIComponent('%')}`)).total).toBe(0);
    expect(
      (await call('GET', '/api/v1/summaries/overview?query=printer&devices=111111111', undefined, ada)).body,
    ).toEqual({ total: 1, issueTypes: [{ value: 'printing', count: 1 }], applications: [{ value: 'Word', count: 1 }] });
    expect((await call('GET', '/api/v1/summaries/facets', undefined, ada)).body).toEqual({
      applications: ['Word', 'Excel', 'FortiClient', 'Outlook'],
      devices: ['111111111', '222222222', '333333333'],
      supporters: ['Ada Admin', 'Bea Support'],
    });
  });

  it('shows one summary with its current version as its history', async () => {
    const { status, body } = await call('GET', `/api/v1/summaries/${ids.mail}/detail`, undefined, ada);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      summary: {
        id: ids.mail,
        version: 1,
        pending: false,
        conflict: false,
        fields: { title: 'Outlook asks for the password' },
      },
      history: [{ version: 1, changedBy: null, fields: { title: 'Outlook asks for the password' } }],
      conflict: null,
    });
    const missing = await call('GET', `/api/v1/summaries/${randomUUID()}/detail`, undefined, ada);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'not_found' } });
  });

  it('never shows one company another’s summaries, and refuses a user without insights.view', async () => {
    await createCompanyCommand(
      ['--data-dir', dir.path, '--company', 'Globex', '--admin-name', 'Hank', '--admin-email', 'hank@globex.test'],
      { TANDEM_ADMIN_PASSWORD: 'globex passphrase' },
    );
    const hank = await signIn('hank@globex.test', 'globex passphrase');
    const theirs = randomUUID();
    await push(
      hank,
      upsert(theirs, {
        title: 'Globex printer secret',
        createdAt: '2026-11-22T09:00:00.000Z',
        issue: 'printing',
        applications: ['GlobexApp'],
        device: '999999999',
        supporter: 'Hank',
      }),
    );

    // Hank sees his one summary; Ada sees only Acme's, whatever she asks for.
    expect(titles(await list(hank))).toEqual(['Globex printer secret']);
    expect((await list(ada)).total).toBe(4);
    expect((await list(ada, '?query=globex')).total).toBe(0);
    expect((await list(ada, '?devices=999999999')).total).toBe(0);
    expect((await list(ada, '?applications=GlobexApp')).total).toBe(0);
    const facets = (await call('GET', '/api/v1/summaries/facets', undefined, ada)).body as Record<string, string[]>;
    expect(JSON.stringify(facets)).not.toContain('Globex');
    expect(JSON.stringify((await call('GET', '/api/v1/summaries/overview', undefined, ada)).body)).not.toContain(
      'GlobexApp',
    );
    const attack = await call('GET', `/api/v1/summaries/${theirs}/detail`, undefined, ada);
    expect(attack.status).toBe(404);
    expect(JSON.stringify(attack.body)).not.toContain('Globex');
    expect((await call('GET', `/api/v1/summaries/${ids.mail}/detail`, undefined, hank)).status).toBe(404);

    // A role without insights.view is refused every read; nobody signed in too.
    const role = (await call('POST', '/api/v1/admin/roles', { name: 'Helper', permissions: ['admin.audit'] }, ada))
      .body!.id as string;
    const created = await call(
      'POST',
      '/api/v1/admin/users',
      { email: 'nia@acme.test', name: 'Nia', password: 'helper password', roleId: role },
      ada,
    );
    expect(created.status).toBe(201);
    const nia = await signIn('nia@acme.test', 'helper password');
    for (const path of [
      '/api/v1/summaries',
      '/api/v1/summaries/overview',
      '/api/v1/summaries/facets',
      `/api/v1/summaries/${ids.mail}/detail`,
    ]) {
      const refused = await call('GET', path, undefined, nia);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: 'forbidden' } });
      expect((await call('GET', path)).status).toBe(401);
    }
  });
});
