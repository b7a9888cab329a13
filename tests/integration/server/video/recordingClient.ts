import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { writeSeekableWebm } from '../../../../src-main/core/video/seekableWebm';
import type { CallServerFrame } from '../../../../src-shared/video/live';
import { RECORDING_UPLOAD_PATH } from '../../../../src-shared/video/recordingContract';
import { tempDir } from '../../../support/tempDir';
import { callSocket, type callParties, type CallSide } from './callClient';

/** What the recording tests share: a recorded WebM, a call that recorded, and a tus client. */

export type Recording = NonNullable<Extract<CallServerFrame, { type: 'recording' }>['recording']>;
export type Parties = Awaited<ReturnType<typeof callParties>>;

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * A WebM as the desktop core uploads it: a live stream (`-live 1`: no duration, no cues, as
 * MediaRecorder writes) made seekable by the core. A test pattern of 3 s (about 100 KiB), or `noise` — a picture that does not compress, a 2 s
 * clip repeated for `seconds` — megabytes, as a real call's.
 */
export async function recordedWebm(options: { noise?: boolean; seconds?: number } = {}) {
  const dir = tempDir();
  try {
    const live = join(dir.path, 'live.webm');
    const ffmpeg = (args: string[]) => execFileSync('ffmpeg', ['-loglevel', 'error', ...args]);
    if (options.noise) {
      const clip = join(dir.path, 'clip.webm');
      ffmpeg([
        ...['-f', 'lavfi', '-i', 'color=c=gray:s=640x480:r=30:d=2,noise=alls=60:allf=t+u', '-f', 'lavfi'],
        ...['-i', 'sine=duration=2', '-c:v', 'libvpx', '-b:v', '8M', '-deadline', 'realtime', '-cpu-used', '8'],
        ...['-c:a', 'libopus', '-f', 'webm', clip],
      ]);
      const repeats = Math.ceil((options.seconds ?? 2) / 2);
      ffmpeg(['-stream_loop', String(repeats - 1), '-i', clip, '-c', 'copy', '-live', '1', '-f', 'webm', live]);
    } else {
      ffmpeg([
        ...['-f', 'lavfi', '-i', 'testsrc=duration=3:size=320x240:rate=30'],
        ...['-f', 'lavfi', '-i', 'sine=duration=3', '-c:v', 'libvpx', '-c:a', 'libopus'],
        ...['-live', '1', '-f', 'webm', live],
      ]);
    }
    const { durationMs } = await writeSeekableWebm(live, join(dir.path, 'seekable.webm'));
    return { bytes: readFileSync(join(dir.path, 'seekable.webm')), durationMs };
  } finally {
    dir.cleanup();
  }
}

const metadata = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');

/** A tus client of the endpoint at `url()` for the upload of `webm()`, request by request. */
export function uploadClient(url: () => string, webm: () => Buffer) {
  const tus = (
    path: string,
    init: { method: string; token: string; headers?: Record<string, string>; body?: Uint8Array },
  ) =>
    fetch(new URL(path, url()), {
      method: init.method,
      headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${init.token}`, ...init.headers },
      ...(init.body ? { body: Buffer.from(init.body) } : {}),
    });
  const create = (token: string, recordingId: string, declared = sha256(webm())) =>
    tus(RECORDING_UPLOAD_PATH, {
      method: 'POST',
      token,
      headers: {
        'upload-length': String(webm().length),
        'upload-metadata': metadata({ recordingId, sha256: declared }),
      },
    });
  const patch = (token: string, location: string, offset: number, bytes: Uint8Array) =>
    tus(location, {
      method: 'PATCH',
      token,
      headers: { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
      body: bytes,
    });
  return { tus, create, patch, metadata };
}

/**
 * The session's one recording as its assignee lists it (through `call`: one instance or another):
 * ready, `sizeBytes` long, its duration within `withinMs` of `durationMs`.
 */
export async function expectListedReady(
  call: Parties['call'],
  token: string,
  sessionId: string,
  expected: { sizeBytes: number; durationMs: number; withinMs: number },
) {
  const listed = await call('GET', `/api/v1/video/sessions/${sessionId}/recordings`, undefined, token);
  expect(listed.status).toBe(200);
  const recordings = listed.body!.recordings as { upload: string; sizeBytes: number; durationMs: number }[];
  expect(recordings).toHaveLength(1);
  expect(recordings[0]).toMatchObject({ upload: 'ready', sizeBytes: expected.sizeBytes });
  expect(Math.abs(recordings[0]!.durationMs - expected.durationMs)).toBeLessThan(expected.withinMs);
}

/** Both sides in the session's call: the device's code user (phone) and the assigned employee (desk). */
export async function bothIn(url: string, parties: Parties, sessionId: string) {
  const phone = await callSocket(url);
  phone.join(parties.atPress, sessionId);
  await phone.next('joined');
  const desk = await callSocket(url);
  desk.join(parties.agent.token, sessionId);
  await desk.next('joined');
  return { phone, desk };
}

/** The next `recording` frame on each side: both must show the same. */
export async function bothSee(sides: CallSide[]): Promise<Recording | null> {
  const seen = await Promise.all(sides.map((side) => side.next('recording')));
  for (const frame of seen) expect(frame.recording).toEqual(seen[0]!.recording);
  return seen[0]!.recording;
}

/** A session whose call ran a recording everyone accepted, then ended: the recording's ID. */
export async function recordedSession(url: string, parties: Parties) {
  const sessionId = await parties.session();
  const { phone, desk } = await bothIn(url, parties, sessionId);
  desk.send({ type: 'record', action: 'request' });
  const asked = await bothSee([phone, desk]);
  phone.send({ type: 'record', action: 'accept' });
  expect((await bothSee([phone, desk]))?.state).toBe('on');
  desk.send({ type: 'end' });
  await Promise.all([phone.closed, desk.closed]);
  return { sessionId, recordingId: asked!.id };
}
