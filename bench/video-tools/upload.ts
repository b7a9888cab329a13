import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Upload } from 'tus-js-client';
import WebSocket from 'ws';
import { readSetupToken } from '../../server/accounts/setupToken';
import { startServer } from '../../server/app';
import { VIDEO_CALL_PATH, type CallServerFrame } from '../../src-shared/video/live';
import { RECORDING_UPLOAD_CHUNK_BYTES, RECORDING_UPLOAD_PATH } from '../../src-shared/video/recordingContract';
import { apiCaller } from '../../tests/support/apiCall';
import { tempDir } from '../../tests/support/tempDir';
import { elapsedMs, printFigure } from '../support/figures';

/** A recording's size: about three minutes of the composite at 2.5 Mbit/s. */
const SIZE = 64 * 1024 * 1024;
const ROUNDS = 5;
const BARE_PUT_PATH = '/bench/bare-put';

/**
 * `upload_mib_s`: a recording-sized file uploaded through the recordings' tus path as the desktop
 * core does it (tus-js-client from a file; the endpoint's @tus/server writing to its data folder,
 * then hashing the bytes against the declared SHA-256), against the floor of a bare HTTP PUT of the
 * same file to the same endpoint process, streamed to a file in the same folder. The PUT is served
 * beside Fastify on the endpoint's own HTTP server (bench only), so nothing of Tandem's is in its way.
 */
export async function run(): Promise<void> {
  const dir = tempDir();
  const server = await startServer({ dataDir: dir.path, logger: false });
  try {
    // The bare PUT: taken off the endpoint's HTTP server before Fastify sees it.
    const http = server.app.server;
    const fastify = http.listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
    http.removeAllListeners('request');
    http.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.method !== 'PUT' || req.url !== BARE_PUT_PATH) return fastify.call(http, req, res);
      void pipeline(req, createWriteStream(join(dir.path, 'bare-put'))).then(
        () => res.writeHead(204).end(),
        () => res.writeHead(500).end(),
      );
    });

    const call = apiCaller(() => server.url);
    const checked = async (method: string, path: string, body?: unknown, token?: string) => {
      const answer = await call(method, path, body, token);
      if (answer.status >= 400) throw new Error(`${method} ${path}: HTTP ${answer.status}`);
      return answer.body!;
    };
    const admin = { company: 'Acme Service', name: 'Ada', email: 'ada@acme.test', password: 'a long password' };
    await checked('POST', '/api/v1/setup', { ...admin, setupToken: readSetupToken(dir.path) });
    const employee = (await checked('POST', '/api/v1/auth/sign-in', { email: admin.email, password: admin.password }))
      .token as string;
    const employeeId = (await checked('GET', '/api/v1/me', undefined, employee)).id as string;
    const device = (await checked('POST', '/api/v1/video/devices', { name: 'Press 4' }, employee)) as {
      id: string;
      code: string;
    };
    const codeUser = (await checked('POST', '/api/v1/video/join', { code: device.code })).token as string;
    const file = join(dir.path, 'recording.webm');
    const bytes = randomBytes(SIZE);
    await writeFile(file, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');

    /** A recording that ran with both sides' consent, ready to be uploaded by the agent. */
    const recorded = async () => {
      const sessionId = (
        await checked(
          'POST',
          '/api/v1/video/sessions',
          { deviceId: device.id, reason: 'Bench upload', assigneeIds: [employeeId] },
          employee,
        )
      ).id as string;
      const phone = await side(server.url, codeUser, sessionId);
      const desk = await side(server.url, employee, sessionId);
      desk.send({ type: 'record', action: 'request' });
      const asked = await desk.next('recording');
      phone.send({ type: 'record', action: 'accept' });
      await desk.next('recording');
      desk.send({ type: 'end' });
      await desk.next('ended');
      phone.socket.close();
      desk.socket.close();
      return asked.recording!.id;
    };

    const tus = (recordingId: string) =>
      new Promise<void>((resolve, reject) => {
        new Upload(createReadStream(file), {
          endpoint: new URL(RECORDING_UPLOAD_PATH, server.url).toString(),
          uploadSize: SIZE,
          // In the recorder's pieces, as the core sends it (src-main/core/video/recordings.ts).
          chunkSize: RECORDING_UPLOAD_CHUNK_BYTES,
          headers: { Authorization: `Bearer ${employee}` },
          metadata: { recordingId, sha256 },
          onSuccess: () => resolve(),
          onError: reject,
        }).start();
      });
    const put = async () => {
      const response = await fetch(new URL(BARE_PUT_PATH, server.url), {
        method: 'PUT',
        headers: { 'content-length': String(SIZE) },
        body: createReadStream(file) as unknown as BodyInit,
        duplex: 'half',
      } as RequestInit);
      if (response.status !== 204) throw new Error(`bare PUT: HTTP ${response.status}`);
    };

    const samples: number[] = [];
    const floor: number[] = [];
    const mib = SIZE / 1024 ** 2;
    for (let round = 0; round < ROUNDS; round++) {
      const recordingId = await recorded();
      let start = process.hrtime.bigint();
      await put();
      floor.push(mib / (elapsedMs(start) / 1000));
      start = process.hrtime.bigint();
      await tus(recordingId);
      samples.push(mib / (elapsedMs(start) / 1000));
      await rm(join(dir.path, 'bare-put'), { force: true });
    }
    printFigure({
      bench: 'video-tools',
      metric: 'upload_mib_s',
      unit: 'MiB/s',
      samples,
      floor,
      extra: { size_mib: mib, rounds: ROUNDS },
    });
  } finally {
    await server.close();
    dir.cleanup();
  }
}

/** One side of a call, joined: its frames in order. */
async function side(baseUrl: string, token: string, sessionId: string) {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${VIDEO_CALL_PATH}`);
  const frames: CallServerFrame[] = [];
  let wake = () => undefined as void;
  socket.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as CallServerFrame);
    wake();
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const next = async <T extends CallServerFrame['type']>(type: T): Promise<Extract<CallServerFrame, { type: T }>> => {
    for (;;) {
      const frame = frames.shift();
      if (frame?.type === type) return frame as Extract<CallServerFrame, { type: T }>;
      if (!frame) await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  const send = (message: unknown) => socket.send(JSON.stringify(message));
  send({ type: 'join', token, sessionId });
  await next('joined');
  return { socket, next, send };
}
