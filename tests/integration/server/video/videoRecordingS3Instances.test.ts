import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import { apiCaller } from '../../../support/apiCall';
import { startRedisServer, type RedisServer } from '../../../support/redisServer';
import { S3_TEST_BUCKET, S3_TEST_CREDENTIALS, startS3Server, type S3TestServer } from '../../../support/s3Server';
import { createTestDatabase, startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { callParties } from './callClient';
import { expectListedReady, recordedSession, recordedWebm, sha256, uploadClient } from './recordingClient';

/**
 * VS-6 on several endpoint instances as the deployment guide runs them: one PostgreSQL, one Redis,
 * the recordings in one S3 bucket, and a data folder of each instance's own (no shared disk). An
 * upload begun on instance A and cut off goes on through instance B, which finds it by its URL in
 * the bucket (the offset) and the database (whose recording it is, its declared SHA-256); the
 * recording then plays through either instance to its two parties, and to nobody else.
 */

const MiB = 1024 * 1024;
let s3: S3TestServer;
let redis: RedisServer;
/** About 10 MiB: two S3 parts (8 MiB each but the last, as @tus/s3-store cuts a file of this size). */
let webm: Buffer;
beforeAll(async () => {
  [s3, redis] = await Promise.all([startS3Server(), startRedisServer()]);
  ({ bytes: webm } = await recordedWebm({ noise: true, seconds: 10 }));
}, 60_000);
afterAll(async () => {
  await s3?.stop();
  await redis?.stop();
});

/**
 * A PATCH whose connection closes after `sent` bytes of its body, as a network cut leaves it: the
 * instance keeps what arrived (tus), here as the bucket's incomplete part.
 */
async function cutPatch(url: string, token: string, offset: number, body: Buffer, sent: number) {
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const head = [
    `PATCH ${pathname} HTTP/1.1`,
    `host: ${hostname}:${port}`,
    'tus-resumable: 1.0.0',
    `authorization: Bearer ${token}`,
    `upload-offset: ${offset}`,
    'content-type: application/offset+octet-stream',
    `content-length: ${body.length}`,
  ];
  socket.on('error', () => undefined);
  socket.write(`${head.join('\r\n')}\r\n\r\n`);
  await new Promise<void>((resolve) => socket.end(body.subarray(0, sent), resolve));
}

/**
 * A PATCH still under way: its head and the first `sent` bytes of its body, the rest never sent
 * while the connection stays open (a slow or stalled client). `status`: what the instance answers,
 * if it answers before the body is whole.
 */
async function openPatch(url: string, token: string, offset: number, length: number, sent: Buffer) {
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.on('error', () => undefined);
  const status = new Promise<number>((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += String(chunk);
      const line = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (line) resolve(Number(line[1]));
    });
  });
  const head = [
    `PATCH ${pathname} HTTP/1.1`,
    `host: ${hostname}:${port}`,
    'tus-resumable: 1.0.0',
    `authorization: Bearer ${token}`,
    `upload-offset: ${offset}`,
    'content-type: application/offset+octet-stream',
    `content-length: ${length}`,
  ];
  socket.write(`${head.join('\r\n')}\r\n\r\n`);
  socket.write(sent);
  return { status, close: () => socket.destroy() };
}

describe('recordings in S3 on two endpoint instances with data folders of their own (PostgreSQL, Redis)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  const dirs: ReturnType<typeof tempDir>[] = [];
  const running: RunningServer[] = [];
  afterEach(async () => {
    for (const server of running.splice(0)) await server.close();
    await database?.drop();
    database = undefined;
    for (const dir of dirs.splice(0)) dir.cleanup();
  });

  /** Two instances on one database, one Redis and one bucket prefix, each with a data folder of its own. */
  async function twoInstances() {
    database = await createTestDatabase();
    const secretKey = randomBytes(32);
    const prefix = `calls/${randomBytes(4).toString('hex')}/`;
    const instance = async () => {
      const dir = tempDir();
      dirs.push(dir);
      const server = await startServer({
        dataDir: dir.path,
        database: database!.url,
        secretKey,
        redis: redis.url,
        logger: false,
        recordingsS3: {
          bucket: S3_TEST_BUCKET,
          prefix,
          endpoint: s3.url,
          region: 'us-east-1',
          pathStyle: true,
          credentials: S3_TEST_CREDENTIALS,
        },
      });
      running.push(server);
      return server;
    };
    // One after the other: the first migrates the database.
    const a = await instance();
    const b = await instance();
    return { a, b, prefix };
  }

  /** Two instances, a recording the call on A made with consent, and an upload client on each instance. */
  async function recordingOnTwoInstances() {
    const { a, b, prefix } = await twoInstances();
    const parties = await callParties(() => a.url, dirs[0]!.path, { TANDEM_DATABASE_URL: database!.url });
    const { sessionId, recordingId } = await recordedSession(a.url, parties);
    const onA = uploadClient(
      () => a.url,
      () => webm,
    );
    const onB = uploadClient(
      () => b.url,
      () => webm,
    );
    return { a, b, prefix, parties, sessionId, recordingId, token: parties.agent.token, onA, onB };
  }

  it('resumes on instance B an upload cut on instance A, checks its SHA-256, and plays it through either to both parties only', async () => {
    expect(webm.length).toBeGreaterThan(8 * MiB);
    const { a, b, prefix, parties, sessionId, recordingId, token, onA, onB } = await recordingOnTwoInstances();

    // Begun on A: a whole part, then a piece cut off on its way.
    const created = await onA.create(token, recordingId);
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    expect((await onA.patch(token, location, 0, webm.subarray(0, 6 * MiB))).status).toBe(204);
    await cutPatch(new URL(location, a.url).toString(), token, 6 * MiB, webm.subarray(6 * MiB), MiB);
    // What arrived of the cut piece, too small for a part of its own, lands in the bucket beside it.
    const key = `${prefix}${location.split('/').at(-1)}`;
    await expect.poll(async () => s3.objects(), { timeout: 10_000 }).toContain(`${key}.part._S3rver_object`);
    const onAHead = await onA.tus(location, { method: 'HEAD', token });
    expect(onAHead.status).toBe(200);
    // What arrived of it (tus keeps it; the last bytes in the instance's buffers may not be).
    const kept = Number(onAHead.headers.get('upload-offset'));
    expect(kept).toBeGreaterThan(6 * MiB);
    expect(kept).toBeLessThanOrEqual(7 * MiB);

    // B never saw this upload: it finds it at the same URL, with the offset the bucket holds.
    const onBHead = await onB.tus(location, { method: 'HEAD', token });
    expect(onBHead.status).toBe(200);
    expect(Number(onBHead.headers.get('upload-offset'))).toBe(kept);
    expect(onBHead.headers.get('upload-length')).toBe(String(webm.length));
    // Whose it is comes from the database on B too: the other assignee may not touch it.
    expect((await onB.tus(location, { method: 'HEAD', token: parties.demoted.token })).status).toBe(403);
    expect((await onB.patch(token, location, kept, webm.subarray(kept))).status).toBe(204);

    // Nothing of it in either data folder; both instances list it ready, with its size and duration.
    for (const dir of dirs) expect(existsSync(join(dir.path, 'recordings'))).toBe(false);
    for (const server of [a, b]) {
      await expectListedReady(
        apiCaller(() => server.url),
        token,
        sessionId,
        {
          sizeBytes: webm.length,
          durationMs: 10_000,
          withinMs: 500,
        },
      );
    }
    // A, which began it, knows it is whole (from the bucket, not what it held in memory); a second upload is refused.
    const doneOnA = await onA.tus(location, { method: 'HEAD', token });
    expect(doneOnA.headers.get('upload-offset')).toBe(String(webm.length));
    expect((await onA.create(token, recordingId)).status).toBe(409);

    // Both parties play the same bytes, through either instance, with a ticket from either.
    const played = async (server: RunningServer, path: string) =>
      sha256(new Uint8Array(await (await fetch(new URL(path, server.url))).arrayBuffer()));
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const call = apiCaller(() => from.url);
      const agentTicket = await call('POST', `/api/v1/video/recordings/${recordingId}/ticket`, {}, token);
      expect(agentTicket.status).toBe(200);
      expect(await played(to, agentTicket.body!.path as string)).toBe(sha256(webm));
      const codeUserTicket = await call(
        'POST',
        `/api/v1/video/me/recordings/${recordingId}/ticket`,
        {},
        parties.atPress,
      );
      expect(codeUserTicket.status).toBe(200);
      expect(await played(to, codeUserTicket.body!.path as string)).toBe(sha256(webm));
      // A third employee of the company, on either instance: 403.
      const third = await call('POST', `/api/v1/video/recordings/${recordingId}/ticket`, {}, parties.bystander.token);
      expect(third.status).toBe(403);
      expect(third.body).toMatchObject({ error: { code: 'video_not_assigned' } });
    }
  });

  it('lets only one of two PATCHes to one upload, on A and on B at once, write: the other is cancelled or refused', async () => {
    const { a, b, prefix, sessionId, recordingId, token, onA, onB } = await recordingOnTwoInstances();
    const created = await onA.create(token, recordingId);
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    // tus's ID of the upload: its key in the bucket.
    const uploadId = `${prefix}${location.split('/').at(-1)!}`;

    // On A: the whole recording announced, a MiB of it sent, then nothing more for now.
    const stalled = await openPatch(new URL(location, a.url).toString(), token, 0, webm.length, webm.subarray(0, MiB));
    try {
      // A holds the upload's lock (shared by the instances in Redis) while it reads that body.
      await expect.poll(() => redis.client.exists(`tandem:tus-lock:${uploadId}`), { timeout: 10_000 }).toBe(1);
      // On B, the same upload from the same offset: B asks A to let go and waits. A stops reading its
      // body and stores what arrived; only then does B go on, finds the offset moved, and refuses.
      // (Without the shared lock B would write the whole recording beside A: 204.)
      const onBPatch = await onB.patch(token, location, 0, webm);
      expect(onBPatch.status).toBe(409);
      // A's request was ended before its body was whole (tus answers it with what it stored).
      expect(await stalled.status).toBe(204);
    } finally {
      stalled.close();
    }

    // The recorder reads the offset and sends the rest: the recording is whole and hashes right.
    const head = await onB.tus(location, { method: 'HEAD', token });
    expect(head.status).toBe(200);
    const kept = Number(head.headers.get('upload-offset'));
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(MiB);
    expect((await onB.patch(token, location, kept, webm.subarray(kept))).status).toBe(204);
    await expectListedReady(
      apiCaller(() => a.url),
      token,
      sessionId,
      { sizeBytes: webm.length, durationMs: 10_000, withinMs: 500 },
    );
    const ticket = await apiCaller(() => b.url)('POST', `/api/v1/video/recordings/${recordingId}/ticket`, {}, token);
    expect(ticket.status).toBe(200);
    const played = await fetch(new URL(ticket.body!.path as string, a.url));
    expect(sha256(new Uint8Array(await played.arrayBuffer()))).toBe(sha256(webm));
  });
});
