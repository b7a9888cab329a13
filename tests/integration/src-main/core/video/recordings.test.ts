import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../../server/app';
import { LocalRecordings } from '../../../../../src-main/core/video/recordings';
import { uploadedPercent, type LocalRecording } from '../../../../../src-shared/video/recordingContract';
import { startServer } from '../../../../support/testServer';
import { tempDir } from '../../../../support/tempDir';
import { callParties, callSocket } from '../../../server/video/callClient';

/**
 * VS-6 on the employee's computer: the core writes the window's chunks to disk as they come, makes
 * the file seekable (its duration written) and hashes it, then uploads it with tus; an upload cut off
 * at half while the endpoint restarts goes on from the endpoint's offset, and what the endpoint
 * keeps is the file, byte for byte, with the duration ffprobe reads.
 */

const SECONDS = 8;

/** What MediaRecorder hands over: a live WebM (no duration) of `seconds`. */
const liveWebm = (seconds: number) =>
  execFileSync(
    'ffmpeg',
    [
      // Noise: a picture that does not compress, so the file is megabytes, as a real call's is.
      ...['-loglevel', 'error', '-f', 'lavfi', '-i', `color=c=gray:s=640x480:r=30:d=${seconds},noise=alls=60:allf=t+u`],
      ...['-f', 'lavfi', '-i', `sine=duration=${seconds}`, '-c:v', 'libvpx', '-b:v', '4M', '-deadline', 'realtime'],
      ...['-c:a', 'libopus', '-f', 'webm', 'pipe:1'],
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );

/** A recording both sides of a call agreed to, as the call made it; the call ended. */
async function recordedWithConsent(server: RunningServer, parties: Awaited<ReturnType<typeof callParties>>) {
  const sessionId = await parties.session();
  const phone = await callSocket(server.url);
  phone.join(parties.atPress, sessionId);
  await phone.next('joined');
  const desk = await callSocket(server.url);
  desk.join(parties.agent.token, sessionId);
  await desk.next('joined');
  desk.send({ type: 'record', action: 'request' });
  const recordingId = (await desk.next('recording')).recording!.id;
  phone.send({ type: 'record', action: 'accept' });
  expect((await desk.next('recording')).recording?.state).toBe('on');
  return {
    sessionId,
    recordingId,
    end: async () => {
      desk.send({ type: 'end' });
      await desk.next('ended');
    },
  };
}

/**
 * An HTTP proxy that refuses a body over `limit` bytes with 413, as nginx's `client_max_body_size`
 * does; with `conflictAt`, it answers that PATCH (counted from 1) itself with tus's 409 Conflict, as
 * an endpoint does whose offset moved since the client read it.
 */
async function bodyLimitProxy(target: () => string, limit: number, { conflictAt = 0 } = {}) {
  const passed: number[] = [];
  let patches = 0;
  const server = createHttpServer((req, res) => {
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > limit) {
      req.resume();
      res.writeHead(413).end();
      return;
    }
    if (req.method === 'PATCH' && ++patches === conflictAt) {
      req.resume();
      res.writeHead(409, { 'tus-resumable': '1.0.0' }).end();
      return;
    }
    if (req.method === 'PATCH') passed.push(length);
    const upstream = httpRequest(
      new URL(req.url!, target()),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    /** The body of each PATCH it passed on. */
    passed,
    /** How many PATCHes came, passed on or not. */
    patches: () => patches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A TCP proxy that cuts every connection once, when `cutAfter` bytes went upstream; counts all bytes. */
async function cuttingProxy(port: () => number, cutAfter: number) {
  let sent = 0;
  let cut = false;
  /** The offsets the endpoint answered before the cut (each PATCH's), and after it (HEAD, then each PATCH). */
  const confirmedAt: number[] = [];
  const resumedAt: number[] = [];
  let onCut: () => void = () => undefined;
  const cutDone = new Promise<void>((resolve) => (onCut = resolve));
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(port(), '127.0.0.1');
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (data: Buffer) => {
      sent += data.length;
      if (!cut && sent >= cutAfter) {
        cut = true;
        for (const socket of open) socket.destroy();
        onCut();
        return;
      }
      upstream.write(data);
    });
    upstream.on('data', (data: Buffer) => {
      const offset = /upload-offset: (\d+)/i.exec(data.toString('latin1'));
      if (offset) (cut ? resumedAt : confirmedAt).push(Number(offset[1]));
      client.write(data);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    sent: () => sent,
    confirmedAt,
    resumedAt,
    cutDone,
    // The core's idle keep-alive connections too: a net.Server waits for every one to close (5 s).
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      }),
  };
}

/**
 * The employee's core's recordings in `coreDir`, uploading to `baseUrl` as `token`: every state it
 * announces, in order, and the upload's end (uploaded, or failed) when it comes.
 */
function coreRecordings(
  coreDir: string,
  baseUrl: string,
  token: string,
  options: { uploadChunkBytes?: number; warned?: unknown[] } = {},
) {
  const events: LocalRecording[] = [];
  const recordings = new LocalRecordings(coreDir, {
    cloud: { baseUrl } as never,
    account: { sessionToken: () => token } as never,
    events: { emit: (_: string, payload: LocalRecording) => void events.push(payload) } as never,
    log: { warn: (fields: unknown) => void options.warned?.push(fields), debug: () => undefined } as never,
    uploadChunkBytes: options.uploadChunkBytes,
  });
  const ended = async () => {
    await expect
      .poll(() => events.at(-1)?.state, { timeout: 60_000 })
      .toSatisfy((state) => state === 'uploaded' || state === 'failed');
    return events.at(-1)!;
  };
  return { recordings, events, ended };
}

describe('the employee’s core records to disk and uploads with tus — real endpoint, restarted mid-upload', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  afterEach(async () => {
    await server?.close();
    dir?.cleanup();
  });

  // Encodes 8 s of noise, restarts the endpoint and waits out the core's back-off (0, 0.5, 1, 2, 4 s
  // …) while it is away: over 30 s when CI's two cores are busy with the other files.
  it('resumes an upload cut at half from the endpoint’s offset; the endpoint keeps the same bytes and duration', async () => {
    dir = tempDir();
    server = await startServer({ dataDir: join(dir.path, 'endpoint'), logger: false });
    const port = Number(new URL(server.url).port);
    const parties = await callParties(() => server.url, join(dir.path, 'endpoint'));

    // A recording both sides agreed to, as the call made it.
    const { sessionId, recordingId, end } = await recordedWithConsent(server, parties);

    // What MediaRecorder hands over: a live WebM (no duration), in chunks.
    const live = liveWebm(SECONDS);
    const proxy = await cuttingProxy(() => port, Math.floor(live.length / 2));
    const coreDir = join(dir.path, 'core');
    const { recordings, events, ended } = coreRecordings(coreDir, proxy.url, parties.agent.token);
    await recordings.begin(recordingId, sessionId);
    const CHUNK = 64 * 1024;
    for (let seq = 0; seq * CHUNK < live.length; seq++) {
      await recordings.chunk(recordingId, seq, live.subarray(seq * CHUNK, (seq + 1) * CHUNK));
    }
    // A chunk out of order is refused: the file never has a gap.
    await expect(recordings.chunk(recordingId, 0, live.subarray(0, 10))).rejects.toThrow(/chunk/);
    const onDisk = join(coreDir, 'recordings', `${recordingId}.webm`);
    expect(readFileSync(onDisk).equals(live)).toBe(true);

    const finished = await recordings.finish(recordingId);
    expect(finished.state).toBe('waiting');
    expect(Math.abs(finished.durationMs! - SECONDS * 1000)).toBeLessThan(500);
    const local = readFileSync(onDisk);
    await end();

    // The upload is cut at half; meanwhile the endpoint restarts on its port and data folder.
    await recordings.uploadAll();
    await proxy.cutDone;
    await server.close();
    server = await startServer({ dataDir: join(dir.path, 'endpoint'), logger: false, port });
    expect(await ended()).toMatchObject({ state: 'uploaded', uploadedBytes: local.length });
    expect(events.some((event) => event.state === 'paused')).toBe(true);
    // Resumed from the offset the restarted endpoint reported (what reached its disk), not from zero.
    expect(proxy.resumedAt[0]).toBeGreaterThan(local.length / 4);
    expect(proxy.sent()).toBeLessThan(local.length * 1.5);
    await proxy.close();

    // The endpoint has the same bytes (SHA-256) and ffprobe reads the real duration.
    const ticket = await parties.call(
      'POST',
      `/api/v1/video/recordings/${recordingId}/ticket`,
      {},
      parties.agent.token,
    );
    expect(ticket.status).toBe(200);
    const stored = Buffer.from(await (await fetch(new URL(ticket.body!.path as string, server.url))).arrayBuffer());
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    expect(sha(stored)).toBe(sha(local));
    const copy = join(dir.path, 'stored.webm');
    writeFileSync(copy, stored);
    const probed = Number(
      execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', copy]).toString(),
    );
    expect(Math.abs(probed - SECONDS)).toBeLessThan(0.5);

    // The state the core kept on disk reads back whole after the app restarts (the upload's progress
    // saves overlapped and once spliced two states into one file); a torn file beside it is skipped.
    writeFileSync(join(coreDir, 'recordings', `${randomUUID()}.json`), '{"recordingId":"x"}"}');
    const warned: unknown[] = [];
    const restarted = coreRecordings(coreDir, server.url, parties.agent.token, { warned }).recordings;
    expect(await restarted.list()).toEqual([
      expect.objectContaining({ recordingId, state: 'uploaded', uploadedBytes: local.length }),
    ]);
    expect(warned).toHaveLength(1);
  }, 120_000);

  it('shows what the endpoint confirmed, not what was sent: paused at its offset, never going back on resuming', async () => {
    dir = tempDir();
    server = await startServer({ dataDir: join(dir.path, 'endpoint'), logger: false });
    const port = Number(new URL(server.url).port);
    const parties = await callParties(() => server.url, join(dir.path, 'endpoint'));
    const { sessionId, recordingId, end } = await recordedWithConsent(server, parties);
    const live = liveWebm(2);
    // Cut in the middle of the fourth piece: three are through, and a half piece is on its way.
    const PIECE = 128 * 1024;
    expect(live.length).toBeGreaterThan(6 * PIECE);
    const proxy = await cuttingProxy(() => port, Math.floor(3.5 * PIECE));
    const { recordings, events, ended } = coreRecordings(join(dir.path, 'core'), proxy.url, parties.agent.token, {
      uploadChunkBytes: PIECE,
    });
    await recordings.begin(recordingId, sessionId);
    await recordings.chunk(recordingId, 0, live);
    const { bytes } = await recordings.finish(recordingId);
    await end();

    await recordings.uploadAll();
    expect(await ended()).toMatchObject({ state: 'uploaded', uploadedBytes: bytes });
    await proxy.close();

    // The endpoint confirmed three pieces before the cut; the line paused there, at its share.
    expect(proxy.confirmedAt.at(-1)).toBe(3 * PIECE);
    const paused = events.filter((event) => event.state === 'paused');
    expect(paused.length).toBeGreaterThan(0);
    for (const event of paused) {
      expect(event.uploadedBytes).toBe(3 * PIECE);
      expect(uploadedPercent(event)).toBe(Math.floor(((3 * PIECE) / bytes) * 100));
    }
    // It resumed from the endpoint's offset (at least what it confirmed), and what was shown only grew.
    expect(proxy.resumedAt[0]).toBeGreaterThanOrEqual(3 * PIECE);
    const shown = events.map((event) => event.uploadedBytes);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
  });

  it('asks the offset again when the endpoint answers 409 (its offset moved), and goes on without a pause', async () => {
    dir = tempDir();
    server = await startServer({ dataDir: join(dir.path, 'endpoint'), logger: false });
    const parties = await callParties(() => server.url, join(dir.path, 'endpoint'));
    const { sessionId, recordingId, end } = await recordedWithConsent(server, parties);
    const PIECE = 64 * 1024;
    const proxy = await bodyLimitProxy(() => server.url, PIECE, { conflictAt: 3 });
    const { recordings, events, ended } = coreRecordings(join(dir.path, 'core'), proxy.url, parties.agent.token, {
      uploadChunkBytes: PIECE,
    });
    await recordings.begin(recordingId, sessionId);
    await recordings.chunk(recordingId, 0, liveWebm(1));
    const { bytes } = await recordings.finish(recordingId);
    await end();

    await recordings.uploadAll();
    expect(await ended()).toMatchObject({ state: 'uploaded', uploadedBytes: bytes, error: null });
    await proxy.close();
    // Every byte reached the endpoint once, the refused piece again after it; never shown as paused.
    expect(proxy.patches()).toBe(proxy.passed.length + 1);
    expect(proxy.passed.length).toBe(Math.ceil(bytes / PIECE));
    expect(proxy.passed.reduce((sum, sent) => sum + sent, 0)).toBe(bytes);
    expect(events.some((event) => event.state === 'paused' || event.state === 'failed')).toBe(false);
  });

  it('uploads in PATCHes no larger than the chunk size set, through a proxy that refuses bigger bodies', async () => {
    dir = tempDir();
    server = await startServer({ dataDir: join(dir.path, 'endpoint'), logger: false });
    const parties = await callParties(() => server.url, join(dir.path, 'endpoint'));
    const { sessionId, recordingId, end } = await recordedWithConsent(server, parties);
    const LIMIT = 64 * 1024;
    const CHUNK = 48 * 1024;
    const proxy = await bodyLimitProxy(() => server.url, LIMIT);
    const { recordings, ended } = coreRecordings(join(dir.path, 'core'), proxy.url, parties.agent.token, {
      uploadChunkBytes: CHUNK,
    });
    const live = liveWebm(2);
    await recordings.begin(recordingId, sessionId);
    await recordings.chunk(recordingId, 0, live);
    const finished = await recordings.finish(recordingId);
    await end();

    await recordings.uploadAll();
    expect(await ended()).toMatchObject({ state: 'uploaded', uploadedBytes: finished.bytes });
    // Every PATCH within the chunk size, together the whole file; the proxy refused none.
    expect(Math.max(...proxy.passed)).toBeLessThanOrEqual(CHUNK);
    expect(proxy.passed.reduce((sum, bytes) => sum + bytes, 0)).toBe(finished.bytes);
    expect(proxy.passed.length).toBe(Math.ceil(finished.bytes / CHUNK));
    await proxy.close();
    const ticket = await parties.call(
      'POST',
      `/api/v1/video/recordings/${recordingId}/ticket`,
      {},
      parties.agent.token,
    );
    expect(ticket.status).toBe(200);
  });
});
