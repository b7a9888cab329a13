import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import {
  SCREENSHOT_DOCUMENT_MAX_BYTES,
  type Screenshot,
  type ScreenshotContent,
} from '../../src-shared/video/screenshotContract';
import type { VideoStatus } from '../../src-shared/video/status';
import type { CodeUser } from '../auth/codeUserAuth';
import { lockForUpdate } from '../db/dialect';
import type { EndpointDb } from '../db/endpointDb';

/** Who acts on a screenshot: an employee (their user ID) or the device's code user. */
export type ScreenshotAuthor = { kind: 'employee'; userId: string } | { kind: 'code-user' };

export const SCREENSHOT_NOT_FOUND = 'not_found';
export const DOCUMENT_TOO_LARGE = 'too_large';
export const DOCUMENT_INVALID = 'invalid';

/** A document with nothing drawn yet. */
const EMPTY_DOCUMENT = Y.encodeStateAsUpdate(new Y.Doc());

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/**
 * A video session's screenshots (VS-6): each keeps its picture as taken and the drawing document
 * both sides of the call save into. A save is merged into the stored document (`Y.mergeUpdates`)
 * on the row locked in one transaction, so two sides saving at once both land. Who may see and act
 * is decided by the routes (`screenshotRoutes.ts`) before the store is asked; every query here is
 * scoped to the session.
 */
export class ScreenshotStore {
  constructor(
    private readonly db: EndpointDb,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The status of a session of the code user's device, or null when it is not one of theirs. */
  async codeUserSession(codeUser: CodeUser, sessionId: string): Promise<VideoStatus | null> {
    const row = await this.db.query
      .selectFrom('video_sessions')
      .select('status')
      .where('id', '=', sessionId)
      .where('company_id', '=', codeUser.companyId)
      .where('device_id', '=', codeUser.deviceId)
      .executeTakeFirst();
    return row?.status ?? null;
  }

  /** The session's screenshots, oldest first. */
  async list(sessionId: string): Promise<Screenshot[]> {
    const rows = await this.#shots()
      .where('s.session_id', '=', sessionId)
      .orderBy('s.taken_at')
      .orderBy('s.id')
      .execute();
    return rows.map(toScreenshot);
  }

  async take(
    sessionId: string,
    author: ScreenshotAuthor,
    picture: { type: Screenshot['type']; width: number; height: number; image: Uint8Array },
  ): Promise<Screenshot> {
    const id = randomUUID();
    const at = this.now().toISOString();
    await this.db.query
      .insertInto('video_screenshots')
      .values({
        id,
        session_id: sessionId,
        taken_by_kind: author.kind,
        taken_by_user: author.kind === 'employee' ? author.userId : null,
        taken_at: at,
        width: picture.width,
        height: picture.height,
        image_type: picture.type,
        image: picture.image,
        document: EMPTY_DOCUMENT,
        updated_at: at,
      })
      .execute();
    const row = await this.#shots().where('s.id', '=', id).executeTakeFirstOrThrow();
    return toScreenshot(row);
  }

  /** The screenshot with its picture and document, or null when the session has no such screenshot. */
  async get(sessionId: string, id: string): Promise<ScreenshotContent | null> {
    const row = await this.#shots()
      .select(['s.image', 's.document'])
      .where('s.session_id', '=', sessionId)
      .where('s.id', '=', id)
      .executeTakeFirst();
    return row ? { ...toScreenshot(row), image: base64(row.image), document: base64(row.document) } : null;
  }

  /** Merges a Yjs update into the stored document: the merged document and when, or why not. */
  async save(
    sessionId: string,
    id: string,
    update: Uint8Array,
  ): Promise<
    | { document: string; updatedAt: string }
    | typeof SCREENSHOT_NOT_FOUND
    | typeof DOCUMENT_TOO_LARGE
    | typeof DOCUMENT_INVALID
  > {
    return this.db.transaction(async (trx) => {
      const row = await lockForUpdate(
        this.db.engine,
        trx.selectFrom('video_screenshots').select('document').where('session_id', '=', sessionId).where('id', '=', id),
      ).executeTakeFirst();
      if (!row) return SCREENSHOT_NOT_FOUND;
      const merged = mergedDocument(row.document, update);
      if (!merged) return DOCUMENT_INVALID;
      if (merged.length > SCREENSHOT_DOCUMENT_MAX_BYTES) return DOCUMENT_TOO_LARGE;
      const updatedAt = this.now().toISOString();
      await trx
        .updateTable('video_screenshots')
        .set({ document: merged, updated_at: updatedAt })
        .where('id', '=', id)
        .execute();
      return { document: base64(merged), updatedAt };
    });
  }

  #shots() {
    return this.db.query
      .selectFrom('video_screenshots as s')
      .leftJoin('users as u', 'u.id', 's.taken_by_user')
      .select([
        's.id',
        's.session_id',
        's.taken_by_kind',
        'u.name',
        's.taken_at',
        's.width',
        's.height',
        's.image_type',
        's.updated_at',
      ]);
  }
}

/**
 * The stored document with `update` merged in, or null when `update` is no Yjs update. Applied to a
 * fresh document as a check: `mergeUpdates` alone passes some malformed bytes through.
 */
function mergedDocument(stored: Uint8Array, update: Uint8Array): Uint8Array | null {
  try {
    const merged = Y.mergeUpdates([stored, update]);
    Y.applyUpdate(new Y.Doc(), merged);
    return merged;
  } catch {
    return null;
  }
}

function toScreenshot(row: {
  id: string;
  session_id: string;
  taken_by_kind: 'employee' | 'code-user';
  name: string | null;
  taken_at: string;
  width: number;
  height: number;
  image_type: Screenshot['type'];
  updated_at: string;
}): Screenshot {
  return {
    id: row.id,
    sessionId: row.session_id,
    takenBy: row.taken_by_kind === 'employee' ? { kind: 'employee', name: row.name ?? '' } : { kind: 'code-user' },
    takenAt: row.taken_at,
    width: Number(row.width),
    height: Number(row.height),
    type: row.image_type,
    updatedAt: row.updated_at,
  };
}
