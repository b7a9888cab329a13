import { FileStore } from '@tus/file-store';
import { Server, type ServerOptions } from '@tus/server';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { createReadStream } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  RECORDING_MAX_BYTES,
  RECORDING_UPLOAD_PATH,
  recordingUploadMetadataSchema,
} from '../../src-shared/video/recordingContract';
import type { AccountStore } from '../accounts/accountStore';
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

/** Where a recording's bytes lie: the data folder's `recordings/`, one file per tus upload (and its `.json`). */
/**
 * @tus/file-store's constructor makes its folder once more, unawaited, and throws from that callback
 * when it fails — an uncaught exception that ends the endpoint (seen when the data folder goes away
 * while it starts). The folder is made before it, awaited, so this store skips that step.
 */
class MadeFolderFileStore extends FileStore {}
(MadeFolderFileStore.prototype as unknown as Record<string, unknown>).checkOrCreateDirectory = () => undefined;

export const recordingsDir = (dataDir: string) => join(dataDir, 'recordings');
export const recordingFile = (dataDir: string, uploadId: string) => join(recordingsDir(dataDir), uploadId);

/**
 * VS-6: the resumable upload of a recording (tus, `@tus/server` over `@tus/file-store` in the data
 * folder, so an upload cut off — or an endpoint restarted — goes on from the offset the folder
 * holds). Only the recording's recorder, by their own bearer session, and only for a recording
 * that ran with everyone's consent; at the end the bytes must hash to the SHA-256 the recorder
 * declared, else the upload is dropped and refused. Several instances need the folder shared (or
 * `@tus/s3-store`): the recording's row, not the folder, says which upload is the recording's.
 */
export async function serveRecordingUploads(
  app: FastifyInstance,
  parts: {
    dataDir: string;
    accounts: Pick<AccountStore, 'resolveToken'>;
    recordings: RecordingStore;
    /** A recording of this session became ready: the employees' views show it without a reload. */
    announce: (sessionId: string) => Promise<void>;
    log: FastifyBaseLogger;
  },
): Promise<void> {
  const directory = recordingsDir(parts.dataDir);
  await mkdir(directory, { recursive: true });
  const datastore = new MadeFolderFileStore({ directory });

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
    datastore,
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
      const file = recordingFile(parts.dataDir, upload.id);
      const hash = createHash('sha256');
      await pipeline(createReadStream(file), hash);
      const actual = hash.digest('hex');
      if (actual !== (await parts.recordings.declaredSha256(upload.id))) {
        await parts.recordings.dropUpload(upload.id);
        await datastore.remove(upload.id).catch(() => undefined);
        throw refusal(
          422,
          'video_recording_checksum',
          'The uploaded bytes do not match the SHA-256 declared for them; upload the recording again.',
        );
      }
      const { size } = await stat(file);
      const durationMs = await readDuration(file).catch((error: unknown) => {
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
async function readDuration(file: string): Promise<number | null> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(1024 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return webmDurationMs(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}
