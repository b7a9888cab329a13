import { randomUUID } from 'node:crypto';
import type { SessionView } from '../../../../src-shared/domain/session';
import type { PeerMessage } from '../../../../src-shared/signaling/peerMessages';
import type { Access, ServerMessage, SupporterInfo } from '../../../../src-shared/signaling/protocol';
import type { HubRequests } from '../hubRequests';
import type { SessionRegistry } from '../sessionRegistry';
import type { Session } from '../session';
import type { HostHandshake } from './hostHandshake';

/**
 * The host's ways into a session: a supporter's request by ID and password (refused up front
 * while the brute-force guard says wait, or while a session runs), or a supporter's session code
 * the end user typed in.
 */
export class IncomingRequests {
  constructor(
    private readonly registry: SessionRegistry,
    private readonly hub: HubRequests,
    private readonly handshake: HostHandshake,
  ) {}

  onIncoming(message: Extract<ServerMessage, { type: 'incoming' }>): void {
    const { registry } = this;
    const { signaling, guard, log } = registry.options;
    const guardKeys = { device: '*', supporter: message.from, source: message.sourceKey };
    const refuse = (reason: 'locked' | 'busy', retryAfterMs?: number) => {
      const payload: PeerMessage = { kind: 'auth-refused', reason, ...(retryAfterMs ? { retryAfterMs } : {}) };
      signaling.send({ type: 'relay', requestId: message.requestId, payload });
      signaling.send({
        type: 'end',
        requestId: message.requestId,
        reason: reason === 'locked' ? 'locked' : 'cancelled',
      });
    };
    const verdict = guard.check(guardKeys);
    if (!verdict.allowed) {
      log.warn({ supporter: message.from, retryAfterMs: verdict.retryAfterMs }, 'connection refused: back-off');
      return refuse('locked', Math.ceil(verdict.retryAfterMs));
    }
    const fingerprint = registry.localFingerprint;
    if (!fingerprint || registry.busy()) return refuse('busy');
    const session = registry.create(
      message.requestId,
      'host',
      message.method,
      { deviceId: message.from, name: message.supporter.name, company: message.supporter.company },
      message.access,
      fingerprint,
    );
    session.guardKeys = guardKeys;
    session.identityCheck = this.#vouch(session, message.supporter.statement);
    registry.arm(session, registry.authTimeoutMs, () => this.handshake.fail(session, 'timeout'));
  }

  /**
   * AC-1: the supporter is shown as verified — with the name and company their endpoint vouches
   * for — only when their statement passes every check for the device the hub says sent the
   * request. Without a statement they stay anonymous: their claim, marked not verified.
   */
  #vouch(session: Session, statement: unknown): Promise<void> | null {
    if (statement === undefined) return null;
    const { supporterIdentity, log } = this.registry.options;
    const supporter = session.partner.deviceId;
    return supporterIdentity.check(statement, supporter).then(
      (result) => {
        if (!result.ok) {
          log.warn(
            { requestId: session.requestId, supporter, reason: result.reason },
            'supporter identity statement refused: shown as not verified',
          );
          return;
        }
        if (!session.open) return;
        session.partner.name = result.identity.name;
        session.partner.company = result.identity.companyName;
        session.partnerVerified = true;
        log.info({ requestId: session.requestId, supporter }, 'supporter identity verified by the endpoint');
        this.registry.changed(session);
      },
      (error: unknown) => {
        log.warn(
          { requestId: session.requestId, supporter, err: (error as Error).message },
          'supporter identity statement could not be checked: shown as not verified',
        );
      },
    );
  }

  /** RS-3: what the end user sees after typing a code — who is asking, for what. */
  async lookupCode(
    code: string,
  ): Promise<{ from: string; supporter: SupporterInfo; access: Access; expiresAt: string }> {
    const info = await this.#codeInfo(code);
    // The statement stays in the core: the window gets the claim; the session, once joined, the check.
    const { name, company } = info.supporter;
    return { from: info.from, supporter: { name, company }, access: info.access, expiresAt: info.expiresAt };
  }

  #codeInfo(code: string): Promise<Extract<ServerMessage, { type: 'code-info' }>> {
    const route = code.slice(0, 6);
    return this.hub.ask({ type: 'code-lookup', route }, (m) =>
      m.type === 'code-info' && m.route === route ? m : null,
    );
  }

  /** The end user accepted the supporter behind this code: the handshake follows, no further prompt. */
  async joinCode(code: string): Promise<SessionView> {
    const { registry } = this;
    const fingerprint = registry.requireEndpoint();
    registry.requireIdle();
    const info = await this.#codeInfo(code);
    const session = registry.create(
      randomUUID(),
      'host',
      'code',
      { deviceId: info.from, name: info.supporter.name, company: info.supporter.company },
      info.access,
      fingerprint,
    );
    session.preAccepted = true;
    session.codeRecord = registry.options.credentials.forCode(code);
    session.guardKeys = { device: '*' };
    session.identityCheck = this.#vouch(session, info.supporter.statement);
    registry.options.signaling.send({ type: 'code-join', route: code.slice(0, 6), requestId: session.requestId });
    registry.arm(session, registry.authTimeoutMs, () => this.handshake.fail(session, 'timeout'));
    return session.view();
  }
}
