import type { SessionView } from '../../../src-shared/domain/session';
import { TandemError } from '../../../src-shared/errors';
import { MAX_SCREENS, type ScreenRefusal } from '../../../src-shared/session/screens';
import type { PeerMessage } from '../../../src-shared/signaling/peerMessages';
import type { ScreenChooser } from '../input/screenChooser';
import type { Session } from './session';
import type { SessionRegistry } from './sessionRegistry';

export type ScreenMessage = Extract<PeerMessage, { kind: 'screens' | 'screen-switch' | 'screen-refused' }>;

export function isScreenMessage(message: PeerMessage): message is ScreenMessage {
  return message.kind === 'screens' || message.kind === 'screen-switch' || message.kind === 'screen-refused';
}

/**
 * RS-5 during a session: the host announces the monitors it can share and the one the supporter
 * sees; a supporter with control asks for another of them by id. The host checks every ask
 * (a running session, control, a monitor it announced and still has) and switches — or refuses
 * with a reason the supporter reads, and changes nothing. The host's window follows
 * `screens.current` and puts the new monitor's picture on the running connection.
 */
export class ScreenSwitch {
  constructor(
    private readonly registry: SessionRegistry,
    private readonly chooser: ScreenChooser | undefined,
  ) {}

  /** Host, once the picture runs: which monitors there are (none where the browser picks). */
  async announce(session: Session): Promise<void> {
    if (session.role !== 'host' || !this.chooser) return;
    const sources = (await this.chooser.list()).slice(0, MAX_SCREENS);
    if (!session.open) return;
    session.screens = { sources, current: this.chooser.current(), refused: null };
    this.#tell(session);
  }

  /** From this side's own window: the supporter asks the host; the end user switches at once. */
  async request(requestId: string, id: string): Promise<SessionView> {
    const session = this.registry.get(requestId);
    if (session.state !== 'active') throw new TandemError('invalid_request', 'This session is not running.');
    // The end user needs no control of their own computer; the supporter does.
    const refusal = this.#refusal(session, id, session.role === 'supporter');
    if (refusal) throw new TandemError(refusal, `The screen ${JSON.stringify(id)} cannot be shown now.`);
    if (session.role === 'host') {
      await this.#switch(session, id);
      return session.view();
    }
    session.screens = { ...session.screens, refused: null };
    this.registry.relay(session, { kind: 'screen-switch', id });
    this.registry.changed(session);
    return session.view();
  }

  onPeerMessage(session: Session, message: ScreenMessage): void {
    if (message.kind === 'screen-switch') {
      void this.#onSwitch(session, message.id);
      return;
    }
    if (session.role !== 'supporter' || !session.open) {
      this.registry.options.log.warn({ requestId: session.requestId, kind: message.kind }, 'screen message refused');
      return;
    }
    session.screens =
      message.kind === 'screens'
        ? { sources: message.sources, current: message.current, refused: null }
        : { ...session.screens, refused: message.code };
    this.registry.changed(session);
  }

  /** Host: the supporter's ask, checked as if it came from anyone. */
  async #onSwitch(session: Session, id: string): Promise<void> {
    const { log } = this.registry.options;
    if (session.role !== 'host' || !session.open) {
      log.warn({ requestId: session.requestId, role: session.role }, 'screen switch refused: no running host session');
      return;
    }
    const refusal = session.state === 'active' ? this.#refusal(session, id, true) : 'invalid_request';
    if (refusal) {
      this.#refuse(session, id, refusal);
      return;
    }
    try {
      await this.#switch(session, id);
    } catch (error) {
      this.#refuse(
        session,
        id,
        error instanceof TandemError && error.code === 'screen_unknown' ? 'screen_unknown' : 'invalid_request',
      );
      // A monitor that went away: the supporter gets the list as it is now.
      await this.announce(session).catch(() => undefined);
    }
  }

  /** Why the supporter (`needsControl`) or the end user may not switch to `id` now, or null. */
  #refusal(session: Session, id: string, needsControl: boolean): ScreenRefusal | null {
    if (needsControl && session.access !== 'full') return 'screen_needs_control';
    if (!session.screens.sources.some((source) => source.id === id)) return 'screen_unknown';
    return null;
  }

  async #switch(session: Session, id: string): Promise<void> {
    if (!this.chooser) throw new TandemError('screen_unknown', 'This Tandem uses the browser’s own screen picker.');
    await this.chooser.choose(id);
    if (!session.open) return;
    session.screens = { ...session.screens, current: id, refused: null };
    this.#tell(session);
  }

  #refuse(session: Session, id: string, code: ScreenRefusal): void {
    this.registry.options.log.warn({ requestId: session.requestId, code }, 'screen switch refused');
    this.registry.relay(session, { kind: 'screen-refused', id, code });
  }

  #tell(session: Session): void {
    const { sources, current } = session.screens;
    this.registry.relay(session, { kind: 'screens', sources, current });
    this.registry.changed(session);
  }
}
