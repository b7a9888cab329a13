import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../../server/app';
import { createCompanyCommand } from '../../../../server/companyCli';
import type { SummaryInput } from '../../../../src-main/core/insights/builtinSummarizer';
import { summarizeBuiltin } from '../../../../src-main/core/insights/builtinSummarizer';
import type { IssueType, SummaryFields } from '../../../../src-shared/domain/summary';
import type { SummaryChange } from '../../../../src-shared/domain/summarySync';
import { apiCaller } from '../../../support/apiCall';
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
      upsert(ids.printer, {
        title: 'Printer queue stuck',
        problem: 'The office printer stopped printing.',
        createdAt: '2026-11-01T09:00:00.000Z',
        issue: 'printing',
        applications: ['Word'],
        device: '111111111',
        supporter: 'Ada Admin',
      }),
      upsert(ids.vpn, {
        title: 'VPN drops every hour',
        problem: 'The tunnel disconnects.',
        createdAt: '2026-11-10T09:00:00.000Z',
        issue: 'network_vpn',
        applications: ['FortiClient', 'Word'],
        device: '222222222',
        supporter: 'Bea Support',
      }),
      upsert(ids.mail, {
        title: 'Outlook asks for the password',
        problem: 'A prompt keeps coming back.',
        createdAt: '2026-11-20T09:00:00.000Z',
        issue: 'email',
        applications: ['Outlook'],
        device: '111111111',
        supporter: 'Ada Admin',
      }),
      upsert(ids.umlaut, {
        title: 'Drucker für Buchhaltung',
        problem: 'Der Drucker im Büro DRUCKT nicht.',
        createdAt: '2026-11-21T09:00:00.000Z',
        issue: 'printing',
        applications: ['Excel'],
        device: '333333333',
        supporter: 'Bea Support',
      }),
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

  it('narrows by each filter of the desktop’s Insights view, kinds combined', async () => {
    expect(titles(await list(ada, '?issueTypes=printing'))).toEqual(['Drucker für Buchhaltung', 'Printer queue stuck']);
    expect(titles(await list(ada, '?issueTypes=printing&issueTypes=email'))).toHaveLength(3);
    expect(titles(await list(ada, '?applications=Word'))).toEqual(['VPN drops every hour', 'Printer queue stuck']);
    expect(titles(await list(ada, '?devices=111111111'))).toEqual([
      'Outlook asks for the password',
      'Printer queue stuck',
    ]);
    expect(titles(await list(ada, `?supporters=${encodeURIComponent('Bea Support')}`))).toEqual([
      'Drucker für Buchhaltung',
      'VPN drops every hour',
    ]);
    expect(titles(await list(ada, `?supporters=${encodeURIComponent('Bea Support')}&applications=Word`))).toEqual([
      'VPN drops every hour',
    ]);
    // The period: from is inclusive, to is not.
    expect(titles(await list(ada, '?from=2026-11-10T09:00:00.000Z&to=2026-11-20T09:00:00.000Z'))).toEqual([
      'VPN drops every hour',
    ]);
  });

  it('searches every word as a prefix, whatever the case and accents, in title, text, applications and issue types', async () => {
    expect(titles(await list(ada, '?query=printer'))).toEqual(['Printer queue stuck']);
    // The issue type "printing" is searched too.
    expect(titles(await list(ada, '?query=PRINT'))).toEqual(['Drucker für Buchhaltung', 'Printer queue stuck']);
    expect(titles(await list(ada, '?query=drucker%20buro'))).toEqual(['Drucker für Buchhaltung']);
    expect(titles(await list(ada, '?query=tunnel'))).toEqual(['VPN drops every hour']);
    expect(titles(await list(ada, '?query=forticl'))).toEqual(['VPN drops every hour']);
    // An issue type is searchable by its words ("network vpn").
    expect(titles(await list(ada, '?query=network'))).toEqual(['VPN drops every hour']);
    expect(titles(await list(ada, '?query=printer&issueTypes=email'))).toEqual([]);
    // Quotes, operators and LIKE wildcards are words to look for, never syntax.
    for (const query of ['"', 'NEAR(printer', 'print*', '%', '_', 'printer OR vpn', '-printer']) {
      const answer = await call('GET', `/api/v1/summaries?query=${encodeURIComponent(query)}`, undefined, ada);
      expect(answer.status).toBe(200);
    }
    expect((await list(ada, `?query=${encodeURIComponent('%')}`)).total).toBe(0);

    // An edit is searched by its new words only; a delete leaves the list and the search.
    const vic = await signIn('ada@acme.test', 'correct horse battery');
    await push(
      vic,
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
    expect(titles(await list(ada, '?query=toner'))).toEqual(['Toner replaced']);
    expect(titles(await list(ada, '?query=queue'))).toEqual([]);
    await push(vic, { op: 'delete', key: randomUUID(), id: ids.vpn, baseVersion: 1 });
    expect(titles(await list(ada, '?query=tunnel'))).toEqual([]);
    expect((await list(ada)).total).toBe(3);
    expect((await call('GET', `/api/v1/summaries/${ids.vpn}/detail`, undefined, ada)).status).toBe(404);
  });

  it('counts issue types and applications for the overview, and offers the facets, deleted summaries left out', async () => {
    const overview = (await call('GET', '/api/v1/summaries/overview', undefined, ada)).body;
    expect(overview).toEqual({
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
    expect(
      (await call('GET', '/api/v1/summaries/overview?query=printer&devices=111111111', undefined, ada)).body,
    ).toEqual({ total: 1, issueTypes: [{ value: 'printing', count: 1 }], applications: [{ value: 'Word', count: 1 }] });

    await push(ada, { op: 'delete', key: randomUUID(), id: ids.umlaut, baseVersion: 1 });
    expect((await call('GET', '/api/v1/summaries/facets', undefined, ada)).body).toEqual({
      applications: ['Word', 'FortiClient', 'Outlook'],
      devices: ['111111111', '222222222'],
      supporters: ['Ada Admin', 'Bea Support'],
    });
    expect(((await call('GET', '/api/v1/summaries/overview', undefined, ada)).body as { total: number }).total).toBe(3);
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
