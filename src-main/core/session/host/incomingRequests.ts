import { randomUUID } from 'node:crypto';
import type { SessionView } from '../../../../src-shared/domain/session';
import type { PeerMessage } from '../../../../src-shared/signaling/peerMessages';
import type { VouchedIdentity } from '../../../../src-shared/identity/statement';
import type { Access, ServerMessage } from '../../../../src-shared/signaling/protocol';
import type { HubRequests } from '../hubRequests';
import type { SessionRegistry } from '../sessionRegistry';
import type { Session } from '../session';
import type { HostHandshake } from './hostHandshake';

/** Who is behind a session code, as the end user sees it before joining. */
export interface CodeLookup {
  from: string;
  supporter: { name: string; company: string; verified: boolean };
  access: Access;
  expiresAt: string;
}

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
    if (message.method === 'help') return this.#onHelp(message, guardKeys);
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
   * LV-2 / LV-3: a supporter asks to connect to this device's help session. The hub checked their
   * grant, named them as their account says and handed over the handshake's secret: no password,
   * and no back-off to keep (nothing here can be guessed). The end user still accepts, unless
   * their company lets a help session ID they read out skip that step.
   */
  #onHelp(message: Extract<ServerMessage, { type: 'incoming' }>, guardKeys: Session['guardKeys']): void {
    const { registry } = this;
    const { signaling } = registry.options;
    const help = message.help;
    const fingerprint = registry.localFingerprint;
    if (!help || !fingerprint || registry.busy()) {
      signaling.send({
        type: 'relay',
        requestId: message.requestId,
        payload: { kind: 'auth-refused', reason: 'busy' } satisfies PeerMessage,
      });
      signaling.send({ type: 'end', requestId: message.requestId, reason: 'cancelled' });
      return;
    }
    const session = registry.create(
      message.requestId,
      'host',
      'help',
      { deviceId: message.from, name: message.supporter.name, company: message.supporter.company },
      message.access,
      fingerprint,
    );
    // The name and company are the endpoint's (the hub checked the grant it signed for that device).
    session.partnerVerified = true;
    session.help = { kind: help.kind, reason: help.reason };
    session.preAccepted = help.skipAccept;
    session.codeRecord = registry.options.credentials.forCode(help.secret);
    session.guardKeys = guardKeys;
    registry.changed(session);
    registry.arm(session, registry.authTimeoutMs, () => this.handshake.fail(session, 'timeout'));
  }

  /**
   * AC-1: the supporter is shown as verified — with the name and company their endpoint vouches
   * for — only when their statement passes every check for the device the hub says sent the
   * request. Without a statement they stay anonymous: their claim, marked not verified.
   */
  #vouch(session: Session, statement: unknown): Promise<void> | null {
    if (statement === undefined) return null;
    const supporter = session.partner.deviceId;
    return this.#vouched(statement, supporter, session.requestId).then((identity) => {
      if (!identity || !session.open) return;
      session.partner.name = identity.name;
      session.partner.company = identity.companyName;
      session.partnerVerified = true;
      this.registry.options.log.info(
        { requestId: session.requestId, supporter },
        'supporter identity verified by the endpoint',
      );
      this.registry.changed(session);
    });
  }

  /** What the statement vouches for, if it passes every check; a refusal is logged with its reason only. */
  async #vouched(statement: unknown, supporter: string, requestId: string | null): Promise<VouchedIdentity | null> {
    const { supporterIdentity, log } = this.registry.options;
    try {
      const result = await supporterIdentity.check(statement, supporter);
      if (result.ok) return result.identity;
      log.warn(
        { requestId, supporter, reason: result.reason },
        'supporter identity statement refused: shown as not verified',
      );
    } catch (error) {
      log.warn(
        { requestId, supporter, err: (error as Error).message },
        'supporter identity statement could not be checked: shown as not verified',
      );
    }
    return null;
  }

  /** RS-3: what the end user sees after typing a code — who is asking, for what. */
  async lookupCode(code: string): Promise<CodeLookup> {
    const info = await this.#codeInfo(code);
    // AC-1: the window gets the vouched name and company, or the claim marked not verified —
    // never the statement itself. Joining checks it again for the session.
    const identity =
      info.supporter.statement === undefined ? null : await this.#vouched(info.supporter.statement, info.from, null);
    const supporter = identity
      ? { name: identity.name, company: identity.companyName, verified: true }
      : { name: info.supporter.name, company: info.supporter.company, verified: false };
    return { from: info.from, supporter, access: info.access, expiresAt: info.expiresAt };
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
