import { FileStore } from '@tus/file-store';
import type { DataStore, ServerOptions } from '@tus/server';
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** Bytes `start` to `end` of a recording, both included (as a `Range: bytes=` header says them). */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Where the recordings' bytes lie: the tus store their uploads go to, and what comes after an
 * upload — its size, its bytes (all, or a range for seeking), dropping it. The data folder by
 * default; an S3-compatible bucket as an option (`recordingBytesS3.ts`).
 */
export interface RecordingBytes {
  readonly datastore: DataStore;
  /** How the tus server names uploads and reads their IDs from URLs, when the store needs its own. */
  readonly naming: Pick<ServerOptions, 'namingFunction' | 'generateUrl' | 'getFileIdFromRequest'>;
  size(uploadId: string): Promise<number>;
  read(uploadId: string, range?: ByteRange): Promise<Readable>;
  remove(uploadId: string): Promise<void>;
}

/**
 * @tus/file-store's constructor makes its folder once more, unawaited, and throws from that callback
 * when it fails — an uncaught exception that ends the endpoint (seen when the data folder goes away
 * while it starts). The folder is made before it, awaited, so this store skips that step.
 */
class MadeFolderFileStore extends FileStore {}
(MadeFolderFileStore.prototype as unknown as Record<string, unknown>).checkOrCreateDirectory = () => undefined;

const recordingsDir = (dataDir: string) => join(dataDir, 'recordings');

/** The data folder's `recordings/`, one file per tus upload (and its `.json`): instances share it, or S3. */
export async function folderRecordingBytes(dataDir: string): Promise<RecordingBytes> {
  const directory = recordingsDir(dataDir);
  await mkdir(directory, { recursive: true });
  const datastore = new MadeFolderFileStore({ directory });
  const file = (uploadId: string) => join(directory, uploadId);
  return {
    datastore,
    naming: {},
    size: async (uploadId) => (await stat(file(uploadId))).size,
    read: async (uploadId, range) => createReadStream(file(uploadId), range),
    remove: (uploadId) => datastore.remove(uploadId),
  };
}
