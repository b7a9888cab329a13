import { z } from 'zod';
import { endpointChannels } from '../http/channels';
import { defineIpc, ok } from '../ipc/channel';
import { defineRoutes } from '../http/route';
import { CODE_USER_AUTH_DESCRIPTION } from './contract';

/**
 * VS-6 recordings with consent. Consent goes through the call socket (`record` / `recording` in
 * `live.ts`); a recording that was `on` is uploaded by its recorder (the employee who asked) with
 * tus to RECORDING_UPLOAD_PATH after the call, its metadata naming the recording and the SHA-256 of
 * the file; the endpoint checks the bytes against it, reads the duration and marks it ready. Both
 * parties — the session's assignees and the device's code user — play it through a short-lived
 * ticket URL (`<video src>` sends no bearer header); anyone else is refused.
 */
export const RECORDING_UPLOAD_PATH = '/api/v1/video/recordings/uploads';
/**
 * The recorder sends a recording in PATCHes of at most this many bytes: a proxy in front of the
 * endpoint limits request bodies (docs/deploy/nginx.conf allows 16 MiB on RECORDING_UPLOAD_PATH,
 * 1 MiB elsewhere), and a cut upload resumes from the last whole piece the endpoint confirmed.
 */
export const RECORDING_UPLOAD_CHUNK_BYTES = 8 * 1024 ** 2;
/** The tus metadata the upload carries (`Upload-Metadata`): the recording and the file's SHA-256 (hex). */
export const recordingUploadMetadataSchema = z.object({
  recordingId: z.uuid(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the SHA-256 of the file, 64 lowercase hex digits'),
});
/** At most this much per recording: an hour of VP9 at the composite's bit rate, with room. */
export const RECORDING_MAX_BYTES = 2 * 1024 ** 3;
/** A playback ticket lives this long: long enough to start and seek, too short to pass around. */
export const RECORDING_TICKET_MS = 10 * 60_000;

/** The steps the session's history records (VS-7), beside the status changes. */
export const videoRecordingEventSchema = z.enum([
  'recording-request',
  'recording-accept',
  'recording-decline',
  'recording-withdraw',
  /** Every side accepted: the recording runs (system). */
  'recording-start',
  /** The call ended while it was asked or on (system). */
  'recording-stop',
  /** The upload was checked and stored (system). */
  'recording-ready',
]);
export type VideoRecordingEvent = z.infer<typeof videoRecordingEventSchema>;

export const videoRecordingSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  /** When every side had accepted; null: it never ran (declined, withdrawn while asking). */
  startedAt: z.string().nullable(),
  stoppedAt: z.string().nullable(),
  /** `waiting`: it ran and the recorder has not uploaded it (completely) yet; `ready`: playable. */
  upload: z.enum(['none', 'waiting', 'ready']),
  sizeBytes: z.number().int().nonnegative().nullable(),
  durationMs: z.number().int().nonnegative().nullable(),
});
export type VideoRecording = z.infer<typeof videoRecordingSchema>;

const id = z.string().min(1).max(64);
const ticketAnswer = z.object({
  /** The media's path on the endpoint, with its ticket: `<video src>` it (Range requests seek). */
  path: z.string(),
  expiresAt: z.string(),
});
const playRefusals = { 403: ['video_not_assigned'], 404: ['not_found'], 409: ['video_recording_not_ready'] } as const;

export const videoRecordingRoutes = defineRoutes({
  'video.recordings.list': {
    method: 'GET',
    path: '/api/v1/video/sessions/:id/recordings',
    tag: 'video',
    summary: 'A video session’s recordings (VS-6, VS-7), the newest first',
    description: 'A session the caller may not see answers 404, as one that does not exist.',
    auth: 'user',
    params: z.object({ id }).strict(),
    status: 200,
    response: z.object({ recordings: z.array(videoRecordingSchema) }),
    errors: { 404: ['not_found'] },
  },
  'video.recordings.ticket': {
    method: 'POST',
    path: '/api/v1/video/recordings/:id/ticket',
    tag: 'video',
    summary: 'A short-lived URL to play a ready recording, for an employee assigned to its session',
    description:
      'Only the session’s assignees may play its recordings (403 `video_not_assigned` for anyone else, whatever their permissions); one not uploaded yet answers 409 `video_recording_not_ready`.',
    auth: 'user',
    params: z.object({ id }).strict(),
    status: 200,
    response: ticketAnswer,
    errors: playRefusals,
  },
  'video.codeUser.recordings.list': {
    method: 'GET',
    path: '/api/v1/video/me/sessions/:id/recordings',
    tag: 'video',
    summary: 'The recordings of one of the code user’s device’s video sessions',
    description: CODE_USER_AUTH_DESCRIPTION,
    auth: 'code-user',
    params: z.object({ id }).strict(),
    status: 200,
    response: z.object({ recordings: z.array(videoRecordingSchema) }),
    errors: { 404: ['not_found'] },
  },
  'video.codeUser.recordings.ticket': {
    method: 'POST',
    path: '/api/v1/video/me/recordings/:id/ticket',
    tag: 'video',
    summary: 'A short-lived URL to play a ready recording of the code user’s device',
    description: CODE_USER_AUTH_DESCRIPTION,
    auth: 'code-user',
    params: z.object({ id }).strict(),
    status: 200,
    response: ticketAnswer,
    errors: { 404: ['not_found'], 409: ['video_recording_not_ready'] },
  },
  'video.recordings.media': {
    method: 'GET',
    path: '/api/v1/video/recordings/:id/media',
    tag: 'video',
    summary: 'A recording’s WebM file, with a ticket from a ticket route; Range requests seek',
    description:
      'Answers 206 with the asked range, or the whole file; a missing, expired or another recording’s ticket answers 403.',
    auth: 'public',
    params: z.object({ id }).strict(),
    query: z.object({ ticket: z.string().max(200) }).strict(),
    status: 200,
    response: z.never(),
    errors: { 403: ['forbidden'], 404: ['not_found'] },
    raw: true,
  },
});

export const videoRecordingChannels = endpointChannels(videoRecordingRoutes);

const recordingId = z.uuid();

/** Where the desktop app's copy of a recording stands (the core records to disk, then uploads). */
export const localRecordingSchema = z.object({
  recordingId,
  sessionId: z.string(),
  /** `recording`: chunks arrive; `uploading` / `paused` (the endpoint was unreachable; it tries again); `uploaded`. */
  state: z.enum(['recording', 'finishing', 'waiting', 'uploading', 'paused', 'uploaded', 'failed']),
  bytes: z.number().int().nonnegative(),
  /** What the endpoint confirmed it holds (its offset after the last piece), never bytes merely sent. */
  uploadedBytes: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative().nullable(),
  /** What went wrong last (a catalogue code), while paused or failed. */
  error: z.string().nullable(),
});
export type LocalRecording = z.infer<typeof localRecordingSchema>;

/** How far the upload is, in whole percent of the file, as the window shows it: what the endpoint confirmed. */
export const uploadedPercent = ({ bytes, uploadedBytes }: Pick<LocalRecording, 'bytes' | 'uploadedBytes'>): number =>
  bytes > 0 ? Math.floor((uploadedBytes / bytes) * 100) : 0;

/**
 * The desktop recorder (`src-main/core/video/recorder.ts`): the window composes and encodes, the
 * core writes each chunk to the app's data folder as it comes (a crash loses at most the last one),
 * at the end makes the file seekable (its duration written) and hashes it, and uploads it after the
 * call, resuming from the endpoint's offset.
 */
export const videoRecordingIpc = defineIpc({
  channels: {
    'videoRecording.begin': {
      request: z.object({ recordingId, sessionId: z.string().min(1).max(64) }).strict(),
      response: ok,
    },
    /** One MediaRecorder chunk, base64 (the loopback bridge carries JSON), in order. */
    'videoRecording.chunk': {
      request: z
        .object({ recordingId, seq: z.number().int().nonnegative(), data: z.base64().max(16 * 1024 * 1024) })
        .strict(),
      response: ok,
    },
    /** The recorder stopped: make the file seekable, hash it, upload it once the call is over. */
    'videoRecording.finish': { request: z.object({ recordingId }).strict(), response: localRecordingSchema },
    /** The call is over: upload what is waiting (and what an earlier run left). */
    'videoRecording.upload': { request: z.object({}).strict(), response: ok },
    'videoRecording.list': { request: z.object({}).strict(), response: z.array(localRecordingSchema) },
  },
  events: {
    'videoRecording.changed': localRecordingSchema,
  },
});
