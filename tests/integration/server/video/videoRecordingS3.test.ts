import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import { readServerConfig } from '../../../../server/config';
import { RecordingsS3Error, type RecordingsS3 } from '../../../../server/video/recordingBytesS3';
import { S3_TEST_BUCKET, S3_TEST_CREDENTIALS, startS3Server, type S3TestServer } from '../../../support/s3Server';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { callParties } from './callClient';
import { expectListedReady, recordedSession, recordedWebm, sha256, uploadClient } from './recordingClient';

/**
 * VS-6 with the recordings in an S3-compatible bucket (`--recordings-s3`, @tus/s3-store) instead of
 * the data folder, against a real local S3 server (s3rver, tests/support/s3Server.ts): the upload
 * goes into the bucket as a multipart upload, is resumed from the offset the bucket holds after the
 * endpoint restarts, is checked by SHA-256 read back from the bucket, and plays with Range
 * (GetObject with Range) to the session's two parties only. A wrong bucket stops the start.
 */

const MiB = 1024 * 1024;
let s3: S3TestServer;
/** About 10 MiB: more than one S3 part (5 MiB at least each, but the last). */
let webm: Buffer;
beforeAll(async () => {
  s3 = await startS3Server();
  ({ bytes: webm } = await recordedWebm({ noise: true, seconds: 10 }));
}, 60_000);
afterAll(() => s3?.stop());

describe('recordings in an S3-compatible bucket', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  afterEach(async () => {
    await server?.close();
    dir?.cleanup();
  });

  /** Each test's own key prefix in the one bucket, as several endpoints could share it. */
  const bucket = (prefix: string): RecordingsS3 => ({
    bucket: S3_TEST_BUCKET,
    prefix,
    endpoint: s3.url,
    region: 'us-east-1',
    pathStyle: true,
    credentials: S3_TEST_CREDENTIALS,
  });
  let prefix: string;
  const serve = () => startServer({ dataDir: dir.path, logger: false, recordingsS3: bucket(prefix) });
  async function start() {
    dir = tempDir();
    prefix = `calls/${randomBytes(4).toString('hex')}/`;
    server = await serve();
    return callParties(() => server.url, dir.path);
  }
  const { tus, create, patch } = uploadClient(
    () => server.url,
    () => webm,
  );
  /** The objects under this test's prefix (s3rver keeps each as `<key>._S3rver_object`). */
  const objects = async () =>
    (await s3.objects()).filter((name) => name.startsWith(prefix) && name.endsWith('._S3rver_object'));

  it('resumes an upload into the bucket from its offset after a restart, checks it, and plays ranges to both parties only', async () => {
    expect(webm.length).toBeGreaterThan(8 * MiB);
    const parties = await start();
    const { sessionId, recordingId } = await recordedSession(server.url, parties);
    const created = await create(parties.agent.token, recordingId);
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    // The upload's URL carries the random part of its key only; the key has the prefix.
    expect(location).toMatch(/\/[0-9a-f]{32}$/);
    // A whole part (over 5 MiB), then a piece too small for one: S3 keeps it apart until more comes.
    expect((await patch(parties.agent.token, location, 0, webm.subarray(0, 6 * MiB))).status).toBe(204);
    expect((await patch(parties.agent.token, location, 6 * MiB, webm.subarray(6 * MiB, 7 * MiB))).status).toBe(204);

    // The endpoint restarts: what it had is in the bucket, nothing of it in the data folder.
    await server.close();
    expect(existsSync(join(dir.path, 'recordings'))).toBe(false);
    const key = `${prefix}${location.split('/').at(-1)}`;
    expect(await objects()).toEqual([`${key}.info._S3rver_object`, `${key}.part._S3rver_object`]);
    server = await serve();
    const head = await tus(location, { method: 'HEAD', token: parties.agent.token });
    expect(head.status).toBe(200);
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBe(7 * MiB);
    expect((await patch(parties.agent.token, location, offset, webm.subarray(offset))).status).toBe(204);
    expect(await objects()).toEqual([`${key}._S3rver_object`, `${key}.info._S3rver_object`]);

    await expectListedReady(parties.call, parties.agent.token, sessionId, {
      sizeBytes: webm.length,
      durationMs: 10_000,
      withinMs: 500,
    });

    // Played from the bucket: whole, and by ranges — across the parts' border, and the last bytes.
    const ticket = await parties.call(
      'POST',
      `/api/v1/video/recordings/${recordingId}/ticket`,
      {},
      parties.agent.token,
    );
    expect(ticket.status).toBe(200);
    const media = (range?: string) =>
      fetch(new URL(ticket.body!.path as string, server.url), range ? { headers: { range } } : {});
    const whole = await media();
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(webm.length));
    expect(sha256(new Uint8Array(await whole.arrayBuffer()))).toBe(sha256(webm));
    for (const [range, start, end] of [
      ['bytes=100-199', 100, 199],
      [`bytes=${6 * MiB - 10}-${6 * MiB + 9}`, 6 * MiB - 10, 6 * MiB + 9],
      ['bytes=-500', webm.length - 500, webm.length - 1],
    ] as const) {
      const ranged = await media(range);
      expect(ranged.status, range).toBe(206);
      expect(ranged.headers.get('content-type')).toBe('video/webm');
      expect(ranged.headers.get('accept-ranges')).toBe('bytes');
      expect(ranged.headers.get('content-range')).toBe(`bytes ${start}-${end}/${webm.length}`);
      expect(ranged.headers.get('content-length')).toBe(String(end - start + 1));
      expect(Buffer.from(await ranged.arrayBuffer()).equals(webm.subarray(start, end + 1)), range).toBe(true);
    }
    expect((await media(`bytes=${webm.length}-`)).status).toBe(416);
    const codeUserTicket = await parties.call(
      'POST',
      `/api/v1/video/me/recordings/${recordingId}/ticket`,
      {},
      parties.atPress,
    );
    expect(codeUserTicket.status).toBe(200);
    const codeUserMedia = await fetch(new URL(codeUserTicket.body!.path as string, server.url), {
      headers: { range: 'bytes=0-99' },
    });
    expect(Buffer.from(await codeUserMedia.arrayBuffer()).equals(webm.subarray(0, 100))).toBe(true);

    // Anyone else, as with the data folder: a third employee gets 403, the other assignee cannot upload.
    const third = await parties.call(
      'POST',
      `/api/v1/video/recordings/${recordingId}/ticket`,
      {},
      parties.bystander.token,
    );
    expect(third.status).toBe(403);
    expect(third.body).toMatchObject({ error: { code: 'video_not_assigned' } });
    expect((await tus(location, { method: 'HEAD', token: parties.demoted.token })).status).toBe(403);
    expect((await create(parties.agent.token, recordingId)).status).toBe(409);
  });

  it('refuses bytes that do not match the declared SHA-256, removes them from the bucket, and takes a new upload', async () => {
    const parties = await start();
    const { recordingId } = await recordedSession(server.url, parties);
    const wrong = await create(parties.agent.token, recordingId, sha256(Buffer.from('another file')));
    const location = wrong.headers.get('location')!;
    expect((await patch(parties.agent.token, location, 0, webm.subarray(0, MiB))).status).toBe(204);
    const refused = await patch(parties.agent.token, location, MiB, webm.subarray(MiB));
    expect(refused.status).toBe(422);
    expect(JSON.parse(await refused.text())).toMatchObject({ error: { code: 'video_recording_checksum' } });
    expect(await objects()).toEqual([]);

    const again = await create(parties.agent.token, recordingId);
    expect(again.status).toBe(201);
    expect((await patch(parties.agent.token, again.headers.get('location')!, 0, webm)).status).toBe(204);
    const ticket = await parties.call(
      'POST',
      `/api/v1/video/recordings/${recordingId}/ticket`,
      {},
      parties.agent.token,
    );
    expect(ticket.status).toBe(200);
    const played = await fetch(new URL(ticket.body!.path as string, server.url));
    expect(sha256(new Uint8Array(await played.arrayBuffer()))).toBe(sha256(webm));
  });

  it('refuses to start when the bucket cannot be used, and says why — never with the key', async () => {
    dir = tempDir();
    const secret = 'not-the-secret-of-this-bucket';
    const starting = (settings: Partial<RecordingsS3>) =>
      startServer({
        dataDir: join(dir.path, randomBytes(4).toString('hex')),
        logger: false,
        recordingsS3: { ...bucket(''), ...settings },
      }).then(
        () => null,
        (error: unknown) => error as Error,
      );
    const missing = await starting({ bucket: 'no-such-bucket' });
    expect(missing).toBeInstanceOf(RecordingsS3Error);
    expect(missing!.message).toBe(
      `The recordings' S3 bucket "no-such-bucket" at ${s3.url} cannot be used: there is no such bucket (create it, or check --recordings-s3).`,
    );
    // s3rver knows one access key ID (it does not check SigV4 signatures, so a wrong secret would pass).
    const denied = await starting({ credentials: { accessKeyId: 'AKIA-NOT-KNOWN-HERE', secretAccessKey: secret } });
    expect(denied).toBeInstanceOf(RecordingsS3Error);
    expect(denied!.message).toBe(
      `The recordings' S3 bucket "${S3_TEST_BUCKET}" at ${s3.url} cannot be used: access is denied (check TANDEM_S3_ACCESS_KEY_ID and TANDEM_S3_SECRET_ACCESS_KEY, and the bucket policy).`,
    );
    const closed = await startS3Server();
    const unreachable = closed.url;
    await closed.stop();
    const away = await starting({ endpoint: unreachable });
    expect(away).toBeInstanceOf(RecordingsS3Error);
    expect(away!.message).toBe(
      `The recordings' S3 bucket "${S3_TEST_BUCKET}" at ${unreachable} cannot be used: it cannot be reached (ECONNREFUSED; check --recordings-s3-endpoint).`,
    );
    for (const refusal of [missing, denied, away]) expect(refusal!.message).not.toContain(secret);
  });
});

describe('the recordings-in-S3 settings', () => {
  const read = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    try {
      return readServerConfig(args, env).recordingsS3;
    } catch (error) {
      return (error as Error).message;
    }
  };
  const secret = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';

  it('reads the bucket, its prefix, endpoint, region and path style from flags, the key pair from the environment only', () => {
    expect(
      read(
        [
          ...['--recordings-s3', 's3://tandem-recordings/calls/2026', '--recordings-s3-path-style'],
          ...['--recordings-s3-endpoint', 'https://minio.example.com:9000', '--recordings-s3-region', 'eu-central-1'],
        ],
        { TANDEM_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE', TANDEM_S3_SECRET_ACCESS_KEY: secret },
      ),
    ).toEqual({
      bucket: 'tandem-recordings',
      prefix: 'calls/2026/',
      endpoint: 'https://minio.example.com:9000',
      region: 'eu-central-1',
      pathStyle: true,
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: secret },
    });
    expect(read([], { TANDEM_RECORDINGS_S3: 's3://tandem-recordings' })).toEqual({
      bucket: 'tandem-recordings',
      prefix: '',
      endpoint: undefined,
      region: 'us-east-1',
      pathStyle: false,
      credentials: undefined,
    });
    expect(read([])).toBeUndefined();
    expect(read(['--s3-secret-access-key', secret])).toMatch(/Unknown option '--s3-secret-access-key'/);
  });

  it('refuses a bad setting with what to give instead, and never repeats the key', () => {
    const refusals = [
      [['--recordings-s3', 'https://tandem-recordings.s3.amazonaws.com'], {}, 's3://BUCKET or s3://BUCKET/PREFIX'],
      [['--recordings-s3', 's3://Tandem_Recordings'], {}, 'a bucket: 3–63 lowercase letters'],
      [['--recordings-s3-endpoint', 'https://minio.example.com'], {}, 'need --recordings-s3 (the bucket)'],
      [[], { TANDEM_S3_SECRET_ACCESS_KEY: secret }, 'need --recordings-s3 (the bucket)'],
      [
        ['--recordings-s3', 's3://tandem-recordings'],
        { TANDEM_S3_SECRET_ACCESS_KEY: secret },
        'TANDEM_S3_ACCESS_KEY_ID and TANDEM_S3_SECRET_ACCESS_KEY go together',
      ],
      [
        ['--recordings-s3', 's3://tandem-recordings', '--recordings-s3-endpoint', `https://AKIA:${secret}@minio:9000`],
        {},
        'an S3 endpoint URL holds no key',
      ],
      [['--recordings-s3', 's3://tandem-recordings', '--recordings-s3-region', 'EU Central'], {}, 'an S3 region'],
    ] as const;
    for (const [args, env, expected] of refusals) {
      const refused = read([...args], env);
      expect(refused, args.join(' ')).toEqual(expect.stringContaining(expected));
      expect(refused).not.toContain(secret);
    }
  });
});
