import { createReadStream } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Upload } from 'tus-js-client';
import { z } from 'zod';
import { TandemError } from '../../../src-shared/errors';
import {
  localRecordingSchema,
  RECORDING_UPLOAD_CHUNK_BYTES,
  RECORDING_UPLOAD_PATH,
  type LocalRecording,
} from '../../../src-shared/video/recordingContract';
import type { CoreServices } from '../coreServices';
import { writeSeekableWebm } from './seekableWebm';

/** What the core keeps beside each recording's file: where it stands, and what resuming its upload needs. */
const keptSchema = localRecordingSchema.extend({
  sha256: z.string().nullable(),
  uploadUrl: z.string().nullable(),
  nextSeq: z.number().int().nonnegative(),
});
type Kept = z.infer<typeof keptSchema>;

/** Waits between the upload's attempts when the endpoint cannot be reached (tus-js-client retries with them). */
const RETRY_DELAYS_MS = [0, 500, 1000, 2000, 4000, 8000, 15_000, 30_000];
/** The window hears the upload's progress at most this often (a proxy's small pieces come many a second). */
const PROGRESS_EVERY_MS = 250;

/**
 * VS-6 in the desktop core: a recording the window encodes is written to the app's data folder
 * chunk by chunk as it arrives (appended, so a crash loses at most the chunk on its way), made
 * seekable and hashed when it stops, and uploaded after the call with tus — the upload's URL kept
 * beside the file, so an upload cut off (the endpoint restarted, the app quit) goes on from the
 * offset the endpoint reports, not from the start.
 */
export class LocalRecordings {
  readonly #dir: string;
  readonly #kept = new Map<string, Kept>();
  /** Each recording's writes, one after the other. */
  readonly #writes = new Map<string, Promise<void>>();
  /** The last write of each recording's state file, which the next one waits for. */
  readonly #stateWrites = new Map<string, Promise<void>>();
  readonly #uploading = new Set<string>();
  #loaded: Promise<void> | null = null;

  constructor(
    dataDir: string,
    private readonly parts: Pick<CoreServices, 'cloud' | 'account' | 'events' | 'log'> & {
      /** The largest body of one PATCH (a proxy's body limit); by default RECORDING_UPLOAD_CHUNK_BYTES. */
      uploadChunkBytes?: number | undefined;
    },
  ) {
    this.#dir = join(dataDir, 'recordings');
  }

  async list(): Promise<LocalRecording[]> {
    await this.#load();
    return [...this.#kept.values()].map(publicView);
  }

  async begin(recordingId: string, sessionId: string): Promise<void> {
    await this.#load();
    if (this.#kept.has(recordingId)) throw new TandemError('invalid_request', 'This recording has begun already.');
    await writeFile(this.#file(recordingId), new Uint8Array());
    await this.#save({
      recordingId,
      sessionId,
      state: 'recording',
      bytes: 0,
      uploadedBytes: 0,
      durationMs: null,
      error: null,
      sha256: null,
      uploadUrl: null,
      nextSeq: 0,
    });
  }

  /** Appends chunk `seq` (they come in order; one out of order means the window lost one: refused). */
  chunk(recordingId: string, seq: number, data: Buffer): Promise<void> {
    return this.#serial(recordingId, async () => {
      const kept = this.#kept.get(recordingId);
      if (!kept || kept.state !== 'recording') throw new TandemError('not_found', 'No recording runs with this ID.');
      if (seq !== kept.nextSeq) {
        throw new TandemError('invalid_request', `Chunk ${seq} came where chunk ${kept.nextSeq} was due.`);
      }
      await appendFile(this.#file(recordingId), data);
      await this.#save({ ...kept, bytes: kept.bytes + data.length, nextSeq: seq + 1 }, false);
    });
  }

  /** The recorder stopped: the file gets its duration and cues, and its SHA-256. */
  finish(recordingId: string): Promise<LocalRecording> {
    return this.#serial(recordingId, async () => {
      const kept = this.#kept.get(recordingId);
      if (!kept) throw new TandemError('not_found', 'No recording has this ID.');
      if (kept.state !== 'recording') return publicView(kept);
      await this.#save({ ...kept, state: 'finishing' });
      const file = this.#file(recordingId);
      const { bytes, durationMs, sha256 } = await writeSeekableWebm(file, `${file}.seekable`);
      await rename(`${file}.seekable`, file);
      const done = { ...kept, state: 'waiting' as const, bytes, durationMs, sha256 };
      await this.#save(done);
      return publicView(done);
    });
  }

  /** Uploads every recording waiting (or paused, or left by an earlier run); resolves once each has begun. */
  async uploadAll(): Promise<void> {
    await this.#load();
    for (const kept of this.#kept.values()) {
      if (kept.state === 'waiting' || kept.state === 'paused' || kept.state === 'uploading') {
        void this.#upload(kept.recordingId);
      }
    }
  }

  async #upload(recordingId: string): Promise<void> {
    if (this.#uploading.has(recordingId)) return;
    const token = this.parts.account.sessionToken();
    const start = this.#kept.get(recordingId);
    if (!token || !start?.sha256) return;
    this.#uploading.add(recordingId);
    const file = this.#file(recordingId);
    const size = (await stat(file)).size;
    // The progress shown is what the endpoint confirmed it holds (each PATCH's Upload-Offset), not
    // what went out: a piece cut off on its way may not be there, so bytes sent would make the paused
    // line claim bytes the endpoint lacks, and the progress drop back on resuming. A new upload (none
    // yet, or the last one dropped for its checksum) starts from nothing.
    let confirmed = start.uploadUrl ? start.uploadedBytes : 0;
    let lastProgress = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        const upload = new Upload(createReadStream(file), {
          endpoint: new URL(RECORDING_UPLOAD_PATH, this.parts.cloud.baseUrl).toString(),
          ...(start.uploadUrl ? { uploadUrl: new URL(start.uploadUrl, this.parts.cloud.baseUrl).toString() } : {}),
          uploadSize: size,
          chunkSize: this.parts.uploadChunkBytes ?? RECORDING_UPLOAD_CHUNK_BYTES,
          headers: { Authorization: `Bearer ${token}` },
          metadata: { recordingId, sha256: start.sha256! },
          retryDelays: RETRY_DELAYS_MS,
          // The endpoint refused this upload for good (consent, checksum): no point asking again.
          onShouldRetry: (error) => {
            const status = error.originalResponse?.getStatus() ?? 0;
            // The endpoint is there, but still writes a piece cut off on its way (423), or its offset
            // moved since it was read (409: that piece landed later, maybe on another instance):
            // tus-js-client asks the offset again. Not a pause: nothing is out of reach.
            if (status === 409 || status === 423) return true;
            const retry = status === 0 || status >= 500;
            if (retry) {
              void this.#save({
                ...this.#kept.get(recordingId)!,
                state: 'paused',
                uploadedBytes: confirmed,
                error: 'offline',
              });
            }
            return retry;
          },
          onUploadUrlAvailable: () => {
            void this.#save({ ...this.#kept.get(recordingId)!, uploadUrl: upload.url, state: 'uploading' });
          },
          // Once a piece (at most chunkSize) is through: tus-js-client's onProgress counts bytes sent.
          onChunkComplete: (_piece, accepted) => {
            confirmed = accepted;
            const now = Date.now();
            if (now - lastProgress < PROGRESS_EVERY_MS) return;
            lastProgress = now;
            const kept = this.#kept.get(recordingId)!;
            void this.#save({ ...kept, state: 'uploading', uploadedBytes: accepted, error: null }, false);
          },
          onSuccess: () => resolve(),
          onError: (error) => reject(error),
        });
        void this.#save({ ...this.#kept.get(recordingId)!, state: 'uploading', uploadedBytes: confirmed, error: null });
        upload.start();
      });
      await this.#save({ ...this.#kept.get(recordingId)!, state: 'uploaded', uploadedBytes: size, error: null });
    } catch (error) {
      const body = (error as { originalResponse?: { getBody(): string } }).originalResponse?.getBody() ?? '';
      const code = /"code":"([a-z_]+)"/.exec(body)?.[1] ?? 'internal';
      this.parts.log.warn({ recordingId, code }, 'a recording could not be uploaded');
      // A checksum refusal dropped the upload on the endpoint: the next attempt starts a new one.
      const kept = this.#kept.get(recordingId)!;
      await this.#save({
        ...kept,
        state: 'failed',
        error: code,
        uploadUrl: code === 'video_recording_checksum' ? null : kept.uploadUrl,
      });
    } finally {
      this.#uploading.delete(recordingId);
    }
  }

  #file(recordingId: string): string {
    return join(this.#dir, `${recordingId}.webm`);
  }

  async #save(kept: Kept, announce = true): Promise<void> {
    this.#kept.set(kept.recordingId, kept);
    // The upload's callbacks save without waiting for each other: one write at a time, each whole
    // (written beside, then renamed), so the file is never two states spliced together.
    const file = join(this.#dir, `${kept.recordingId}.json`);
    const write = (this.#stateWrites.get(kept.recordingId) ?? Promise.resolve()).then(async () => {
      await writeFile(`${file}.tmp`, JSON.stringify(this.#kept.get(kept.recordingId)));
      await rename(`${file}.tmp`, file);
    });
    this.#stateWrites.set(
      kept.recordingId,
      write.catch(() => undefined),
    );
    await write;
    if (announce || kept.state === 'uploading') this.parts.events.emit('videoRecording.changed', publicView(kept));
  }

  #serial<T>(recordingId: string, work: () => Promise<T>): Promise<T> {
    const result = (this.#writes.get(recordingId) ?? Promise.resolve()).then(work);
    this.#writes.set(
      recordingId,
      result.then(
        () => undefined,
        () => undefined,
      ),
    );
    return result;
  }

  /** What earlier runs left: a recording cut off by a crash is finished as far as it got. */
  #load(): Promise<void> {
    this.#loaded ??= (async () => {
      await mkdir(this.#dir, { recursive: true });
      for (const name of await readdir(this.#dir)) {
        if (!name.endsWith('.json')) continue;
        let json: unknown = null;
        try {
          json = JSON.parse(await readFile(join(this.#dir, name), 'utf8'));
        } catch {
          // Torn by an earlier version's overlapping writes: skipped, not fatal to every other recording.
        }
        const parsed = keptSchema.safeParse(json);
        if (!parsed.success) {
          this.parts.log.warn({ file: name }, 'a recording’s state file could not be read; it is left as it is');
          continue;
        }
        const kept = parsed.data;
        // The app stopped while it recorded or uploaded: what is on disk is kept, and carries on.
        const state = kept.state === 'recording' ? 'recording' : kept.state === 'uploading' ? 'paused' : kept.state;
        this.#kept.set(kept.recordingId, { ...kept, state });
        if (state === 'recording') await this.finish(kept.recordingId).catch(() => undefined);
      }
    })();
    return this.#loaded;
  }
}

const publicView = ({ sha256: _, uploadUrl: __, nextSeq: ___, ...view }: Kept): LocalRecording => view;
