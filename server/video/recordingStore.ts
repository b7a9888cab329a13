import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { VideoRecording, VideoRecordingEvent } from '../../src-shared/video/recordingContract';
import type { CallRole, CallServerFrame } from '../../src-shared/video/live';
import type { VideoStatus } from '../../src-shared/video/status';
import { lockForUpdate } from '../db/dialect';
import type { EndpointDb, Queries } from '../db/endpointDb';
import type { EndpointSchema } from '../db/schema';

type RecordingRow = EndpointSchema['video_recordings'] & { accepted_employee: number; accepted_code_user: number };
export type RecordingFrame = Extract<CallServerFrame, { type: 'recording' }>['recording'];
type RecordAction = 'request' | 'accept' | 'decline' | 'withdraw';

/** Who takes a step: the employee side by their user, the code user, or the endpoint itself. */
type Actor = { role: 'employee'; userId: string } | { role: 'code-user' } | { role: 'system' };

/** What the upload needs to know of a recording: whose it is to upload, and whether it ever ran. */
export interface UploadTarget {
  readonly id: string;
  readonly sessionId: string;
  readonly recorder: string;
  readonly wasOn: boolean;
  readonly uploadId: string | null;
  readonly ready: boolean;
}

/**
 * VS-6: recordings with consent, one row per request, changed only on the session's row locked in
 * one transaction (as `VideoSessionStore` does), so two instances handling the two sides' messages
 * at once never disagree: the second sees what the first did. Every step goes into the session's
 * history with its actor. A recording is `on` only once every side has accepted — the requesting
 * employee by asking, the code user in the prompt, whenever they join —, and any side's decline or
 * withdrawal stops it for good (a new request is a new recording).
 */
export class RecordingStore {
  constructor(
    private readonly db: EndpointDb,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The call's recording now, as the `recording` frame shows it: the one asked or on, else the last one; null: none. */
  async current(sessionId: string, trx: Queries = this.db.query): Promise<RecordingFrame> {
    const row = await trx
      .selectFrom('video_recordings as r')
      .innerJoin('users as u', 'u.id', 'r.requested_by')
      .selectAll('r')
      .select('u.name')
      .where('r.session_id', '=', sessionId)
      // The one asked or on (at most one: requests take turns on the session's row), else the last to stop.
      .orderBy(sql`case when r.state = 'stopped' then 1 else 0 end`)
      .orderBy('r.stopped_at', 'desc')
      .orderBy('r.requested_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      state: row.state,
      requestedBy: row.name,
      accepted: [
        ...(row.accepted_employee ? (['employee'] as const) : []),
        ...(row.accepted_code_user ? (['code-user'] as const) : []),
      ],
      stoppedBy: row.stopped_by,
    };
  }

  /**
   * One side's `record` message. Resolves with the recording as it is after the step, or null when
   * the step changed nothing (accepting with nothing asked, a code user requesting, a second request
   * while one runs) — the caller then sends nothing.
   */
  async record(sessionId: string, actor: Exclude<Actor, { role: 'system' }>, action: RecordAction) {
    return this.db.transaction(async (trx) => {
      const status = await this.#lockSession(trx, sessionId);
      if (!status) return null;
      const active = await this.#active(trx, sessionId);
      const at = this.now().toISOString();
      if (action === 'request') {
        if (actor.role !== 'employee' || active || (status !== 'CONFIRMED' && status !== 'IN_PROGRESS')) return null;
        await trx
          .insertInto('video_recordings')
          .values({
            id: randomUUID(),
            session_id: sessionId,
            state: 'asking',
            requested_by: actor.userId,
            requested_at: at,
            // Asking is the employee side's consent.
            accepted_employee: 1,
          })
          .execute();
        await this.#history(trx, sessionId, status, 'recording-request', actor, at);
        return this.current(sessionId, trx);
      }
      if (!active) return null;
      if (action === 'accept') {
        if (active.state !== 'asking') return null;
        const column = actor.role === 'employee' ? 'accepted_employee' : 'accepted_code_user';
        if (active[column]) return null;
        const everyone = (actor.role === 'employee' ? active.accepted_code_user : active.accepted_employee) === 1;
        await trx
          .updateTable('video_recordings')
          .set({ [column]: 1, ...(everyone ? { state: 'on' as const, on_at: at } : {}) })
          .where('id', '=', active.id)
          .execute();
        await this.#history(trx, sessionId, status, 'recording-accept', actor, at);
        if (everyone) await this.#history(trx, sessionId, status, 'recording-start', { role: 'system' }, at);
        return this.current(sessionId, trx);
      }
      // Declining answers the prompt; withdrawing takes consent back, asked or on. Either stops it.
      if (action === 'decline' && active.state !== 'asking') return null;
      await this.#stop(trx, active.id, actor.role, at);
      await this.#history(trx, sessionId, status, `recording-${action}`, actor, at);
      return this.current(sessionId, trx);
    });
  }

  /** The call ended: a recording asked or on stops (by nobody). Null when there was none. */
  async callEnded(sessionId: string): Promise<RecordingFrame> {
    return this.db.transaction(async (trx) => {
      const status = await this.#lockSession(trx, sessionId);
      const active = status ? await this.#active(trx, sessionId) : undefined;
      if (!status || !active) return null;
      const at = this.now().toISOString();
      await this.#stop(trx, active.id, null, at);
      await this.#history(trx, sessionId, status, 'recording-stop', { role: 'system' }, at);
      return this.current(sessionId, trx);
    });
  }

  /** The session's recordings, the newest first. */
  async list(sessionId: string): Promise<VideoRecording[]> {
    const rows = await this.db.query
      .selectFrom('video_recordings as r')
      .innerJoin('users as u', 'u.id', 'r.requested_by')
      .selectAll('r')
      .select('u.name')
      .where('r.session_id', '=', sessionId)
      .orderBy('r.requested_at', 'desc')
      .orderBy('r.id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      sessionId: row.session_id,
      requestedBy: row.name,
      requestedAt: row.requested_at,
      startedAt: row.on_at,
      stoppedAt: row.stopped_at,
      upload: row.ready_at ? 'ready' : row.on_at ? 'waiting' : 'none',
      sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
      durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    }));
  }

  /** The recording an upload names (by the recording, or by its tus upload). */
  async uploadTarget(by: { recordingId: string } | { uploadId: string }): Promise<UploadTarget | null> {
    let query = this.db.query.selectFrom('video_recordings').selectAll();
    query = 'recordingId' in by ? query.where('id', '=', by.recordingId) : query.where('upload_id', '=', by.uploadId);
    const row = await query.executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      sessionId: row.session_id,
      recorder: row.requested_by,
      wasOn: row.on_at !== null,
      uploadId: row.upload_id,
      ready: row.ready_at !== null,
    };
  }

  /**
   * Binds a new tus upload to the recording, replacing one that never completed (the recorder lost
   * it, or its bytes failed the check). False when the recording is ready already.
   */
  async bindUpload(recordingId: string, uploadId: string, sha256: string): Promise<boolean> {
    const updated = await this.db.query
      .updateTable('video_recordings')
      .set({ upload_id: uploadId, sha256 })
      .where('id', '=', recordingId)
      .where('ready_at', 'is', null)
      .executeTakeFirst();
    return updated.numUpdatedRows > 0n;
  }

  /** The SHA-256 the recorder declared for the upload. */
  async declaredSha256(uploadId: string): Promise<string | null> {
    const row = await this.db.query
      .selectFrom('video_recordings')
      .select('sha256')
      .where('upload_id', '=', uploadId)
      .executeTakeFirst();
    return row?.sha256 ?? null;
  }

  /** The upload's bytes were checked: the recording is ready to play, recorded in the history. Resolves with its session. */
  async ready(uploadId: string, sizeBytes: number, durationMs: number | null): Promise<string | null> {
    return this.db.transaction(async (trx) => {
      const row = await trx
        .selectFrom('video_recordings')
        .select(['id', 'session_id'])
        .where('upload_id', '=', uploadId)
        .executeTakeFirst();
      if (!row) return null;
      const status = await this.#lockSession(trx, row.session_id);
      const at = this.now().toISOString();
      await trx
        .updateTable('video_recordings')
        .set({ ready_at: at, size_bytes: sizeBytes, duration_ms: durationMs })
        .where('id', '=', row.id)
        .execute();
      if (status) await this.#history(trx, row.session_id, status, 'recording-ready', { role: 'system' }, at);
      return row.session_id;
    });
  }

  /** The upload failed its check: it is forgotten, so the recorder starts a new one. */
  async dropUpload(uploadId: string): Promise<void> {
    await this.db.query
      .updateTable('video_recordings')
      .set({ upload_id: null })
      .where('upload_id', '=', uploadId)
      .where('ready_at', 'is', null)
      .execute();
  }

  async #lockSession(trx: Queries, sessionId: string): Promise<VideoStatus | null> {
    const row = await lockForUpdate(
      this.db.engine,
      trx.selectFrom('video_sessions').select('status').where('id', '=', sessionId),
    ).executeTakeFirst();
    return row?.status ?? null;
  }

  async #active(trx: Queries, sessionId: string): Promise<RecordingRow | undefined> {
    return trx
      .selectFrom('video_recordings')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('state', 'in', ['asking', 'on'])
      .executeTakeFirst() as Promise<RecordingRow | undefined>;
  }

  async #stop(trx: Queries, id: string, by: CallRole | null, at: string) {
    await trx
      .updateTable('video_recordings')
      .set({ state: 'stopped', stopped_at: at, stopped_by: by })
      .where('id', '=', id)
      .execute();
  }

  async #history(
    trx: Queries,
    sessionId: string,
    status: VideoStatus,
    event: VideoRecordingEvent,
    actor: Actor,
    at: string,
  ) {
    await trx
      .insertInto('video_session_changes')
      .values({
        session_id: sessionId,
        event,
        from_status: status,
        to_status: status,
        actor_kind: actor.role === 'employee' ? 'employee' : actor.role,
        actor_user: actor.role === 'employee' ? actor.userId : null,
        at,
      })
      .execute();
  }
}
