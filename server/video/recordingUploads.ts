import { Server, type Locker, type ServerOptions } from '@tus/server';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import {
  RECORDING_MAX_BYTES,
  RECORDING_UPLOAD_PATH,
  recordingUploadMetadataSchema,
} from '../../src-shared/video/recordingContract';
import type { AccountStore } from '../accounts/accountStore';
import type { RecordingBytes } from './recordingBytes';
import type { RecordingStore } from './recordingStore';
import { webmDurationMs } from './webmDuration';

/** The methods of tus the recorder uses (creation, offset, append) and the termination of its own upload. */
export const RECORDING_UPLOAD_METHODS = ['POST', 'PATCH', 'OPTIONS', 'DELETE'] as const;

type TusRequest = Parameters<NonNullable<ServerOptions['onIncomingRequest']>>[0];

/** A refusal tus passes to the client as it is: the status and our catalogue's body. */
const refusal = (status: number, code: string, message: string) => ({
  status_code: status,
  body: JSON.stringify({ error: { code, message } }),
});

/**
 * VS-6: the resumable upload of a recording (tus, `@tus/server` over the data folder or an S3
 * bucket — `recordingBytes.ts` —, so an upload cut off, or an endpoint restarted, goes on from the
 * offset the store holds). Only the recording's recorder, by their own bearer session, and only for
 * a recording that ran with everyone's consent; at the end the bytes must hash to the SHA-256 the
 * recorder declared, else the upload is dropped and refused. Several instances need the folder
 * shared, or the bucket: the recording's row, not the store, says which upload is the recording's.
 */
export async function serveRecordingUploads(
  app: FastifyInstance,
  parts: {
    bytes: RecordingBytes;
    accounts: Pick<AccountStore, 'resolveToken'>;
    recordings: RecordingStore;
    /** A recording of this session became ready: the employees' views show it without a reload. */
    announce: (sessionId: string) => Promise<void>;
    log: FastifyBaseLogger;
    /**
     * Who may write an upload now: shared by the instances on one Redis (`redisUploadLocker.ts`);
     * without it tus's own, in this process, enough for one instance.
     */
    locker?: Locker;
  },
): Promise<void> {
  const { bytes } = parts;
  /** The person uploading: a person's own session only, never an API token. */
  const uploader = async (req: TusRequest): Promise<string> => {
    const header = req.headers.get('authorization') ?? '';
    const user = header.startsWith('Bearer ') ? await parts.accounts.resolveToken(header.slice(7)) : null;
    if (!user || user.apiTokenId) throw refusal(401, 'unauthorized', 'Sign in to Tandem again, then upload.');
    return user.id;
  };
  const notYours = refusal(
    403,
    'video_recording_no_consent',
    'Only the employee who recorded it may upload a recording, and only one everyone in the call agreed to.',
  );

  const tus = new Server({
    path: RECORDING_UPLOAD_PATH,
    datastore: bytes.datastore,
    ...(parts.locker ? { locker: parts.locker } : {}),
    ...bytes.naming,
    maxSize: RECORDING_MAX_BYTES,
    // A path: the recorder resolves it against the endpoint it knows, whatever proxy is in between.
    relativeLocation: true,
    allowedOrigins: [],
    onIncomingRequest: async (req, uploadId) => {
      if (req.method === 'OPTIONS') return;
      const userId = await uploader(req);
      if (req.method === 'POST') return;
      const target = await parts.recordings.uploadTarget({ uploadId });
      if (!target || target.recorder !== userId) throw notYours;
    },
    onUploadCreate: async (req, upload) => {
      const userId = await uploader(req);
      const metadata = recordingUploadMetadataSchema.safeParse(upload.metadata ?? {});
      if (!metadata.success || upload.size === undefined) {
        throw refusal(
          400,
          'invalid_request',
          'Name the recording (recordingId) and its SHA-256 (sha256) in Upload-Metadata, with Upload-Length.',
        );
      }
      const target = await parts.recordings.uploadTarget({ recordingId: metadata.data.recordingId });
      if (!target || target.recorder !== userId || !target.wasOn) throw notYours;
      if (!(await parts.recordings.bindUpload(target.id, upload.id, metadata.data.sha256))) {
        throw refusal(409, 'invalid_request', 'This recording is uploaded already.');
      }
      return {};
    },
    onUploadFinish: async (_req, upload) => {
      const hash = createHash('sha256');
      await pipeline(await bytes.read(upload.id), hash);
      const actual = hash.digest('hex');
      if (actual !== (await parts.recordings.declaredSha256(upload.id))) {
        await parts.recordings.dropUpload(upload.id);
        await bytes.remove(upload.id).catch((error: unknown) => {
          parts.log.warn({ err: error, uploadId: upload.id }, 'a refused recording’s bytes could not be removed');
        });
        throw refusal(
          422,
          'video_recording_checksum',
          'The uploaded bytes do not match the SHA-256 declared for them; upload the recording again.',
        );
      }
      const size = await bytes.size(upload.id);
      const durationMs = await readDuration(bytes, upload.id, size).catch((error: unknown) => {
        parts.log.warn({ err: error, uploadId: upload.id }, 'a recording’s duration could not be read');
        return null;
      });
      const sessionId = await parts.recordings.ready(upload.id, size, durationMs);
      if (sessionId) await parts.announce(sessionId);
      return {};
    },
  });

  await app.register(async (scope) => {
    // tus reads the body itself, from the raw request.
    scope.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));
    for (const url of [RECORDING_UPLOAD_PATH, `${RECORDING_UPLOAD_PATH}/:uploadId`]) {
      scope.route({
        method: [...RECORDING_UPLOAD_METHODS, 'HEAD'],
        url,
        schema: { hide: true },
        exposeHeadRoute: false,
        handler: async (request, reply) => {
          reply.hijack();
          await tus.handle(request.raw, reply.raw);
        },
      });
    }
  });
}

/** The duration the recorder wrote into the WebM's header (the first MiB holds it). */
async function readDuration(bytes: RecordingBytes, uploadId: string, size: number): Promise<number | null> {
  if (size === 0) return null;
  const head: Buffer[] = [];
  for await (const chunk of await bytes.read(uploadId, { start: 0, end: Math.min(size, HEAD_BYTES) - 1 })) {
    head.push(chunk as Buffer);
  }
  return webmDurationMs(Buffer.concat(head));
}

const HEAD_BYTES = 1024 * 1024;
