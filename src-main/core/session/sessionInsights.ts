import type { SessionView } from '../../../src-shared/domain/session';
import type { SessionEventInput } from '../../../src-shared/domain/consent';
import { TandemError } from '../../../src-shared/errors';
import type { SessionRegistry } from './sessionRegistry';

/**
 * What Session Insights does through a session: the end user's consent (host), and the events
 * that are logged only while that consent holds. The decision itself is the consent coordinator's.
 */
export class SessionInsights {
  constructor(private readonly registry: SessionRegistry) {}

  /** The end user's answer to the Session Insights pop-up (host). */
  answerConsent(requestId: string, allow: boolean): SessionView {
    const session = this.registry.get(requestId);
    if (session.role !== 'host') throw new TandemError('invalid_request', 'Only the end user answers this.');
    this.registry.options.consent.answer(session, allow);
    return session.view();
  }

  /** The end user withdraws consent mid-session (host). */
  withdrawConsent(requestId: string): SessionView {
    const session = this.registry.get(requestId);
    if (session.role !== 'host') throw new TandemError('invalid_request', 'Only the end user can withdraw consent.');
    this.registry.options.consent.withdraw(session);
    return session.view();
  }

  /** Chat, file names, clipboard use, notes from the window: logged only while consent holds. */
  recordEvent(requestId: string, event: SessionEventInput): { logged: boolean } {
    const session = this.registry.get(requestId);
    if (session.state !== 'active' && session.state !== 'connecting') return { logged: false };
    return { logged: this.registry.options.eventLog.appendIfLogging(requestId, event) };
  }

  /** Host: pass the application in front to the supporter when their company owns the summary. */
  shareForeground(requestId: string, window: { app: string; title: string }): void {
    const session = this.registry.find(requestId);
    if (session?.role !== 'host' || session.consent?.decision.basis !== 'outgoing' || !session.consent.decision.log)
      return;
    this.registry.relay(session, {
      kind: 'foreground',
      app: window.app.slice(0, 200),
      title: window.title.slice(0, 500),
    });
  }

  /** Host sessions being logged right now (for the foreground watcher). */
  loggedHostSessions(): string[] {
    const { consent } = this.registry.options;
    return this.registry
      .all()
      .filter((session) => session.role === 'host' && session.state === 'active' && consent.isLogging(session))
      .map((session) => session.requestId);
  }

  isLogging(requestId: string): boolean {
    return this.registry.options.consent.isLogging(this.registry.find(requestId));
  }
}
