import type { HostFacts, SupporterFacts } from '../../../src-shared/consent/decision';
import type { SessionConsent } from '../../../src-shared/domain/consent';
import type { SessionFailure, SessionState, SessionView } from '../../../src-shared/domain/session';
import type { SessionScreens } from '../../../src-shared/session/screens';
import type { CredentialKind, PeerSignal } from '../../../src-shared/signaling/peerMessages';
import type { Access, EndReason, IceServer } from '../../../src-shared/signaling/protocol';
import type { GuardScope } from './bruteForceGuard';
import type { PendingRemembered } from './hostCredentials';

/** One connection request and, once accepted, its session — on either side. */
export class Session {
  state: SessionState;
  credential: CredentialKind | null = null;
  partnerVerified = false;
  hostGrant: Access;
  supporterChoice: Access;
  promptExpiresAt: number | null = null;
  startedAt: number | null = null;
  endedAt: number | null = null;
  endReason: EndReason | null = null;
  failure: SessionFailure | null = null;
  /** Both DTLS fingerprints once the handshake has bound them. */
  fingerprints: { local: string; remote: string | null };
  sessionKey: string | null = null;
  timer: NodeJS.Timeout | null = null;
  /**
   * The supporter's offer and candidates, prepared while the handshake runs, until they may go on:
   * the supporter's core sends them once the host has proved the password; the host's core hands
   * them to its window once the end user has accepted (see `RunningSession.signal`).
   */
  heldSignals: PeerSignal[] = [];

  // supporter-only
  password: string | null = null;
  loginStates = new Map<CredentialKind, string>();
  /** Connecting by the password remembered for this host (no password typed). */
  byRememberedKey = false;
  /** The supporter asked to remember the password; the key, once derived, is kept when the session starts. */
  remember = false;
  rememberedKey: string | null = null;

  // host-only
  serverStates = new Map<CredentialKind, string>();
  /** The record of the remembered password the supporter asked for, kept when the session starts. */
  rememberRecord: PendingRemembered | null = null;
  codeRecord: string | null = null;
  guardKeys: Partial<Record<GuardScope, string>> = {};
  /** The host answered an auth-start: the attempt is counted as failed until it is verified. */
  attemptCounted = false;
  /** The counted guess at the permanent password, refunded if it proves the password. */
  permanentAttemptId: number | null = null;
  /** The permanent password was not tried (its ceiling is reached); it may be again after this. */
  permanentWithheldMs: number | null = null;
  /** The check of the supporter's identity statement, while it runs (the prompt waits for it). */
  identityCheck: Promise<void> | null = null;
  /** The end user already agreed (they typed in the supporter's session code, or their company lets a help code skip it). */
  preAccepted = false;
  /** A connection to a help session: how the supporter found it, and why they ask (both sides). */
  help: { kind: 'code' | 'request'; reason: string | null } | null = null;

  // Session Insights consent (both sides see `consent`; the host decides it)
  consent: SessionConsent | null = null;
  supporterFacts: SupporterFacts | null = null;
  hostFacts: HostFacts | null = null;
  consentOwnerName: string | null = null;
  consentWaiting = false;
  consentDecided = false;
  consentTimer: NodeJS.Timeout | null = null;
  /** The language of the owning company's summaries, and the end user's OS (SI-13). */
  summaryLanguage: 'en' | 'de' = 'en';
  hostOs: 'windows' | 'macos' | 'linux' | 'unknown' = 'unknown';
  /** RS-5: the host's monitors and the one shared, as the host announced them (both sides). */
  screens: SessionScreens = { sources: [], current: null, refused: null };

  constructor(
    readonly requestId: string,
    readonly role: 'supporter' | 'host',
    readonly method: 'password' | 'code' | 'help',
    readonly partner: { deviceId: string; name: string; company: string },
    readonly requestedAccess: Access,
    localFingerprint: string,
    readonly ice: () => { servers: IceServer[]; policy: 'all' | 'relay' },
  ) {
    this.state = role === 'supporter' ? 'authenticating' : 'authenticating';
    this.hostGrant = requestedAccess;
    this.supporterChoice = requestedAccess;
    this.fingerprints = { local: localFingerprint, remote: null };
  }

  get access(): Access {
    return this.hostGrant === 'full' && this.supporterChoice === 'full' ? 'full' : 'view';
  }

  get open(): boolean {
    return this.state !== 'ended';
  }

  get bound(): { supporter: string; host: string } {
    const remote = this.fingerprints.remote ?? '';
    return this.role === 'supporter'
      ? { supporter: this.fingerprints.local, host: remote }
      : { supporter: remote, host: this.fingerprints.local };
  }

  clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  view(): SessionView {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      requestId: this.requestId,
      role: this.role,
      state: this.state,
      method: this.method,
      ...(this.help ? { help: this.help } : {}),
      credential: this.credential,
      partner: { ...this.partner, verified: this.partnerVerified },
      requestedAccess: this.requestedAccess,
      hostGrant: this.hostGrant,
      supporterChoice: this.supporterChoice,
      access: this.access,
      promptExpiresAt: iso(this.promptExpiresAt),
      startedAt: iso(this.startedAt),
      endedAt: iso(this.endedAt),
      endReason: this.endReason,
      failure: this.failure,
      initiator: this.role === 'supporter',
      iceServers: this.ice().servers,
      iceTransportPolicy: this.ice().policy,
      // The host's pop-up names the company the supporter is verified for, the same one the
      // prompt shows: the company a supporter only claims (their consent facts) is never named.
      consent:
        this.consent && this.role === 'host'
          ? { ...this.consent, ownerName: this.partnerVerified && this.partner.company ? this.partner.company : null }
          : this.consent,
      screens: this.screens,
    };
  }
}
