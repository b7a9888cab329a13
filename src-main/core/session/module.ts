import { userInfo } from 'node:os';
import type { ConsentCoordinator } from '../consent/consentCoordinator';
import type { CoreServices } from '../coreServices';
import { ForegroundWatcher, nativeForegroundProbe, type ForegroundProbe } from '../insights/foregroundWatcher';
import type { InputInjector } from '../input/inputInjector';
import { createRobotInjector } from '../input/robotInjector';
import type { ScreenChooser } from '../input/screenChooser';
import type { CoreModule } from '../ipc/coreModule';
import { BruteForceGuard, DEFAULT_GUARD_POLICY, type GuardPolicy } from './bruteForceGuard';
import { SessionService } from './sessionService';
import { SupporterIdentity } from './host/supporterIdentity';
import { RememberedHosts } from './supporter/rememberedHosts';
import { identityRoutes } from '../../../src-shared/identity/contract';
import { liveviewRoutes } from '../../../src-shared/liveview/contract';
import { TandemError } from '../../../src-shared/errors';

type SessionChannel =
  | 'session.registerEndpoint'
  | 'session.list'
  | 'session.connect'
  | 'session.rememberedSupporters'
  | 'session.forgetSupporter'
  | 'session.rememberedHosts'
  | 'session.forgetHost'
  | 'session.connectHelp'
  | 'session.createCode'
  | 'session.lookupCode'
  | 'session.joinCode'
  | 'session.answerPrompt'
  | 'session.setAccess'
  | 'session.signal'
  | 'session.mediaConnected'
  | 'session.input'
  | 'session.end'
  | 'session.switchScreen'
  | 'session.answerConsent'
  | 'session.withdrawConsent'
  | 'session.recordEvent';

/**
 * Remote sessions, both roles: the session service with its handshake guard and input injection,
 * and — on a host — what is in front on screen, for the event log of sessions that log.
 */
export function sessionModule(
  options: Pick<
    CoreServices,
    | 'db'
    | 'protector'
    | 'signaling'
    | 'credentials'
    | 'identity'
    | 'eventLog'
    | 'settings'
    | 'events'
    | 'log'
    | 'cloud'
    | 'account'
  > & {
    consent: ConsentCoordinator;
    rotateOneTimePassword: () => void;
    /** Remote-control injection; defaults to robotjs + Tandem's native addon. */
    injector: InputInjector | undefined;
    screens: ScreenChooser | undefined;
    /** Reads the application in front; null = none here, undefined = the native addon. */
    foregroundProbe: ForegroundProbe | null | undefined;
    policy: { authMs?: number; promptMs?: number; guard?: Partial<GuardPolicy> } | undefined;
  },
): CoreModule<SessionChannel> & { sessions: SessionService } {
  const { settings, eventLog, screens, cloud, account, log } = options;
  // AC-1, host: the own endpoint's key checks supporters' identity statements.
  const supporterIdentity = new SupporterIdentity(
    async () => (await cloud.call(identityRoutes['identity.key'], {})).publicKey,
  );
  const { credentials } = options;
  const rememberedHosts = new RememberedHosts(options.db, options.protector);
  const sessions = new SessionService({
    signaling: options.signaling,
    credentials,
    rememberedHosts,
    guard: new BruteForceGuard(options.db, { ...DEFAULT_GUARD_POLICY, ...options.policy?.guard }),
    events: options.events,
    injector: options.injector ?? createRobotInjector({ displayBounds: () => screens?.bounds() ?? null }),
    ...(screens ? { screens } : {}),
    log: options.log,
    deviceId: () => options.identity.deviceId,
    supporterInfo: () => {
      const { displayName, company } = settings.get();
      return { name: displayName ?? userInfo().username ?? 'Tandem', company: company ?? '' };
    },
    // AC-1, supporter: signed in, the endpoint vouches for who is connecting, for this device.
    identityStatement: async () => {
      if (!account.signedIn()) return null;
      try {
        return await cloud.call(identityRoutes['identity.statement'], {});
      } catch (error) {
        log.warn(
          { code: error instanceof TandemError ? error.code : 'internal' },
          'no identity statement from the endpoint: connecting as not verified',
        );
        return null;
      }
    },
    // LV-2 / LV-3: the endpoint checks the user's permission and company, and signs for this device.
    helpGrant: (request) =>
      'code' in request
        ? cloud.call(liveviewRoutes['liveview.connectGrant'], { body: { code: request.code } })
        : cloud.call(liveviewRoutes['liveview.requestConnection'], {
            params: { id: request.helpSessionId },
            body: request.reason ? { reason: request.reason } : {},
          }),
    supporterIdentity,
    rotateOneTimePassword: options.rotateOneTimePassword,
    authTimeoutMs: options.policy?.authMs,
    promptTimeoutMs: options.policy?.promptMs,
    consent: options.consent,
    eventLog,
  });

  const probe = options.foregroundProbe === undefined ? nativeForegroundProbe() : options.foregroundProbe;
  const foreground = probe
    ? new ForegroundWatcher(
        probe,
        () => sessions.loggedHostSessions(),
        (requestId, window) => {
          eventLog.appendIfLogging(requestId, { kind: 'foreground', data: { app: window.app, title: window.title } });
          // Where the supporter's company owns the summary, its log needs what was in front here.
          sessions.shareForeground(requestId, window);
        },
      )
    : null;
  foreground?.start();

  return {
    sessions,
    registered: () => void supporterIdentity.prefetch(),
    handlers: {
      'session.registerEndpoint': ({ fingerprint }) => {
        sessions.registerEndpoint(fingerprint);
        return {};
      },
      'session.list': () => sessions.list(),
      'session.connect': (request) => sessions.connect(request),
      'session.rememberedSupporters': () => credentials.remembered.list(),
      'session.forgetSupporter': (request) => {
        const forgotten = credentials.remembered.forget('all' in request ? null : request.deviceId);
        log.info({ forgotten }, 'remembered supporter devices forgotten on request');
        return credentials.remembered.list();
      },
      'session.rememberedHosts': () => rememberedHosts.list(),
      'session.forgetHost': ({ deviceId }) => {
        rememberedHosts.forget(deviceId);
        return rememberedHosts.list();
      },
      'session.connectHelp': (request) => sessions.connectHelp(request),
      'session.createCode': ({ access }) => sessions.createCode(access),
      'session.lookupCode': ({ code }) => sessions.lookupCode(code),
      'session.joinCode': ({ code }) => sessions.joinCode(code),
      'session.answerPrompt': ({ requestId, accept, access }) => sessions.answerPrompt(requestId, accept, access),
      'session.setAccess': ({ requestId, access }) => sessions.setAccess(requestId, access),
      'session.signal': ({ requestId, signal }) => {
        sessions.signal(requestId, signal);
        return {};
      },
      'session.mediaConnected': ({ requestId }) => sessions.mediaConnected(requestId),
      'session.input': ({ requestId, seq, event }) => sessions.input(requestId, event, seq),
      'session.end': ({ requestId, reason }) =>
        reason === 'link_closed' ? sessions.linkClosed(requestId) : sessions.end(requestId),
      'session.switchScreen': ({ requestId, id }) => sessions.switchScreen(requestId, id),
      'session.answerConsent': ({ requestId, allow }) => sessions.answerConsent(requestId, allow),
      'session.withdrawConsent': ({ requestId }) => sessions.withdrawConsent(requestId),
      'session.recordEvent': ({ requestId, event }) => sessions.recordEvent(requestId, event),
    },
    close: () => {
      foreground?.stop();
      sessions.close();
    },
  };
}
