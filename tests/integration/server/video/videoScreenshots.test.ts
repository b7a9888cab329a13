import fc from 'fast-check';
import { crc32, deflateSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RunningServer } from '../../../../server/app';
import { VideoSessionStore } from '../../../../server/video/videoSessionStore';
import { SCREENSHOT_IMAGE_MAX_BYTES } from '../../../../src-shared/video/screenshotContract';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { videoParties } from '../../../support/videoParties';

const SESSIONS = '/api/v1/video/sessions';
const MY_SESSIONS = '/api/v1/video/me/sessions';

/** A real PNG of `width`×`height` grey pixels, with `padding` bytes of noise in a private chunk (to make it large). */
function png(width: number, height: number, padding = 0): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y += 1) rows[y * (width + 1)] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    ...(padding > 0 ? [chunk('prVt', Buffer.from(Array.from({ length: padding }, (_, i) => (i * 7919) % 251)))] : []),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A Yjs update that adds `stroke` to the document's `strokes` array, made on a document holding `base`. */
function strokeUpdate(base: string, stroke: string): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from(base, 'base64'));
  const before = Y.encodeStateVector(doc);
  doc.getArray<string>('strokes').push([stroke]);
  return Buffer.from(Y.encodeStateAsUpdate(doc, before)).toString('base64');
}

const strokesOf = (document: string) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from(document, 'base64'));
  return doc.getArray<string>('strokes').toArray().sort();
};

describe('screenshots of a video session, edited together and saved by both sides (VS-6, VS-7)', () => {
  let server: RunningServer | undefined;
  let dir: ReturnType<typeof tempDir>;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    dir?.cleanup();
  });

  /** Acme's press with its assignee `agent` in a call (IN PROGRESS), a bystander who views, the press's and the pump's code users; Globex beside it. */
  async function start() {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    const parties = videoParties(() => server!.url, dir.path);
    const { call } = parties;
    const acme = await parties.company('Acme Service', 'acme.test');
    const agent = await parties.employee(acme.admin, 'agent@acme.test', ['video.conduct']);
    const bystander = await parties.employee(acme.admin, 'bystander@acme.test', ['video.view', 'video.conduct']);
    const outsider = await parties.employee(acme.admin, 'outsider@acme.test', ['video.conduct']);
    const press = await parties.device(acme.manager, 'Press 4');
    const pump = await parties.device(acme.manager, 'Pump 2');
    const atPress = await parties.codeUser(press.code);
    const atPump = await parties.codeUser(pump.code);
    const globex = await parties.company('Globex', 'globex.test');
    const globexAgent = await parties.employee(globex.admin, 'agent@globex.test', ['video.view', 'video.conduct']);
    const created = await call(
      'POST',
      SESSIONS,
      { deviceId: press.id, reason: 'Show the gauge', assigneeIds: [agent.id] },
      acme.manager,
    );
    expect(created.status).toBe(201);
    const sessionId = created.body!.id as string;
    const sessions = new VideoSessionStore(server.data, () => undefined);
    expect(await sessions.callStarted(sessionId)).toMatchObject({ status: 'IN_PROGRESS' });
    return { call, agent, bystander, outsider, atPress, atPump, globexAgent, sessionId, sessions };
  }

  const picture = (width = 64, height = 48) => ({
    type: 'image/png',
    width,
    height,
    image: png(width, height).toString('base64'),
  });

  it('the code user takes one during the call; the assignee reads the same picture; saves from both sides at once all land', async () => {
    const { call, agent, atPress, sessionId } = await start();
    const taken = await call('POST', `${MY_SESSIONS}/${sessionId}/screenshots`, picture(), atPress);
    expect(taken).toMatchObject({
      status: 201,
      body: { sessionId, takenBy: { kind: 'code-user' }, width: 64, height: 48, type: 'image/png' },
    });
    const shotId = taken.body!.id as string;

    const listed = await call('GET', `${SESSIONS}/${sessionId}/screenshots`, undefined, agent.token);
    expect(listed.body).toEqual({ screenshots: [taken.body] });
    const read = await call('GET', `${SESSIONS}/${sessionId}/screenshots/${shotId}`, undefined, agent.token);
    expect(read.status).toBe(200);
    expect(Buffer.from(read.body!.image as string, 'base64')).toEqual(png(64, 48));
    const empty = read.body!.document as string;
    expect(strokesOf(empty)).toEqual([]);

    // Both sides drew on what they had and save at the same moment, several times over.
    const employeeSaves = ['e1', 'e2', 'e3'].map((stroke) =>
      call(
        'PUT',
        `${SESSIONS}/${sessionId}/screenshots/${shotId}/document`,
        { update: strokeUpdate(empty, stroke) },
        agent.token,
      ),
    );
    const codeUserSaves = ['c1', 'c2', 'c3'].map((stroke) =>
      call(
        'PUT',
        `${MY_SESSIONS}/${sessionId}/screenshots/${shotId}/document`,
        { update: strokeUpdate(empty, stroke) },
        atPress,
      ),
    );
    for (const saved of await Promise.all([...employeeSaves, ...codeUserSaves])) expect(saved.status).toBe(200);

    const afterwards = await call('GET', `${MY_SESSIONS}/${sessionId}/screenshots/${shotId}`, undefined, atPress);
    expect(strokesOf(afterwards.body!.document as string)).toEqual(['c1', 'c2', 'c3', 'e1', 'e2', 'e3']);
    // Saving the same update again changes nothing: a side that saves twice (debounced, then on close) duplicates nothing.
    const again = await call(
      'PUT',
      `${SESSIONS}/${sessionId}/screenshots/${shotId}/document`,
      { update: afterwards.body!.document },
      agent.token,
    );
    expect(strokesOf(again.body!.document as string)).toEqual(['c1', 'c2', 'c3', 'e1', 'e2', 'e3']);
  });

  it('after the call the drawings can still be saved, but no new screenshot taken', async () => {
    const { call, agent, atPress, sessionId, sessions } = await start();
    const taken = await call('POST', `${SESSIONS}/${sessionId}/screenshots`, picture(), agent.token);
    expect(taken).toMatchObject({ status: 201, body: { takenBy: { kind: 'employee', name: 'agent' } } });
    expect(await sessions.callEnded(sessionId)).toMatchObject({ status: 'DONE' });

    const refused = await call('POST', `${MY_SESSIONS}/${sessionId}/screenshots`, picture(), atPress);
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'video_transition_forbidden' } } });
    expect(String((refused.body!.error as { message: string }).message)).toContain('DONE');
    const saved = await call(
      'PUT',
      `${SESSIONS}/${sessionId}/screenshots/${taken.body!.id}/document`,
      { update: strokeUpdate(Buffer.from(Y.encodeStateAsUpdate(new Y.Doc())).toString('base64'), 'late') },
      agent.token,
    );
    expect(saved.status).toBe(200);
    expect(strokesOf(saved.body!.document as string)).toEqual(['late']);
  });

  it('who may not see the session gets 404, who sees it unassigned 403 on taking and saving, another company 404', async () => {
    const { call, agent, bystander, outsider, atPump, globexAgent, sessionId } = await start();
    const taken = await call('POST', `${SESSIONS}/${sessionId}/screenshots`, picture(), agent.token);
    const shot = `${sessionId}/screenshots/${taken.body!.id}`;
    const update = { update: Buffer.from(Y.encodeStateAsUpdate(new Y.Doc())).toString('base64') };

    // The bystander sees every session (video.view): reads, but does not act.
    expect((await call('GET', `${SESSIONS}/${sessionId}/screenshots`, undefined, bystander.token)).status).toBe(200);
    expect((await call('GET', `${SESSIONS}/${shot}`, undefined, bystander.token)).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', `${SESSIONS}/${sessionId}/screenshots`, picture()],
      ['PUT', `${SESSIONS}/${shot}/document`, update],
    ] as const) {
      expect(await call(method, path, body, bystander.token)).toMatchObject({
        status: 403,
        body: { error: { code: 'video_not_assigned' } },
      });
    }

    const notFound = { status: 404, body: { error: { code: 'not_found' } } };
    for (const token of [outsider.token, globexAgent.token]) {
      expect(await call('GET', `${SESSIONS}/${sessionId}/screenshots`, undefined, token)).toMatchObject(notFound);
      expect(await call('GET', `${SESSIONS}/${shot}`, undefined, token)).toMatchObject(notFound);
      expect(await call('POST', `${SESSIONS}/${sessionId}/screenshots`, picture(), token)).toMatchObject(notFound);
      expect(await call('PUT', `${SESSIONS}/${shot}/document`, update, token)).toMatchObject(notFound);
    }
    // The pump's code user: another device's session.
    expect(await call('GET', `${MY_SESSIONS}/${sessionId}/screenshots`, undefined, atPump)).toMatchObject(notFound);
    expect(await call('GET', `${MY_SESSIONS}/${shot}`, undefined, atPump)).toMatchObject(notFound);
    expect(await call('POST', `${MY_SESSIONS}/${sessionId}/screenshots`, picture(), atPump)).toMatchObject(notFound);
    expect(await call('PUT', `${MY_SESSIONS}/${shot}/document`, update, atPump)).toMatchObject(notFound);
    // Nor does a user's token count on the code user's routes, nor a screenshot of another session.
    expect((await call('GET', `${MY_SESSIONS}/${sessionId}/screenshots`, undefined, agent.token)).status).toBe(401);
    expect(await call('GET', `${SESSIONS}/${sessionId}/screenshots/nope`, undefined, agent.token)).toMatchObject(
      notFound,
    );
  });

  it('refuses a picture too large, not what it says it is, and an update that is no Yjs update, each saying why', async () => {
    const { call, agent, sessionId } = await start();
    const path = `${SESSIONS}/${sessionId}/screenshots`;
    const large = png(64, 48, SCREENSHOT_IMAGE_MAX_BYTES);
    const tooLarge = await call('POST', path, { ...picture(), image: large.toString('base64') }, agent.token);
    expect(tooLarge).toMatchObject({ status: 413, body: { error: { code: 'video_screenshot_too_large' } } });
    expect((tooLarge.body!.error as { message: string }).message).toContain(`${SCREENSHOT_IMAGE_MAX_BYTES / 1024} KiB`);

    const invalid = { status: 422, body: { error: { code: 'video_screenshot_invalid' } } };
    expect(await call('POST', path, { ...picture(), width: 65 }, agent.token)).toMatchObject(invalid);
    expect(await call('POST', path, { ...picture(), type: 'image/jpeg' }, agent.token)).toMatchObject(invalid);
    expect(
      await call(
        'POST',
        path,
        { ...picture(), image: Buffer.from('GIF89a not a png').toString('base64') },
        agent.token,
      ),
    ).toMatchObject(invalid);

    const taken = await call('POST', path, picture(), agent.token);
    const save = (update: string) => call('PUT', `${path}/${taken.body!.id}/document`, { update }, agent.token);
    expect(await save(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]).toString('base64'))).toMatchObject(invalid);
    expect(
      (await save(strokeUpdate(Buffer.from(Y.encodeStateAsUpdate(new Y.Doc())).toString('base64'), 'ok'))).status,
    ).toBe(200);
  });

  it('fuzzed pictures and updates never break the endpoint nor the stored drawings', async () => {
    const { call, agent, atPress, sessionId } = await start();
    const path = `${SESSIONS}/${sessionId}/screenshots`;
    const taken = await call('POST', path, picture(), agent.token);
    const document = `${MY_SESSIONS}/${sessionId}/screenshots/${taken.body!.id}/document`;
    const kept = await call(
      'PUT',
      document,
      { update: strokeUpdate(Buffer.from(Y.encodeStateAsUpdate(new Y.Doc())).toString('base64'), 'kept') },
      atPress,
    );
    expect(kept.status).toBe(200);

    const bytes = fc.uint8Array({ maxLength: 300 }).map((array) => Buffer.from(array).toString('base64'));
    const takeBody = fc.record(
      {
        type: fc.oneof(fc.constantFrom('image/png', 'image/jpeg'), fc.string({ maxLength: 12 })),
        width: fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.double(), fc.string({ maxLength: 4 })),
        height: fc.integer({ min: -5, max: 5000 }),
        image: fc.oneof(bytes, fc.string({ maxLength: 40 }), fc.constant(png(3, 2).toString('base64'))),
      },
      { requiredKeys: [] },
    );
    const saveBody = fc.oneof(
      fc.record({ update: fc.oneof(bytes, fc.string({ maxLength: 40 })) }),
      fc.anything({ maxDepth: 2 }),
    );
    await fc.assert(
      fc.asyncProperty(takeBody, saveBody, async (take, save) => {
        for (const answer of [
          await call('POST', path, take, agent.token),
          await call('PUT', document, save, atPress),
        ]) {
          expect(answer.status).toBeLessThan(500);
          if (answer.status >= 400) expect(answer.body).toMatchObject({ error: { code: expect.any(String) } });
        }
      }),
      { numRuns: 60 },
    );
    const read = await call('GET', `${MY_SESSIONS}/${sessionId}/screenshots/${taken.body!.id}`, undefined, atPress);
    expect(strokesOf(read.body!.document as string)).toContain('kept');
  });
});
