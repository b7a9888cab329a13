import Database from 'better-sqlite3';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { startServer } from '../../../../support/testServer';
import { SummaryCache } from '../../../../../src-main/core/insights/summaryCache';
import { summarizeBuiltin, type SummaryInput } from '../../../../../src-main/core/insights/builtinSummarizer';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevices, type TestDevice } from '../../../../support/corePair';
import { aiService } from '../../../../support/chatCompletionsServer';
import { summaryExportJsonSchema } from '../../../../../src-shared/domain/summaryExport';
import { managedConfigSchema } from '../../../../../src-shared/domain/managedConfig';
import { setupTokenOf } from '../../../../support/setupToken';

type Pair = Awaited<ReturnType<typeof startDevices>>;

const printerSummary = summarizeBuiltin(
  JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput,
  'en',
);

describe('Session Insights consent across two real cores and the real cloud endpoint', () => {
  let pair: Pair;
  afterEach(async () => pair?.close());

  const api = async (method: string, path: string, body?: unknown, token?: string) => {
    const response = await fetch(`${pair.server.url}${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return response.status === 204 ? null : ((await response.json()) as Record<string, unknown>);
  };

  /** A helpdesk company with AI features on for outgoing connections; the supporter signed in. */
  async function helpdesk(
    supporter: TestDevice,
    ai: Record<string, unknown> = { outgoing: { enabled: true, scope: 'all_company_users' } },
  ) {
    await api('POST', '/api/v1/setup', {
      company: 'Helpdesk Inc',
      name: 'Ada',
      email: 'ada@helpdesk.test',
      password: 'correct horse battery',
      setupToken: setupTokenOf(pair.server),
    });
    const admin = (await api('POST', '/api/v1/auth/sign-in', {
      email: 'ada@helpdesk.test',
      password: 'correct horse battery',
    }))!.token as string;
    await api('PUT', '/api/v1/admin/ai-settings', { activate: { acceptTerms: true }, ...ai }, admin);
    expect(
      await supporter.call('account.signIn', { email: 'ada@helpdesk.test', password: 'correct horse battery' }),
    ).toMatchObject({
      signedIn: true,
      email: 'ada@helpdesk.test',
      insightsOn: true,
    });
    return admin;
  }

  /** A session the end user allowed to be logged, with one chat line from them. */
  async function loggedSession(supporter: TestDevice, host: TestDevice, chat: string) {
    const { requestId } = await session(supporter, host);
    const allowed = supporter.session((view) => view.requestId === requestId && view.consent?.decision.log === true);
    await host.call('session.answerConsent', { requestId, allow: true });
    await allowed;
    await supporter.call('session.recordEvent', {
      requestId,
      event: { kind: 'chat', data: { from: 'partner', text: chat } },
    });
    return requestId;
  }

  async function session(supporter: TestDevice, host: TestDevice) {
    const { deviceId, oneTimePassword } = await host.call('device.identity', {});
    const prompted = host.session((view) => view.state === 'prompting');
    const started = await supporter.call('session.connect', {
      partnerId: deviceId,
      password: oneTimePassword,
      access: 'full',
    });
    const decided = host.session((view) => view.requestId === started.requestId && view.consent !== null);
    await host.call('session.answerPrompt', { requestId: (await prompted).requestId, accept: true });
    await host.call('session.mediaConnected', { requestId: started.requestId });
    return { requestId: started.requestId, decided: await decided };
  }

  const chat = { kind: 'chat', data: { from: 'supporter', text: 'Which printer?' } } as const;

  it('without a company account nothing is logged and nobody is asked', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const { requestId, decided } = await session(supporter, host);
    expect(decided.consent).toMatchObject({ decision: { log: false, prompt: false, reason: 'no_basis' } });
    expect(await host.call('session.recordEvent', { requestId, event: chat })).toEqual({ logged: false });
  });

  it('After confirmation: the end user is asked; Allow access starts logging on both sides; withdrawing stops it and drops the log', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await helpdesk(supporter);
    const { requestId, decided } = await session(supporter, host);
    expect(decided.consent).toMatchObject({
      decision: { log: false, prompt: true, optOut: true, reason: 'outgoing_awaiting_confirmation' },
    });
    expect(Date.parse(decided.consent!.promptExpiresAt!)).toBeGreaterThan(Date.now());

    const supporterLogging = supporter.session(
      (view) => view.requestId === requestId && view.consent?.decision.log === true,
    );
    await host.call('session.answerConsent', { requestId, allow: true });
    expect((await supporterLogging).consent).toMatchObject({
      answer: 'allowed',
      decision: { reason: 'outgoing_confirmed' },
    });
    expect(await host.call('session.recordEvent', { requestId, event: chat })).toEqual({ logged: true });

    const stopped = supporter.session((view) => view.requestId === requestId && view.consent?.decision.log === false);
    await host.call('session.withdrawConsent', { requestId });
    expect((await stopped).consent?.decision.reason).toBe('outgoing_withdrawn');
    expect(await host.call('session.recordEvent', { requestId, event: chat })).toEqual({ logged: false });
    const db = new Database(join((await host.call('app.info', {})).dataDir, 'tandem.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM session_events WHERE request_id = ?').get(requestId)).toEqual({
      n: 0,
    });
    db.close();

    const { entries, intact } = await host.call('consent.audit', {});
    expect(intact).toBe(true);
    expect(entries.map((entry) => entry.answer)).toEqual(['pending', 'allowed', 'withdrawn']);
    expect(entries[0]).toMatchObject({
      requestId,
      deviceId: (await host.call('device.identity', {})).deviceId,
      supporter: { aiActivated: true },
    });
  });

  it('Deny leaves the session running and unlogged', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await helpdesk(supporter);
    const { requestId } = await session(supporter, host);
    const declined = supporter.session((view) => view.requestId === requestId && view.consent?.answer === 'denied');
    await host.call('session.answerConsent', { requestId, allow: false });
    expect((await declined).consent?.decision).toMatchObject({ log: false, reason: 'outgoing_declined' });
    expect((await host.call('session.list', {})).find((view) => view.requestId === requestId)?.state).toBe('active');
  });

  it('no answer within the countdown means no', async () => {
    pair = await startDevices(2, { sessionPolicy: { consentPromptMs: 700 } });
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await helpdesk(supporter);
    const timedOut = host.session((view) => view.consent?.answer === 'timeout');
    await session(supporter, host);
    expect((await timedOut).consent?.decision).toMatchObject({
      log: false,
      prompt: false,
      reason: 'outgoing_declined',
    });
  });

  it('Allowed logs without asking; Denied never asks and never logs', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await helpdesk(supporter);
    await host.call('settings.update', { insightsLogging: 'allowed' });
    const allowed = await session(supporter, host);
    expect(allowed.decided.consent).toMatchObject({
      decision: { log: true, prompt: false, reason: 'outgoing_allowed_by_access_control' },
    });
    await supporter.call('session.end', { requestId: allowed.requestId });

    await host.call('settings.update', { insightsLogging: 'denied' });
    const denied = await session(supporter, host);
    expect(denied.decided.consent).toMatchObject({
      decision: { log: false, prompt: false, reason: 'outgoing_denied_by_access_control' },
    });
  });

  it('an enforced policy on a managed device logs with no opt-out, tells the end user, and locks the setting', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const admin = await helpdesk(supporter, { incoming: { enabled: true, scope: 'managed_devices_with_policy' } });
    const hostId = (await host.call('device.identity', {})).deviceId;
    // IT deploys its enrolment token in the managed configuration; Tandem starts again and enrols.
    const { token } = (await api('POST', '/api/v1/admin/enrollment-tokens', { name: 'Office PCs' }, admin))!;
    await host.restart({ managed: managedConfigSchema.parse({ enrollmentToken: token }) });
    expect(await host.call('company.membership', {})).toMatchObject({
      companyName: 'Helpdesk Inc',
      managed: true,
      enrollment: { state: 'enrolled', companyName: 'Helpdesk Inc' },
    });
    const policy = (await api(
      'POST',
      '/api/v1/admin/policies',
      {
        name: 'Office PCs',
        settings: {
          sessionInsights: { value: true, enforced: true },
          insightsLogging: { value: 'denied', enforced: true },
        },
      },
      admin,
    ))!.id;
    await api('PUT', `/api/v1/admin/devices/${hostId}/policy`, { policyId: policy }, admin);

    expect(await host.call('insights.accessControl', {})).toMatchObject({ value: 'denied', lockedByPolicy: true });
    await expect(host.call('settings.update', { insightsLogging: 'allowed' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await host.call('settings.update', { insightsPolicyOptOut: true });

    const { requestId, decided } = await session(supporter, host);
    expect(decided.consent).toMatchObject({
      decision: { log: true, optOut: false, prompt: false, basis: 'incoming', reason: 'incoming_policy' },
    });
    await expect(host.call('session.withdrawConsent', { requestId })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    const { entries } = await host.call('consent.audit', {});
    expect(entries.at(-1)).toMatchObject({ policyVersion: 1, host: { managed: true, policy: { enforced: true } } });

    // The company's admins read the same chain from the cloud endpoint, verified there.
    const trail = async () =>
      (
        (await api('GET', '/api/v1/admin/consent-audit', undefined, admin)) as {
          devices: { deviceId: string; intact: boolean; entries: unknown[] }[];
        }
      ).devices.find((device) => device.deviceId === hostId);
    await expect.poll(async () => (await trail())?.entries.length).toBe(entries.length);
    expect((await trail())?.intact).toBe(true);
  });

  it('keeps a tamper-evident audit trail: an edited entry breaks the chain', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await helpdesk(supporter);
    const { requestId } = await session(supporter, host);
    await host.call('session.answerConsent', { requestId, allow: true });
    expect((await host.call('consent.audit', {})).intact).toBe(true);
    const db = new Database(join((await host.call('app.info', {})).dataDir, 'tandem.db'));
    db.prepare('UPDATE consent_audit SET entry = replace(entry, \'"allowed"\', \'"denied"\') WHERE seq = 2').run();
    db.close();
    expect(await host.call('consent.audit', {})).toMatchObject({
      intact: false,
      problem: 'entry 2 its content was changed',
    });
  });

  it('a logged session leaves one summary, on the side whose company owns it; a withdrawn one leaves none', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    await helpdesk(supporter);
    await supporter.call('settings.update', { displayName: 'Ada Support' });

    const logged = await session(supporter, host);
    const allowed = supporter.session(
      (view) => view.requestId === logged.requestId && view.consent?.decision.log === true,
    );
    await host.call('session.answerConsent', { requestId: logged.requestId, allow: true });
    await allowed;
    await supporter.call('session.recordEvent', {
      requestId: logged.requestId,
      event: { kind: 'chat', data: { from: 'partner', text: "Hello, my printer doesn't print since this morning." } },
    });
    await supporter.call('session.recordEvent', {
      requestId: logged.requestId,
      event: { kind: 'chat', data: { from: 'partner', text: 'It works again, thanks!' } },
    });
    const written = supporter.next('insights.changed');
    const hostEnded = host.session((view) => view.requestId === logged.requestId && view.state === 'ended');
    await supporter.call('session.end', { requestId: logged.requestId });
    await Promise.all([written, hostEnded]);

    const { items, total } = await supporter.call('insights.list', { limit: 10, offset: 0 });
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({
      requestId: logged.requestId,
      fields: {
        language: 'en',
        summarizer: 'builtin',
        issueTypes: [{ type: 'printing' }],
        outcome: 'Resolved: the end user confirmed that it works.',
        participants: [{ role: 'supporter', name: 'Ada Support' }],
        device: {
          id: (await host.call('device.identity', {})).deviceId,
          os: process.platform === 'linux' ? 'linux' : expect.any(String),
        },
      },
    });
    expect((await supporter.call('insights.list', { query: 'printer', limit: 10, offset: 0 })).total).toBe(1);
    expect((await host.call('insights.list', { limit: 10, offset: 0 })).total).toBe(0);

    const withdrawn = await session(supporter, host);
    const seen = supporter.session(
      (view) => view.requestId === withdrawn.requestId && view.consent?.answer === 'withdrawn',
    );
    await host.call('session.answerConsent', { requestId: withdrawn.requestId, allow: true });
    await host.call('session.withdrawConsent', { requestId: withdrawn.requestId });
    await seen;
    await supporter.call('session.end', { requestId: withdrawn.requestId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await supporter.call('insights.list', { limit: 10, offset: 0 })).total).toBe(1);
  });

  it('an AI service the supporter chose writes the summary for one company credit; its key stays on the device', async () => {
    const aiAnswer = {
      title: 'Printer prints again',
      problem: 'The printer stopped printing this morning.',
      actionsTaken: ['Restarted the print spooler'],
      outcome: 'Resolved.',
      followUps: [],
      issueTypes: [{ type: 'printing', confidence: 0.9 }],
      applications: ['Print Management'],
    };
    const chat = await aiService(aiAnswer);
    const { baseUrl } = chat;
    try {
      pair = await startDevices(2);
      const [supporter, host] = pair.devices as [TestDevice, TestDevice];
      const admin = await helpdesk(supporter);
      const balance = async () => (await api('GET', '/api/v1/credits', undefined, admin))!.balance as number;
      const before = await balance();

      expect(await supporter.call('insights.summarizer', {})).toEqual({ kind: 'builtin', apiKeySet: false });
      await expect(
        supporter.call('insights.setSummarizer', {
          summarizer: { kind: 'openai-compatible', baseUrl: 'ftp://models.example', model: 'llama3.1' },
        }),
      ).rejects.toMatchObject({ code: 'invalid_request' });
      const chosen = { kind: 'openai-compatible', baseUrl, model: 'llama3.1' } as const;
      expect(await supporter.call('insights.setSummarizer', { summarizer: chosen, apiKey: 'sk-secret-123' })).toEqual({
        ...chosen,
        apiKeySet: true,
      });

      const requestId = await loggedSession(supporter, host, 'My printer stopped printing this morning.');
      const written = supporter.next('insights.changed');
      await supporter.call('session.end', { requestId });
      await written;

      const { items } = await supporter.call('insights.list', { limit: 10, offset: 0 });
      expect(items[0]!.fields).toMatchObject({
        ...aiAnswer,
        summarizer: 'openai-compatible',
        note: null,
        language: 'en',
      });
      expect(chat.requests).toHaveLength(1);
      expect(chat.requests[0]!.authorization).toBe('Bearer sk-secret-123');
      expect(JSON.stringify(chat.requests[0]!.body)).toContain('My printer stopped printing this morning.');
      expect(await balance()).toBe(before - 1);

      // Exported in German, the same AI service writes it anew from the session log, for no further credit.
      const finished = supporter.next('insights.export', (progress) => progress.state !== 'running');
      await supporter.call('insights.export', { ids: [items[0]!.id], format: 'json', language: 'de' });
      const done = await finished;
      expect(done).toMatchObject({ state: 'done', total: 1 });
      const chunk = await supporter.call('insights.exportChunk', { exportId: done.exportId, offset: 0 });
      expect(chunk.next).toBeNull();
      const exported = summaryExportJsonSchema.parse(JSON.parse(Buffer.from(chunk.data, 'base64').toString('utf8')));
      expect(exported.summaries[0]).toMatchObject({
        languageNote: null,
        fields: { language: 'de', summarizer: 'openai-compatible', title: aiAnswer.title },
        issueTypes: [{ type: 'printing', label: 'Drucken' }],
      });
      expect(chat.requests).toHaveLength(2);
      expect(JSON.stringify(chat.requests[1]!.body)).toContain('Write every text field in German.');
      expect(await balance()).toBe(before - 1);

      // The key is write-only: the UI learns only that one is stored, and can forget it.
      expect(JSON.stringify(await supporter.call('insights.summarizer', {}))).not.toContain('sk-secret');
      expect(await supporter.call('insights.setSummarizer', { summarizer: chosen, apiKey: null })).toEqual({
        ...chosen,
        apiKeySet: false,
      });
    } finally {
      await chat.close();
    }
  });

  it('a company’s device with nobody signed in summarises an incoming session with the AI, pays with its device key and hands the summary in', async () => {
    const aiAnswer = {
      title: 'VPN connects again',
      problem: 'The VPN client fails to connect from home.',
      actionsTaken: ['Renewed the VPN certificate'],
      outcome: 'Resolved.',
      followUps: [],
      issueTypes: [{ type: 'network_vpn', confidence: 0.8 }],
      applications: ['VPN Client'],
    };
    const chat = await aiService(aiAnswer);
    const { baseUrl } = chat;
    try {
      pair = await startDevices(3);
      const [supporter, host, colleague] = pair.devices as [TestDevice, TestDevice, TestDevice];
      const admin = await helpdesk(supporter, { incoming: { enabled: true, scope: 'all_company_devices' } });
      await colleague.call('account.signIn', { email: 'ada@helpdesk.test', password: 'correct horse battery' });
      const balance = async () => (await api('GET', '/api/v1/credits', undefined, admin))!.balance as number;
      const before = await balance();
      // Before it joins, the device is no company's: nothing to hand in, nobody to pay.
      expect(await host.call('insights.syncNow', {})).toMatchObject({ state: 'signed_out' });
      // A user of the company signs in on it, adds it, and signs out again: it stays the company's.
      await host.call('account.signIn', { email: 'ada@helpdesk.test', password: 'correct horse battery' });
      expect(await host.call('company.join', {})).toMatchObject({ companyName: 'Helpdesk Inc', managed: false });
      await host.call('account.signOut', {});
      await host.call('insights.setSummarizer', {
        summarizer: { kind: 'openai-compatible', baseUrl, model: 'llama3.1' },
        apiKey: 'sk-company-key',
      });

      const { requestId, decided } = await session(supporter, host);
      expect(decided.consent).toMatchObject({
        decision: { log: true, prompt: false, basis: 'incoming', reason: 'incoming_company_device' },
      });
      await host.call('session.recordEvent', {
        requestId,
        event: { kind: 'chat', data: { from: 'me', text: 'My VPN does not connect from home.' } },
      });
      const handedIn = host.next('insights.changed');
      await supporter.call('session.end', { requestId });
      await handedIn;
      // Signed in a moment ago, the host had synced already: wait for this summary itself to be handed in.
      await expect
        .poll(async () =>
          (await host.call('insights.list', { limit: 10, offset: 0 })).items.map((item) => item.pending),
        )
        .toEqual([false]);
      await expect.poll(async () => (await host.call('insights.syncStatus', {})).state).toBe('synced');

      expect(await balance()).toBe(before - 1);
      expect(chat.requests).toHaveLength(1);
      expect(chat.requests[0]!.authorization).toBe('Bearer sk-company-key');
      const onHost = await host.call('insights.list', { limit: 10, offset: 0 });
      expect(onHost.items).toEqual([
        expect.objectContaining({ requestId, pending: false, fields: expect.objectContaining(aiAnswer) }),
      ]);
      // The incoming session's summary belongs to the host's company, not to the supporter.
      expect((await supporter.call('insights.list', { limit: 10, offset: 0 })).total).toBe(0);

      expect(await colleague.call('insights.syncNow', {})).toMatchObject({ state: 'synced' });
      const there = await colleague.call('insights.list', { limit: 10, offset: 0 });
      expect(there.items).toEqual([expect.objectContaining({ requestId, fields: expect.objectContaining(aiAnswer) })]);
    } finally {
      await chat.close();
    }
  });

  it('a summary reaches every signed-in device of the company that may view it, and no one else', async () => {
    pair = await startDevices(4);
    const [supporter, host, colleague, outsider] = pair.devices as [TestDevice, TestDevice, TestDevice, TestDevice];
    const admin = await helpdesk(supporter);
    const role = (await api('POST', '/api/v1/admin/roles', { name: 'Supporter', permissions: [] }, admin))!.id;
    await api(
      'POST',
      '/api/v1/admin/users',
      { email: 'sam@helpdesk.test', name: 'Sam', password: 'supporter password', roleId: role },
      admin,
    );
    await colleague.call('account.signIn', { email: 'ada@helpdesk.test', password: 'correct horse battery' });
    await outsider.call('account.signIn', { email: 'sam@helpdesk.test', password: 'supporter password' });
    expect(await host.call('insights.syncStatus', {})).toMatchObject({ state: 'signed_out' });

    const requestId = await loggedSession(supporter, host, 'Outlook keeps asking for my password.');
    const synced = supporter.next('insights.sync');
    await supporter.call('session.end', { requestId });
    await synced;
    expect(await supporter.call('insights.syncNow', {})).toEqual({ state: 'synced', pending: 0, conflicts: 0 });
    expect((await supporter.call('insights.list', { limit: 10, offset: 0 })).items[0]).toMatchObject({
      pending: false,
    });

    const arrived = colleague.next('insights.changed');
    expect(await colleague.call('insights.syncNow', {})).toMatchObject({ state: 'synced' });
    expect(await arrived).toEqual({ reason: 'synced' });
    const there = await colleague.call('insights.list', { query: 'outlook', limit: 10, offset: 0 });
    expect(there.total).toBe(1);
    expect(there.items[0]).toMatchObject({
      requestId,
      pending: false,
      fields: { issueTypes: expect.arrayContaining([expect.objectContaining({ type: 'email' })]) },
    });

    // Without *view* the company's summaries stay away; the host (no account) has none either.
    expect(await outsider.call('insights.syncNow', {})).toMatchObject({ state: 'synced' });
    expect(new SummaryCache(outsider.booted.core.db).list({ limit: 10, offset: 0 }).total).toBe(0);
    // …and the Insights view is refused to that role altogether (SI-7).
    await expect(outsider.call('insights.list', { limit: 10, offset: 0 })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await host.call('insights.list', { limit: 10, offset: 0 })).total).toBe(0);
  });

  it('summaries written while the cloud endpoint is away go up by themselves once it is back', async () => {
    pair = await startDevices(1);
    const [supporter] = pair.devices as [TestDevice];
    await helpdesk(supporter);
    const { port } = new URL(pair.server.url);
    const serverDir = pair.server.dataDir;
    await pair.server.close();

    new SummaryCache(supporter.booted.core.db).add('request-offline', null, printerSummary);
    expect(await supporter.call('insights.syncNow', {})).toEqual({ state: 'offline', pending: 1, conflicts: 0 });

    const synced = supporter.next('insights.sync', (status) => status.state === 'synced', 30_000);
    pair.server = await startServer({ dataDir: serverDir, port: Number(port), logger: false });
    expect(await synced).toEqual({ state: 'synced', pending: 0, conflicts: 0 });
  });

  it('edits and deletes go through the role’s permissions, carry their author, and reach the colleague; a conflict waits for a choice', async () => {
    pair = await startDevices(4);
    const [supporter, host, colleague, viewer] = pair.devices as [TestDevice, TestDevice, TestDevice, TestDevice];
    const admin = await helpdesk(supporter);
    await supporter.call('settings.update', { displayName: 'Ada' });
    const roles = {
      viewer: (await api('POST', '/api/v1/admin/roles', { name: 'Viewer', permissions: ['insights.view'] }, admin))!.id,
      none: (await api('POST', '/api/v1/admin/roles', { name: 'Supporter', permissions: [] }, admin))!.id,
    };
    for (const [email, name, roleId] of [
      ['vic@helpdesk.test', 'Vic', roles.viewer],
      ['nat@helpdesk.test', 'Nat', roles.none],
    ])
      await api('POST', '/api/v1/admin/users', { email, name, password: 'a long password', roleId }, admin);
    await colleague.call('account.signIn', { email: 'ada@helpdesk.test', password: 'correct horse battery' });
    await viewer.call('account.signIn', { email: 'vic@helpdesk.test', password: 'a long password' });

    const requestId = await loggedSession(supporter, host, 'My printer shows a paper jam.');
    const written = supporter.next('insights.sync', (status) => status.state === 'synced');
    await supporter.call('session.end', { requestId });
    await written;
    const { id } = (await supporter.call('insights.list', { limit: 1, offset: 0 })).items[0]!;
    for (const device of [colleague, viewer]) await device.call('insights.syncNow', {});
    expect((await viewer.call('insights.overview', {})).issueTypes).toEqual([{ value: 'printing', count: 1 }]);

    // A viewer reads but may neither edit nor delete; bad edits are refused whole.
    await expect(viewer.call('insights.update', { id, changes: { title: 'Mine now' } as never })).rejects.toMatchObject(
      {
        code: 'invalid_request',
      },
    );
    const { fields } = (await viewer.call('insights.detail', { id })).summary;
    const edit = (title: string) => ({
      title,
      problem: fields.problem,
      actionsTaken: fields.actionsTaken,
      outcome: fields.outcome,
      followUps: fields.followUps,
      issueTypes: fields.issueTypes,
      applications: ['Printer Panel'],
    });
    await expect(viewer.call('insights.update', { id, changes: edit('Vic was here') })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(viewer.call('insights.delete', { id })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(supporter.call('insights.update', { id, changes: edit('   ') })).rejects.toMatchObject({
      code: 'invalid_request',
    });

    const edited = await supporter.call('insights.update', { id, changes: edit('Paper jam cleared') });
    // Versions are the endpoint's numbers: the edit is version 2 once the endpoint has it.
    expect(edited).toMatchObject({
      version: 1,
      pending: true,
      fields: { title: 'Paper jam cleared', device: fields.device },
    });
    await supporter.call('insights.syncNow', {});
    expect((await supporter.call('insights.detail', { id })).summary).toMatchObject({ version: 2, pending: false });
    await viewer.call('insights.syncNow', {});
    const seen = await viewer.call('insights.detail', { id });
    expect(seen.summary.fields.title).toBe('Paper jam cleared');
    expect(seen.history.map((version) => [version.version, version.changedBy])).toEqual([
      [1, null],
      [2, 'Ada'],
    ]);
    expect((await viewer.call('insights.list', { applications: ['Printer Panel'], limit: 5, offset: 0 })).total).toBe(
      1,
    );

    // Both Ada's devices change it before either syncs: the second one to push gets a conflict.
    await colleague.call('insights.syncNow', {});
    await supporter.call('insights.update', { id, changes: edit('Edited on the laptop') });
    await colleague.call('insights.update', { id, changes: edit('Edited on the desktop') });
    await supporter.call('insights.syncNow', {});
    expect(await colleague.call('insights.syncNow', {})).toMatchObject({ conflicts: 1 });
    const conflicted = await colleague.call('insights.detail', { id });
    expect(conflicted.summary).toMatchObject({ conflict: true, fields: { title: 'Edited on the desktop' } });
    expect(conflicted.conflict).toMatchObject({
      version: 3,
      updatedBy: 'Ada',
      fields: { title: 'Edited on the laptop' },
    });
    await colleague.call('insights.resolveConflict', { id, keep: 'theirs' });
    expect(await colleague.call('insights.syncNow', {})).toMatchObject({ state: 'synced', conflicts: 0 });
    expect((await colleague.call('insights.detail', { id })).summary.fields.title).toBe('Edited on the laptop');

    await supporter.call('insights.delete', { id });
    await supporter.call('insights.syncNow', {});
    await viewer.call('insights.syncNow', {});
    expect((await viewer.call('insights.list', { limit: 5, offset: 0 })).total).toBe(0);
    await expect(viewer.call('insights.detail', { id })).rejects.toMatchObject({ code: 'not_found' });

    // Without *view*, the cache is not shown at all.
    await viewer.call('account.signIn', { email: 'nat@helpdesk.test', password: 'a long password' });
    await expect(viewer.call('insights.list', { limit: 5, offset: 0 })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
