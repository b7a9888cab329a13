import type { SessionEventInput } from '../../../src-shared/domain/consent';
import { TandemError } from '../../../src-shared/errors';
import type { DesktopDatabase } from '../db/desktopDatabase';

/**
 * The session event log for Session Insights. It refuses every write unless the consent
 * decision for that session allows logging at that moment, and forgets a session whose consent
 * was withdrawn.
 */
export class SessionEventLog {
  constructor(
    private readonly db: DesktopDatabase,
    private readonly isLogging: (requestId: string) => boolean,
  ) {}

  append(requestId: string, event: SessionEventInput, at = new Date()): void {
    if (!this.isLogging(requestId)) {
      throw new TandemError('consent_required', 'This session is not being logged for Session Insights.');
    }
    this.db
      .prepare('INSERT INTO session_events (request_id, at, kind, data) VALUES (?, ?, ?, ?)')
      .run(requestId, at.toISOString(), event.kind, JSON.stringify(event.data));
  }

  /** Like append, for events that simply are not logged when consent does not hold. */
  appendIfLogging(requestId: string, event: SessionEventInput): boolean {
    if (!this.isLogging(requestId)) return false;
    this.append(requestId, event);
    return true;
  }

  forSession(requestId: string): { at: string; kind: string; data: Record<string, unknown> }[] {
    return (
      this.db.prepare('SELECT at, kind, data FROM session_events WHERE request_id = ? ORDER BY id').all(requestId) as {
        at: string;
        kind: string;
        data: string;
      }[]
    ).map((row) => ({ at: row.at, kind: row.kind, data: JSON.parse(row.data) as Record<string, unknown> }));
  }

  /** Withdrawn consent: nothing from this session is kept, so nothing of it can be summarised. */
  discard(requestId: string): void {
    this.db.prepare('DELETE FROM session_events WHERE request_id = ?').run(requestId);
  }
}
