import { consentRoutes } from '../../../src-shared/consent/contract';
import type { SummaryFields } from '../../../src-shared/domain/summary';
import type { CoreServices } from '../coreServices';
import type { CoreModule } from '../ipc/coreModule';
import { AuditTrail } from './auditTrail';
import { ConsentCoordinator, type ConsentCoordinatorOptions } from './consentCoordinator';

const OS: Record<string, SummaryFields['device']['os']> = { win32: 'windows', darwin: 'macos', linux: 'linux' };

/**
 * Session Insights consent on this device: the decisions (both roles), their tamper-evident audit
 * trail, and handing that trail in to the cloud endpoint, where admins read the company's trails.
 */
export function consentModule(
  options: Pick<CoreServices, 'db' | 'eventLog' | 'cloud' | 'device' | 'signaling' | 'account' | 'events' | 'log'> & {
    hostFacts: ConsentCoordinatorOptions['hostFacts'];
    /** A logged session ended on the side that owns its summary: write it. */
    summarize: ConsentCoordinatorOptions['summarize'];
    /** How long the end user has to answer the consent prompt (default 30 s). */
    promptMs: number | undefined;
  },
): CoreModule<'consent.audit'> & { coordinator: ConsentCoordinator } {
  const { cloud, device, log, signaling, events } = options;
  // One push at a time; a decision made during a push is handed in by a further round.
  let pushedSeq = 0;
  let pushing = false;
  let pushAgain = false;
  const pushAudit = async (): Promise<void> => {
    if (pushing) {
      pushAgain = true;
      return;
    }
    pushing = true;
    try {
      do {
        pushAgain = false;
        const pending = audit.entries().filter((entry) => entry.seq > pushedSeq);
        if (pending.length === 0) break;
        const result = await cloud.call(consentRoutes['devices.me.consentAudit'], {
          body: { entries: pending.slice(0, 500) },
        });
        pushedSeq = result.lastSeq;
      } while (pushAgain);
    } catch (error) {
      log.warn({ err: (error as Error).message }, 'consent audit not handed in yet; retried with the next decision');
    } finally {
      pushing = false;
    }
  };
  const audit = new AuditTrail(options.db, () => void pushAudit());
  const coordinator = new ConsentCoordinator({
    relay: (session, payload) => signaling.send({ type: 'relay', requestId: session.requestId, payload }),
    changed: (session) => events.emit('session.changed', session.view()),
    audit,
    eventLog: () => options.eventLog,
    log,
    deviceId: () => device.id,
    hostFacts: options.hostFacts,
    supporterFacts: () => options.account.supporterFacts(),
    hostOs: OS[process.platform] ?? 'unknown',
    summarize: options.summarize,
    promptMs: options.promptMs ?? 30_000,
    now: Date.now,
  });
  return {
    coordinator,
    handlers: {
      'consent.audit': () => {
        const problem = audit.verify();
        return {
          entries: audit.entries(),
          intact: problem === null,
          problem: problem ? `entry ${problem.seq} ${problem.problem}` : null,
        };
      },
    },
    // Decisions made while the endpoint was away are handed in once it knows this device.
    registered: () => void pushAudit(),
  };
}
