import { randomUUID } from 'node:crypto';
import type { SessionView } from '../../../../src-shared/domain/session';
import type { PeerMessage } from '../../../../src-shared/signaling/peerMessages';
import type { Access, ServerMessage, SupporterInfo } from '../../../../src-shared/signaling/protocol';
import type { HubRequests } from '../hubRequests';
import type { SessionRegistry } from '../sessionRegistry';
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
    registry.arm(session, registry.authTimeoutMs, () => this.handshake.fail(session, 'timeout'));
  }

  /** RS-3: what the end user sees after typing a code — who is asking, for what. */
  async lookupCode(
    code: string,
  ): Promise<{ from: string; supporter: SupporterInfo; access: Access; expiresAt: string }> {
    const route = code.slice(0, 6);
    const info = await this.hub.ask({ type: 'code-lookup', route }, (m) =>
      m.type === 'code-info' && m.route === route ? m : null,
    );
    return { from: info.from, supporter: info.supporter, access: info.access, expiresAt: info.expiresAt };
  }

  /** The end user accepted the supporter behind this code: the handshake follows, no further prompt. */
  async joinCode(code: string): Promise<SessionView> {
    const { registry } = this;
    const fingerprint = registry.requireEndpoint();
    registry.requireIdle();
    const info = await this.lookupCode(code);
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
    registry.options.signaling.send({ type: 'code-join', route: code.slice(0, 6), requestId: session.requestId });
    registry.arm(session, registry.authTimeoutMs, () => this.handshake.fail(session, 'timeout'));
    return session.view();
  }
}
