import fc from 'fast-check';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import { startServer } from '../../../support/testServer';
import type { SummaryInput } from '../../../../src-main/core/insights/builtinSummarizer';
import { summarizeBuiltin } from '../../../../src-main/core/insights/builtinSummarizer';
import type { SummaryChange } from '../../../../src-shared/domain/summarySync';
import { apiCaller } from '../../../support/apiCall';
import { deviceCaller } from '../../../support/deviceRequest';
import { tempDir } from '../../../support/tempDir';
import { setupTokenOf } from '../../../support/setupToken';

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
const remove = (id: string, baseVersion: number): SummaryChange => ({
  op: 'delete',
  key: randomUUID(),
  id,
  baseVersion,
});

/** An applied change: its version, and when the endpoint applied it (the time every device shows). */
const applied = (id: string, version: number) => ({
  status: 'applied',
  id,
  version,
  updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
});

describe('summary sync on the cloud endpoint', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  const call = apiCaller(() => server.url);
  const signIn = async (email: string, password: string) =>
    (await call('POST', '/api/v1/auth/sign-in', { email, password })).body!.token as string;
  const push = async (token: string, ...changes: SummaryChange[]) =>
    (await call('POST', '/api/v1/summaries/push', { changes }, token)).body!.results as Record<string, unknown>[];

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
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('applies each change once however often it is retried, and pulls changes after a cursor', async () => {
    const admin = await signIn('ada@acme.test', 'correct horse battery');
    // Ada's other device: its own sign-in session, which receives what this one pushes.
    const other = await signIn('ada@acme.test', 'correct horse battery');
    const id = randomUUID();
    const created = upsert(id, 0);
    const answer = await push(admin, created);
    expect(answer).toEqual([applied(id, 1)]);
    expect(await push(admin, created)).toEqual(answer);

    // The pushing session is not sent its own change back; the cursor still moves past it.
    const own = (await call('GET', '/api/v1/summaries/changes?since=0', undefined, admin)).body!;
    expect(own).toMatchObject({ changes: [], more: false });
    expect(own.cursor).toBeGreaterThan(0);

    const first = (await call('GET', '/api/v1/summaries/changes?since=0', undefined, other)).body!;
    expect(first).toMatchObject({ more: false, changes: [{ id, version: 1, deleted: false, fields }] });

    const edited = upsert(id, 1, 'Printer fixed by restarting the spooler');
    expect(await push(admin, edited, edited)).toEqual([applied(id, 2), applied(id, 2)]);
    const next = (await call('GET', `/api/v1/summaries/changes?since=${first.cursor as number}`, undefined, other))
      .body!;
    expect(next).toMatchObject({
      changes: [{ id, version: 2, fields: { title: 'Printer fixed by restarting the spooler' } }],
    });
    const after = (await call('GET', `/api/v1/summaries/changes?since=${next.cursor as number}`, undefined, other))
      .body!;
    expect(after).toEqual({ changes: [], cursor: next.cursor, more: false });
  });

  it('edit against edit is a conflict with the endpoint’s copy; edit against delete restores; a delete leaves a tombstone', async () => {
    const admin = await signIn('ada@acme.test', 'correct horse battery');
    const reader = await signIn('ada@acme.test', 'correct horse battery');
    const id = randomUUID();
    await push(admin, upsert(id, 0));
    await push(admin, upsert(id, 1, 'Edited on device A'));

    const [conflict] = await push(admin, upsert(id, 1, 'Edited on device B'));
    expect(conflict).toMatchObject({
      status: 'conflict',
      id,
      server: { version: 2, fields: { title: 'Edited on device A' } },
    });
    // A delete based on an older version does not discard the newer edit either.
    expect((await push(admin, remove(id, 1)))[0]).toMatchObject({ status: 'conflict', server: { version: 2 } });

    expect(await push(admin, remove(id, 2))).toEqual([applied(id, 3)]);
    const tombstone = (await call('GET', '/api/v1/summaries/changes?since=0', undefined, reader)).body!;
    expect(tombstone).toMatchObject({ changes: [{ id, version: 3, deleted: true, fields: null }] });

    expect(await push(admin, upsert(id, 2, 'Edited offline before the delete arrived'))).toEqual([applied(id, 4)]);
    const restored = (await call('GET', '/api/v1/summaries/changes?since=0', undefined, reader)).body!;
    expect(restored).toMatchObject({
      changes: [{ id, version: 4, deleted: false, fields: { title: 'Edited offline before the delete arrived' } }],
    });
  });

  it('adding needs an account, editing edit, deleting delete, reading view; bad input is refused whole', async () => {
    const admin = await signIn('ada@acme.test', 'correct horse battery');
    const role = (await call('POST', '/api/v1/admin/roles', { name: 'Supporter', permissions: [] }, admin)).body!.id;
    await call(
      'POST',
      '/api/v1/admin/users',
      { email: 'sam@acme.test', name: 'Sam', password: 'supporter password', roleId: role },
      admin,
    );
    const supporter = await signIn('sam@acme.test', 'supporter password');
    const id = randomUUID();
    expect(await push(supporter, upsert(id, 0))).toEqual([applied(id, 1)]);
    expect(await push(supporter, upsert(id, 1, 'Changed'), remove(id, 1))).toEqual([
      { status: 'refused', id, reason: 'Your role does not include the permission "insights.edit".' },
      { status: 'refused', id, reason: 'Your role does not include the permission "insights.delete".' },
    ]);
    expect((await call('GET', '/api/v1/summaries/changes', undefined, supporter)).status).toBe(403);
    expect((await call('GET', '/api/v1/summaries/changes', undefined, undefined)).status).toBe(401);

    const bad = await call(
      'POST',
      '/api/v1/summaries/push',
      { changes: [upsert(randomUUID(), 0), { ...upsert(randomUUID(), 0), fields: { title: '' } }] },
      admin,
    );
    expect(bad.status).toBe(400);
    expect((await call('GET', '/api/v1/summaries/changes', undefined, admin)).body!.changes).toHaveLength(1);
  });

  it('a company device hands in new summaries and pays credits with its key; it may not edit, and a device of no company may do neither', async () => {
    const admin = await signIn('ada@acme.test', 'correct horse battery');
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const deviceId = '555666777';
    const registered = await call('POST', '/api/v1/devices', {
      deviceId,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
      platform: 'linux',
      name: 'Front desk PC',
    });
    expect(registered.status).toBe(200);
    const signed = deviceCaller(() => server.url, deviceId, privateKey);
    const asDevice = async (path: string, body: unknown, signedBy = deviceId) =>
      (await signed('POST', path, body, signedBy)) as { status: number; body: Record<string, unknown> };
    const id = randomUUID();
    const balance = async () => (await call('GET', '/api/v1/credits', undefined, admin)).body!.balance as number;

    expect(await asDevice('/api/v1/devices/me/summaries/push', { changes: [upsert(id, 0)] })).toMatchObject({
      status: 403,
      body: { error: { code: 'no_company' } },
    });
    expect((await asDevice('/api/v1/devices/me/credits/reserve', { sessionId: 's-1' })).status).toBe(403);
    expect(
      (await asDevice('/api/v1/devices/me/summaries/push', { changes: [upsert(id, 0)] }, '111222333')).status,
    ).toBe(401);

    // It joins the company with IT's enrolment token, which it presents itself.
    const { token } = (await call('POST', '/api/v1/admin/enrollment-tokens', { name: 'Front desk' }, admin)).body!;
    expect((await asDevice('/api/v1/devices/me/enroll', { token })).status).toBe(200);
    expect((await asDevice('/api/v1/devices/me/summaries/push', { changes: [upsert(id, 0)] })).body).toEqual({
      results: [applied(id, 1)],
    });
    expect(
      (await asDevice('/api/v1/devices/me/summaries/push', { changes: [upsert(id, 1, 'Changed')] })).body,
    ).toMatchObject({
      results: [{ status: 'refused', reason: expect.stringContaining('insights.edit') }],
    });
    expect((await asDevice('/api/v1/devices/me/summaries/push', { changes: [remove(id, 1)] })).body).toMatchObject({
      results: [{ status: 'refused', reason: expect.stringContaining('insights.delete') }],
    });
    const pulled = (await call('GET', '/api/v1/summaries/changes?since=0', undefined, admin)).body!;
    expect(pulled.changes).toEqual([
      expect.objectContaining({ id, version: 1, fields: expect.objectContaining({ title: fields.title }) }),
    ]);

    const before = await balance();
    expect((await asDevice('/api/v1/devices/me/credits/reserve', { sessionId: 's-1' })).body).toMatchObject({
      charged: true,
    });
    expect((await asDevice('/api/v1/devices/me/credits/reserve', { sessionId: 's-1' })).body).toMatchObject({
      charged: false,
    });
    expect(await balance()).toBe(before - 1);
    expect((await asDevice('/api/v1/devices/me/credits/refund', { sessionId: 's-1' })).body).toEqual({
      refunded: true,
    });
    expect(await balance()).toBe(before);
  });

  it('answers malformed pushes with 400 and changes nothing (fuzzed)', async () => {
    const admin = await signIn('ada@acme.test', 'correct horse battery');
    const valid = upsert(randomUUID(), 0);
    const mangled = fc.oneof(
      fc.anything(),
      fc.record({ changes: fc.array(fc.anything(), { maxLength: 3 }) }),
      fc
        .tuple(fc.constantFrom(...Object.keys(valid)), fc.anything())
        .map(([key, value]) => ({ changes: [{ ...valid, [key]: value }] })),
    );
    await fc.assert(
      fc.asyncProperty(mangled, async (body) => {
        const response = await fetch(`${server.url}/api/v1/summaries/push`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
          body: JSON.stringify(body) ?? 'null',
        });
        expect([200, 400]).toContain(response.status);
      }),
      { numRuns: 150, seed: 5 },
    );
    // Whatever slipped through as valid was a well-formed summary; nothing else was stored.
    const { changes } = (await call('GET', '/api/v1/summaries/changes?limit=500', undefined, admin))
      .body as unknown as {
      changes: { fields: { title: string } | null }[];
    };
    for (const change of changes) expect(change.fields?.title.length).toBeGreaterThan(0);
  });
});
