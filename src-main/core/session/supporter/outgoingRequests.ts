import { randomInt, randomUUID } from 'node:crypto';
import type { SessionView } from '../../../../src-shared/domain/session';
import { TandemError } from '../../../../src-shared/errors';
import type { Access, ServerMessage, SupporterInfo } from '../../../../src-shared/signaling/protocol';
import type { HubRequests } from '../hubRequests';
import type { SessionRegistry } from '../sessionRegistry';
import type { SupporterHandshake } from './supporterHandshake';

/** The supporter's ways into a session: a partner's ID and password, or a session code. */
export class OutgoingRequests {
  /** The secret half of each session code this device handed out, by the code's route. */
  readonly #codes = new Map<string, { secret: string; access: Access }>();

  constructor(
    private readonly registry: SessionRegistry,
    private readonly hub: HubRequests,
    private readonly handshake: SupporterHandshake,
  ) {}

  /**
   * RS-2: connect to a partner by ID and password — or, with no password typed, by the password
   * remembered for that partner (credential `remembered`: no strong key stretching on either side).
   * `remember` asks to remember a password that proves to be the permanent one.
   */
  async connect(request: {
    partnerId: string;
    password?: string | undefined;
    remember?: boolean | undefined;
    access: Access;
  }): Promise<SessionView> {
    const { registry } = this;
    const { signaling, deviceId, rememberedHosts } = registry.options;
    registry.requireEndpoint();
    if (request.partnerId === deviceId()) {
      throw new TandemError('invalid_request', 'This is your own device ID.');
    }
    const typed = request.password;
    const rememberedKey = typed === undefined ? rememberedHosts.key(request.partnerId) : null;
    if (typed === undefined && rememberedKey === null) {
      throw new TandemError('invalid_request', 'No password is remembered for this computer: enter its password.');
    }
    const supporter = await this.#whoIAm();
    const fingerprint = registry.requireEndpoint();
    const session = registry.create(
      randomUUID(),
      'supporter',
      'password',
      { deviceId: request.partnerId, name: '', company: '' },
      request.access,
      fingerprint,
    );
    signaling.send({
      type: 'connect',
      requestId: session.requestId,
      target: request.partnerId,
      supporter,
      access: request.access,
    });
    if (typed !== undefined) {
      // The one-time password and a session code stand for the end user's yes each time: only the
      // permanent password is ever remembered (the host checks that too).
      session.remember = request.remember === true;
      this.handshake.start(session, typed, ['otp', 'permanent']);
    } else if (rememberedKey !== null) {
      session.byRememberedKey = true;
      this.handshake.start(session, rememberedKey, ['remembered']);
    }
    return session.view();
  }

  /**
   * LV-2 / LV-3: connect to an end user's open help session, by the ID they read out (`code`) or
   * picked in the Live View (`helpSessionId`, with the reason the end user will read). The endpoint
   * answers a grant for this device and the handshake's secret; the hub checks the grant and asks
   * the help session's device, which learns the same secret from the hub. The code's handshake then
   * runs with that secret: it binds both DTLS fingerprints as a password would (see
   * `bindingMac`), so the session is bound to the two renderers that proved the secret — though,
   * with no password between the two people, only as firmly as the endpoint that knows it.
   */
  async connectHelp(
    request: ({ code: string } | { helpSessionId: string; reason?: string }) & { access: Access },
  ): Promise<SessionView> {
    const { registry } = this;
    const { signaling, deviceId, helpGrant } = registry.options;
    registry.requireEndpoint();
    const { access, ...which } = request;
    const answer = await helpGrant(which);
    if (answer.helpSession.deviceId === deviceId()) {
      throw new TandemError('invalid_request', 'This help session is your own device’s.');
    }
    const supporter = await this.#whoIAm();
    const fingerprint = registry.requireEndpoint();
    const { helpSession } = answer;
    const session = registry.create(
      randomUUID(),
      'supporter',
      'help',
      { deviceId: helpSession.deviceId, name: helpSession.yourName ?? helpSession.deviceName, company: '' },
      access,
      fingerprint,
    );
    session.help = 'code' in which ? { kind: 'code', reason: null } : { kind: 'request', reason: which.reason ?? null };
    signaling.send({ type: 'connect-help', requestId: session.requestId, grant: answer.grant, supporter, access });
    this.handshake.start(session, answer.secret, ['code']);
    return session.view();
  }

  /**
   * RS-3: a short-lived code the end user types into their Tandem. The hub knows only its route
   * (the first six digits); the last four stay here and are the password of the handshake.
   */
  async createCode(access: Access): Promise<{ code: string; expiresAt: string }> {
    const supporter = await this.#whoIAm();
    const reply = await this.hub.ask({ type: 'code-create', supporter, access }, (m) =>
      m.type === 'code-created' ? m : null,
    );
    const secret = String(randomInt(0, 10_000)).padStart(4, '0');
    this.#codes.set(reply.route, { secret, access });
    return { code: `${reply.route}${secret}`, expiresAt: reply.expiresAt };
  }

  /**
   * AC-1: the claim (shown as not verified) and, for a signed-in user, the endpoint's statement of
   * who they are, for this device — the host shows the vouched name and company only from that.
   */
  async #whoIAm(): Promise<SupporterInfo> {
    const { supporterInfo, identityStatement } = this.registry.options;
    const statement = await identityStatement();
    return { ...supporterInfo(), ...(statement ? { statement } : {}) };
  }

  /** An end user typed in one of this device's codes: each code starts one session at most. */
  onCodeJoined(message: Extract<ServerMessage, { type: 'code-joined' }>): void {
    const { registry } = this;
    const code = this.#codes.get(message.route);
    const fingerprint = registry.localFingerprint;
    if (!code || !fingerprint) {
      registry.options.signaling.send({ type: 'end', requestId: message.requestId, reason: 'cancelled' });
      return;
    }
    this.#codes.delete(message.route);
    const session = registry.create(
      message.requestId,
      'supporter',
      'code',
      { deviceId: message.host, name: '', company: '' },
      code.access,
      fingerprint,
    );
    this.handshake.start(session, `${message.route}${code.secret}`, ['code']);
  }
}
