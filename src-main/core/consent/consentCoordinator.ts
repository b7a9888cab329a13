import {
  NO_COMPANY_SUPPORTER,
  decideLogging,
  type ConsentAnswer,
  type HostFacts,
  type SupporterFacts,
} from '../../../src-shared/consent/decision';
import { TandemError } from '../../../src-shared/errors';
import type { PeerMessage } from '../../../src-shared/signaling/peerMessages';
import type { SummaryFields } from '../../../src-shared/domain/summary';

type SessionOs = SummaryFields['device']['os'];
import type { Logger } from '../logger';
import type { Session } from '../session/session';
import type { AuditTrail } from './auditTrail';
import type { SessionEventLog } from './eventLog';

export interface ConsentCoordinatorOptions {
  relay(session: Session, message: PeerMessage): void;
  changed(session: Session): void;
  audit: AuditTrail;
  eventLog: () => SessionEventLog;
  log: Logger;
  deviceId: () => string;
  /** This host's facts: company, AI settings, policy (from the cloud endpoint) and access control. */
  hostFacts(): Promise<{ facts: HostFacts; language: 'en' | 'de' }>;
  /** This supporter's facts: the signed-in user's company settings and logging setting. */
  supporterFacts(): Promise<{ facts: SupporterFacts; ownerName: string | null; language: 'en' | 'de' }>;
  hostOs: SessionOs;
  /** A logged session ended on the side that owns its summary: write it. */
  summarize(session: Session, language: 'en' | 'de'): void;
  promptMs: number;
  now: () => number;
}

/** How long a host waits for the supporter's facts before deciding without them (= no outgoing basis). */
const FACTS_WAIT_MS = 5000;

/**
 * Session Insights consent for one device, both roles. The host decides — with the one decision
 * function — when the session starts, asks the end user where needed, records every decision
 * in the audit trail and tells the supporter, who checks the decision with the same function.
 */
export class ConsentCoordinator {
  constructor(private readonly options: ConsentCoordinatorOptions) {}

  /** Supporter, once the host proved the password: send this side's facts. */
  async supporterAuthenticated(session: Session): Promise<void> {
    const { facts, ownerName, language } = await this.options.supporterFacts();
    session.supporterFacts = facts;
    session.summaryLanguage = language;
    if (session.open) this.options.relay(session, { kind: 'consent-facts', supporter: facts, ownerName });
  }

  /** Supporter: the host's decision arrives; it must be what the same function gives. */
  onState(session: Session, message: Extract<PeerMessage, { kind: 'consent-state' }>): void {
    if (!session.open) return;
    session.hostOs = message.hostOs;
    const wasLogging = session.consent?.decision.log === true;
    const expected = decideLogging(session.supporterFacts ?? NO_COMPANY_SUPPORTER, message.host, message.answer);
    if (expected.log !== message.decision.log || expected.reason !== message.decision.reason) {
      // A host reporting something other than the rules give is not believed: treat as not logged.
      this.options.log.warn({ requestId: session.requestId }, 'host reported a consent decision the rules do not give');
      session.consent = {
        decision: { ...expected, log: false },
        answer: message.answer,
        promptExpiresAt: null,
        ownerName: null,
      };
    } else {
      session.consent = {
        decision: message.decision,
        answer: message.answer,
        promptExpiresAt: message.promptExpiresAt,
        ownerName: null,
      };
    }
    if (wasLogging && !session.consent.decision.log) this.options.eventLog().discard(session.requestId);
    if (!wasLogging && session.consent.decision.log) {
      this.options.eventLog().appendIfLogging(session.requestId, {
        kind: 'session_started',
        data: { partner: session.partner.deviceId, access: session.access },
      });
    }
    this.options.changed(session);
  }

  /** Host: the supporter's facts. */
  onFacts(session: Session, message: Extract<PeerMessage, { kind: 'consent-facts' }>): void {
    if (session.supporterFacts) return;
    session.supporterFacts = message.supporter;
    session.consentOwnerName = message.ownerName;
    if (session.consentWaiting) void this.#decide(session);
  }

  /** Host: the session was accepted; decide as soon as the supporter's facts are here. */
  sessionAccepted(session: Session): void {
    if (session.supporterFacts) {
      void this.#decide(session);
      return;
    }
    session.consentWaiting = true;
    session.consentTimer = setTimeout(() => void this.#decide(session), FACTS_WAIT_MS);
    session.consentTimer.unref();
  }

  /** Host: the end user's answer to the Session Insights pop-up. */
  answer(session: Session, allow: boolean): void {
    if (!session.consent?.decision.prompt)
      throw new TandemError('invalid_request', 'Nobody is being asked about logging.');
    this.#publish(session, allow ? 'allowed' : 'denied');
  }

  /** Host: the end user withdraws consent; logging stops now and the session's events are dropped. */
  withdraw(session: Session): void {
    if (!session.consent?.decision.optOut) {
      throw new TandemError(
        'invalid_request',
        'This device is managed by its company: logging cannot be switched off here.',
      );
    }
    this.#publish(session, 'withdrawn');
  }

  isLogging(session: Session | undefined): boolean {
    return session?.open === true && session.consent?.decision.log === true;
  }

  /** Called while the session is still open: the owning side writes the summary of a logged session. */
  sessionEnded(session: Session): void {
    if (session.consentTimer) clearTimeout(session.consentTimer);
    session.consentTimer = null;
    const decision = session.consent?.decision;
    if (!decision?.log) return;
    const owner = decision.basis === 'outgoing' ? 'supporter' : 'host';
    if (session.role !== owner) return;
    try {
      this.options.summarize(session, session.summaryLanguage);
    } catch (error) {
      this.options.log.error({ err: error, requestId: session.requestId }, 'writing the session summary failed');
    }
  }

  async #decide(session: Session): Promise<void> {
    if (session.consentDecided || !session.open) return;
    session.consentDecided = true;
    session.consentWaiting = false;
    if (session.consentTimer) clearTimeout(session.consentTimer);
    try {
      const { facts, language } = await this.options.hostFacts();
      // The session (or this device's core) may have ended while the facts were on their way.
      if (!session.open) return;
      session.hostFacts = facts;
      session.hostOs = this.options.hostOs;
      session.summaryLanguage = language;
      this.#publish(session, 'pending');
    } catch (error) {
      this.options.log.warn(
        { err: (error as Error).message, requestId: session.requestId },
        'consent decision abandoned',
      );
    }
  }

  #publish(session: Session, answer: ConsentAnswer): void {
    if (!session.open || !session.hostFacts) return;
    if (session.consentTimer) clearTimeout(session.consentTimer);
    session.consentTimer = null;
    const supporter = session.supporterFacts ?? NO_COMPANY_SUPPORTER;
    const decision = decideLogging(supporter, session.hostFacts, answer);
    const previous = session.consent?.decision;
    const promptExpiresAt = decision.prompt ? new Date(this.options.now() + this.options.promptMs).toISOString() : null;
    session.consent = { decision, answer, promptExpiresAt, ownerName: session.consentOwnerName };
    if (decision.prompt) {
      // No answer within the countdown means no.
      session.consentTimer = setTimeout(() => this.#publish(session, 'timeout'), this.options.promptMs);
      session.consentTimer.unref();
    }
    this.options.audit.append({
      requestId: session.requestId,
      at: new Date(this.options.now()).toISOString(),
      deviceId: this.options.deviceId(),
      supporter,
      host: session.hostFacts,
      answer,
      decision,
      policyVersion: session.hostFacts.policy?.version ?? null,
    });
    if (previous?.log && !decision.log) this.options.eventLog().discard(session.requestId);
    if (decision.log && !previous?.log) {
      this.options.eventLog().appendIfLogging(session.requestId, {
        kind: 'session_started',
        data: {
          supporter: session.partner.name,
          company: session.partner.company,
          access: session.access,
          // How they got in: by the permanent password, a password remembered on their device, …
          credential: session.credential,
        },
      });
    }
    this.options.relay(session, {
      kind: 'consent-state',
      host: session.hostFacts,
      answer,
      decision,
      promptExpiresAt,
      hostOs: this.options.hostOs,
    });
    this.options.changed(session);
  }
}
