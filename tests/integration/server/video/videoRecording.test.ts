import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import { RECORDING_UPLOAD_PATH } from '../../../../src-shared/video/recordingContract';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { callParties, callSocket } from './callClient';
import {
  bothIn as bothInCall,
  bothSee,
  expectListedReady,
  recordedSession as recordedSessionAt,
  recordedWebm,
  sha256,
  uploadClient,
  type Parties,
} from './recordingClient';

/**
 * VS-6: recording with consent. The employee asks, every side must accept (a side joining late is
 * asked too), anyone's decline or withdrawal stops it, each step lands in the session's history;
 * only the recorder uploads, only a recording that ran, over tus (resumed from the endpoint's
 * offset, across a restart), checked by SHA-256; only the two parties play it back.
 */

/** A WebM as the desktop core uploads it: a live stream (as MediaRecorder writes) made seekable. */
let webm: Buffer;
let webmDurationMs: number;
beforeAll(async () => {
  ({ bytes: webm, durationMs: webmDurationMs } = await recordedWebm());
});

describe('recording a video call with consent', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  afterEach(async () => {
    await server?.close();
    dir?.cleanup();
  });

  async function start() {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    return callParties(() => server.url, dir.path);
  }
  const bothIn = (parties: Parties, sessionId: string) => bothInCall(server.url, parties, sessionId);
  const recordedSession = (parties: Parties) => recordedSessionAt(server.url, parties);
  const { tus, create, patch, metadata } = uploadClient(
    () => server.url,
    () => webm,
  );

  it('records only once every side accepted, late joiners are asked, and anyone stops it', async () => {
    const parties = await start();
    const sessionId = await parties.session();
    // The employee is in alone and asks: asking, with the employee's consent in the request.
    const desk = await callSocket(server.url);
    desk.join(parties.agent.token, sessionId);
    await desk.next('joined');
    desk.send({ type: 'record', action: 'request' });
    const asked = (await desk.next('recording')).recording!;
    expect(asked).toMatchObject({ state: 'asking', requestedBy: 'agent', accepted: ['employee'], stoppedBy: null });

    // The code user joins late: told at once that their consent is asked.
    const phone = await callSocket(server.url);
    phone.join(parties.atPress, sessionId);
    await phone.next('joined');
    expect((await phone.next('recording')).recording).toEqual(asked);

    // A code user cannot ask, nor can a second request start while one is asked: nothing changes,
    // so the next frame both see is the one the acceptance makes.
    phone.send({ type: 'record', action: 'request' });
    desk.send({ type: 'record', action: 'request' });
    desk.send({ type: 'record', action: 'accept' });
    phone.send({ type: 'record', action: 'accept' });
    const on = await bothSee([phone, desk]);
    expect(on).toEqual({ ...asked, state: 'on', accepted: ['employee', 'code-user'] });

    // The code user withdraws: stopped, by them.
    phone.send({ type: 'record', action: 'withdraw' });
    expect(await bothSee([phone, desk])).toEqual({ ...on, state: 'stopped', stoppedBy: 'code-user' });

    // A new request is a new recording; the code user declines it.
    desk.send({ type: 'record', action: 'request' });
    const again = (await bothSee([phone, desk]))!;
    expect(again.id).not.toBe(asked.id);
    expect(again).toMatchObject({ state: 'asking', accepted: ['employee'] });
    phone.send({ type: 'record', action: 'decline' });
    expect(await bothSee([phone, desk])).toMatchObject({ id: again.id, state: 'stopped', stoppedBy: 'code-user' });

    // A third, on, stops with the call's end (by nobody), told before the call's end.
    desk.send({ type: 'record', action: 'request' });
    const third = (await bothSee([phone, desk]))!;
    phone.send({ type: 'record', action: 'accept' });
    expect((await bothSee([phone, desk]))?.state).toBe('on');
    desk.send({ type: 'record', action: 'withdraw' });
    expect(await bothSee([phone, desk])).toMatchObject({ id: third.id, state: 'stopped', stoppedBy: 'employee' });
    desk.send({ type: 'record', action: 'request' });
    const fourth = (await bothSee([phone, desk]))!;
    phone.send({ type: 'record', action: 'accept' });
    await bothSee([phone, desk]);
    desk.send({ type: 'end' });
    expect(await bothSee([phone, desk])).toMatchObject({ id: fourth.id, state: 'stopped', stoppedBy: null });
    await Promise.all([phone.next('ended'), desk.next('ended')]);

    // Every step is in the session's history, with who took it.
    const details = await parties.call('GET', `/api/v1/video/sessions/${sessionId}`, undefined, parties.agent.token);
    const steps = (details.body!.history as { event: string; actor: { kind: string } }[])
      .filter((change) => change.event.startsWith('recording-'))
      .map((change) => `${change.event} ${change.actor.kind}`);
    expect(steps).toEqual([
      'recording-request employee',
      'recording-accept code-user',
      'recording-start system',
      'recording-withdraw code-user',
      'recording-request employee',
      'recording-decline code-user',
      'recording-request employee',
      'recording-accept code-user',
      'recording-start system',
      'recording-withdraw employee',
      'recording-request employee',
      'recording-accept code-user',
      'recording-start system',
      'recording-stop system',
    ]);
    const listed = await parties.call(
      'GET',
      `/api/v1/video/sessions/${sessionId}/recordings`,
      undefined,
      parties.agent.token,
    );
    expect((listed.body!.recordings as { id: string; upload: string }[]).map((r) => [r.id, r.upload])).toEqual([
      [fourth.id, 'waiting'],
      [third.id, 'waiting'],
      [again.id, 'none'],
      [asked.id, 'waiting'],
    ]);
  });

  it('refuses an upload without everyone’s consent, or by anyone but the recorder', async () => {
    const parties = await start();
    const sessionId = await parties.session();
    const { phone, desk } = await bothIn(parties, sessionId);
    desk.send({ type: 'record', action: 'request' });
    const declined = (await bothSee([phone, desk]))!;
    phone.send({ type: 'record', action: 'decline' });
    await bothSee([phone, desk]);
    desk.send({ type: 'end' });
    await desk.closed;

    const refused = await create(parties.agent.token, declined.id);
    expect(refused.status).toBe(403);
    expect(JSON.parse(await refused.text())).toMatchObject({ error: { code: 'video_recording_no_consent' } });

    const { recordingId } = await recordedSession(parties);
    // The other assignee, the code user's token, no token at all: none of them recorded it.
    expect((await create(parties.demoted.token, recordingId)).status).toBe(403);
    expect((await create(parties.atPress, recordingId)).status).toBe(401);
    expect((await create('', recordingId)).status).toBe(401);
    const created = await create(parties.agent.token, recordingId);
    expect(created.status).toBe(201);
    // Nobody but the recorder learns or moves its offset.
    const location = created.headers.get('location')!;
    expect((await tus(location, { method: 'HEAD', token: parties.demoted.token })).status).toBe(403);
    expect((await patch(parties.demoted.token, location, 0, webm)).status).toBe(403);
  });

  it('resumes an upload cut off at half from the endpoint’s offset after it restarts, checks it, and plays it to both parties only', async () => {
    const parties = await start();
    const { sessionId, recordingId } = await recordedSession(parties);
    const created = await create(parties.agent.token, recordingId);
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    const half = Math.floor(webm.length / 2);
    expect((await patch(parties.agent.token, location, 0, webm.subarray(0, half))).status).toBe(204);

    // The endpoint restarts on the same data folder (and database).
    await server.close();
    server = await startServer({ dataDir: dir.path, logger: false });
    const head = await tus(location, { method: 'HEAD', token: parties.agent.token });
    expect(head.status).toBe(200);
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBe(half);
    expect((await patch(parties.agent.token, location, offset, webm.subarray(offset))).status).toBe(204);

    await expectListedReady(parties.call, parties.agent.token, sessionId, {
      sizeBytes: webm.length,
      durationMs: webmDurationMs,
      withinMs: 50,
    });
    expect(webmDurationMs).toBeGreaterThan(2500);

    // Both parties play it: the assignee and the device's code user, with Range for seeking.
    const employeeTicket = await parties.call(
      'POST',
      `/api/v1/video/recordings/${recordingId}/ticket`,
      {},
      parties.agent.token,
    );
    expect(employeeTicket.status).toBe(200);
    const whole = await fetch(new URL(employeeTicket.body!.path as string, server.url));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/webm');
    expect(sha256(new Uint8Array(await whole.arrayBuffer()))).toBe(sha256(webm));
    const ranged = await fetch(new URL(employeeTicket.body!.path as string, server.url), {
      headers: { range: 'bytes=100-199' },
    });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 100-199/${webm.length}`);
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(webm.subarray(100, 200));
    const codeUserTicket = await parties.call(
      'POST',
      `/api/v1/video/me/recordings/${recordingId}/ticket`,
      {},
      parties.atPress,
    );
    expect(codeUserTicket.status).toBe(200);
    expect((await fetch(new URL(codeUserTicket.body!.path as string, server.url))).status).toBe(200);
    const codeUserList = await parties.call(
      'GET',
      `/api/v1/video/me/sessions/${sessionId}/recordings`,
      undefined,
      parties.atPress,
    );
    expect((codeUserList.body!.recordings as { upload: string }[])[0]!.upload).toBe('ready');

    // Anyone else: a third employee of the company gets 403, another device's code user and another
    // company do not learn it exists, and a ticket for it plays no other recording nor lasts when altered.
    const third = await parties.call(
      'POST',
      `/api/v1/video/recordings/${recordingId}/ticket`,
      {},
      parties.bystander.token,
    );
    expect(third.status).toBe(403);
    expect(third.body).toMatchObject({ error: { code: 'video_not_assigned' } });
    expect(
      (await parties.call('POST', `/api/v1/video/me/recordings/${recordingId}/ticket`, {}, parties.atPump)).status,
    ).toBe(404);
    expect(
      (await parties.call('POST', `/api/v1/video/recordings/${recordingId}/ticket`, {}, parties.globex.admin)).status,
    ).toBe(404);
    const path = employeeTicket.body!.path as string;
    const tampered = path.replace(/ticket=(\d+)\./, (_, expires: string) => `ticket=${Number(expires) + 1}.`);
    expect((await fetch(new URL(tampered, server.url))).status).toBe(403);
    expect((await fetch(new URL(`/api/v1/video/recordings/${recordingId}/media`, server.url))).status).toBe(400);

    // Uploaded once: a second upload of the same recording is refused.
    expect((await create(parties.agent.token, recordingId)).status).toBe(409);
  });

  it('refuses bytes that do not match the declared SHA-256, and takes a new upload after', async () => {
    const parties = await start();
    const { sessionId, recordingId } = await recordedSession(parties);
    const created = await create(parties.agent.token, recordingId, sha256(Buffer.from('another file')));
    const refused = await patch(parties.agent.token, created.headers.get('location')!, 0, webm);
    expect(refused.status).toBe(422);
    expect(JSON.parse(await refused.text())).toMatchObject({ error: { code: 'video_recording_checksum' } });
    const listed = await parties.call(
      'GET',
      `/api/v1/video/sessions/${sessionId}/recordings`,
      undefined,
      parties.agent.token,
    );
    expect((listed.body!.recordings as { upload: string }[])[0]!.upload).toBe('waiting');
    expect(
      (await parties.call('POST', `/api/v1/video/recordings/${recordingId}/ticket`, {}, parties.agent.token)).body,
    ).toMatchObject({
      error: { code: 'video_recording_not_ready' },
    });

    const again = await create(parties.agent.token, recordingId);
    expect(again.status).toBe(201);
    expect((await patch(parties.agent.token, again.headers.get('location')!, 0, webm)).status).toBe(204);
    expect(
      (await parties.call('POST', `/api/v1/video/recordings/${recordingId}/ticket`, {}, parties.agent.token)).status,
    ).toBe(200);
  });

  it('fuzz: any sequence of record messages from both sides keeps the consent rules', async () => {
    const parties = await start();
    const sessionId = await parties.session();
    const { phone, desk } = await bothIn(parties, sessionId);
    const actions = ['request', 'accept', 'decline', 'withdraw'] as const;
    let seed = 17;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    // The model: what the endpoint must answer to each message (null: nothing changes, no frame).
    type Model = { id: string | null; state: 'asking' | 'on' | 'stopped'; accepted: string[] };
    let model = null as Model | null;
    for (let step = 0; step < 120; step++) {
      const side = random(2) === 0 ? 'employee' : 'code-user';
      const action = actions[random(actions.length)]!;
      const current: Model | null = model;
      const active: Model | null = current && current.state !== 'stopped' ? current : null;
      let next: Model | null = null;
      if (action === 'request') {
        if (side === 'employee' && !active) next = { id: null, state: 'asking', accepted: ['employee'] };
      } else if (active && action === 'accept') {
        if (active.state === 'asking' && !active.accepted.includes(side)) {
          const accepted: string[] = ['employee', 'code-user'].filter(
            (role) => role === side || active.accepted.includes(role),
          );
          next = { ...active, accepted, state: accepted.length === 2 ? 'on' : 'asking' };
        }
      } else if (active && (action === 'withdraw' || active.state === 'asking')) {
        next = { ...active, state: 'stopped' };
      }
      (side === 'employee' ? desk : phone).send({ type: 'record', action });
      if (!next) continue;
      // A message the model says changes nothing sent no frame: the next frame is this change's.
      const seen = (await bothSee([phone, desk]))!;
      expect({ state: seen.state, accepted: seen.accepted }, `step ${step}: ${side} ${action}`).toEqual({
        state: next.state,
        accepted: next.accepted,
      });
      if (next.id === null) expect(seen.id).not.toBe(model?.id);
      else expect(seen.id).toBe(model!.id);
      if (next.state === 'stopped') expect(seen.stoppedBy).toBe(side);
      model = { ...next, id: seen.id };
    }
    // Malformed record messages close the socket as a violation, never reach the store.
    desk.send({ type: 'record', action: 'start' });
    expect(await desk.closed).toBe(1008);
  });

  it('fuzz: the recording routes answer malformed input with a refusal, never a failure', async () => {
    const parties = await start();
    const { recordingId } = await recordedSession(parties);
    const junk = ['x', '..%2F..%2Fetc%2Fpasswd', '%00', 'a'.repeat(64), recordingId.toUpperCase(), '0'];
    for (const id of junk) {
      for (const [method, path, token] of [
        ['GET', `/api/v1/video/sessions/${id}/recordings`, parties.agent.token],
        ['POST', `/api/v1/video/recordings/${id}/ticket`, parties.agent.token],
        ['GET', `/api/v1/video/me/sessions/${id}/recordings`, parties.atPress],
        ['POST', `/api/v1/video/me/recordings/${id}/ticket`, parties.atPress],
        ['GET', `/api/v1/video/recordings/${id}/media?ticket=${id}`, undefined],
        ['GET', `/api/v1/video/recordings/${recordingId}/media?ticket=${id}`, undefined],
      ] as const) {
        const answer = await parties.call(method, path, method === 'POST' ? {} : undefined, token);
        expect([400, 403, 404], `${method} ${path}: ${answer.status}`).toContain(answer.status);
      }
      const headers = [
        { 'upload-length': 'lots', 'upload-metadata': metadata({ recordingId }) },
        { 'upload-length': '10', 'upload-metadata': `recordingId ${id}` },
        { 'upload-length': '10', 'upload-metadata': metadata({ recordingId: id, sha256: id }) },
        { 'upload-length': String(2 ** 40), 'upload-metadata': metadata({ recordingId, sha256: sha256(webm) }) },
      ];
      for (const header of headers) {
        const answer = await tus(RECORDING_UPLOAD_PATH, {
          method: 'POST',
          token: parties.agent.token,
          headers: header,
        });
        expect([400, 403, 413], JSON.stringify(header)).toContain(answer.status);
      }
      const stray = await tus(`${RECORDING_UPLOAD_PATH}/${encodeURIComponent(id)}`, {
        method: 'HEAD',
        token: parties.agent.token,
      });
      expect([403, 404], id).toContain(stray.status);
    }
  });
});
