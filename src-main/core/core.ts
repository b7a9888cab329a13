import { join } from 'node:path';
import { userInfo } from 'node:os';
import { z } from 'zod';
import { connectionReportSchema } from '../../src-shared/domain/connectionReport';
import { TandemError } from '../../src-shared/errors';
import { CloudClient } from './cloud/cloudClient';
import { registerDevice } from './cloud/deviceRegistration';
import { DESKTOP_DB_FILE, openDesktopDatabase, type DesktopDatabase } from './db/desktopDatabase';
import { DEFAULT_PASSWORD_LENGTH, DeviceIdentityService } from './device/deviceIdentity';
import { DeviceKeys } from './device/deviceKeys';
import { CoreEvents } from './events';
import type { InputInjector } from './input/inputInjector';
import type { ScreenChooser } from './input/screenChooser';
import { createRobotInjector } from './input/robotInjector';
import { createDispatcher, type Dispatch, type IpcHandlers } from './ipc/dispatcher';
import type { Logger } from './logger';
import { noProtection, type SecretProtector } from './security/secretProtector';
import { BruteForceGuard, DEFAULT_GUARD_POLICY, type GuardPolicy } from './session/bruteForceGuard';
import { HostCredentials } from './session/hostCredentials';
import { opaqueReady } from './session/passwordHandshake';
import { SessionService } from './session/sessionService';
import { SettingsStore } from './settings/settingsStore';
import { SignalingClient } from './signaling/signalingClient';
import { AccountService, type Me } from './account/accountService';
import { AuditTrail } from './consent/auditTrail';
import { ConsentCoordinator } from './consent/consentCoordinator';
import { SessionEventLog } from './consent/eventLog';
import { summarizeBuiltin, type SummaryInput } from './insights/builtinSummarizer';
import { SummaryCache, type CachedSummary } from './insights/summaryCache';
import { rewriteInLanguage, summaryInputFrom, SummaryExporter } from './insights/export/summaryExporter';
import { SummarizerSettingsStore } from './insights/summarizerSettings';
import { deviceChannel, firstChannel, SummarySync, userChannel } from './insights/summarySync';
import { createOpenAiSummarizer, type CreditGate } from './insights/openAiSummarizer';
import type { SummaryFields } from '../../src-shared/domain/summary';
import { ForegroundWatcher, nativeForegroundProbe, type ForegroundProbe } from './insights/foregroundWatcher';
import {
  accountAuditEntrySchema,
  adminUserSchema,
  roleSchema,
  aiSettingsSchema,
  creditsSchema,
  deviceFactsSchema,
  type PolicySettings,
  quickSupportModuleSchema,
  type AccountStatus,
  type Permission,
  type QuickSupportModule,
} from '../../src-shared/domain/accounts';
import type { HostFacts } from '../../src-shared/consent/decision';
import { auditEntrySchema } from '../../src-shared/domain/consent';
import {
  companyDeviceSchema,
  enrollmentTokenCreatedSchema,
  enrollmentTokenSchema,
  managedConfigSchema,
  type ManagedConfig,
} from '../../src-shared/domain/managedConfig';
import { companyMembership } from './managed/companyMembership';
import { resolveManaged } from './managed/managedConfig';
import type { Updater } from './updates/updater';
import type { UpdateStatus } from '../../src-shared/domain/updates';
import {
  apiTokenCreatedSchema,
  apiTokenSchema,
  connectorStatusSchema,
  deliverySchema,
  webhookCreatedSchema,
  webhookSchema,
} from '../../src-shared/domain/integrations';

export interface CoreOptions {
  dataDir: string;
  runtime: 'electron' | 'browser';
  version: string;
  cloud: { url: string; embedded: boolean };
  log: Logger;
  /** Seals secrets at rest (the OS keychain in Electron). */
  protector?: SecretProtector;
  /** Remote-control injection; defaults to robotjs + Tandem's native addon. */
  injector?: InputInjector;
  /** Reads the application in front for the event log; null = none here. Defaults to the native addon. */
  foregroundProbe?: ForegroundProbe | null;
  /** AC-3: the custom QuickSupport module this host runs (its ID), if any. */
  quickSupportModuleId?: string | undefined;
  /** DP-2: what IT set on this computer (registry, managed preferences, /etc/tandem/policy.json). */
  managed?: ManagedConfig;
  /** DP-3: the desktop app's updater (electron-updater); browser mode has none. */
  updater?: Updater;
  /** The monitors to share and which one is chosen (Electron); browser mode uses the browser's picker. */
  screens?: ScreenChooser;
  /** Handshake and prompt timeouts (30 s each) and the brute-force policy, where not the defaults. */
  sessionPolicy?: { authMs?: number; promptMs?: number; consentPromptMs?: number; guard?: Partial<GuardPolicy> };
  /** How often summaries sync with the cloud endpoint when nothing else triggers it (default 60 s). */
  syncPeriodMs?: number;
}

export interface Core {
  readonly dispatch: Dispatch;
  readonly events: CoreEvents;
  readonly db: DesktopDatabase;
  readonly settings: SettingsStore;
  readonly sessions: SessionService;
  readonly signaling: SignalingClient;
  close(): void;
}

const reportsAnswer = z.object({ reports: z.array(connectionReportSchema) });
const auditPushAnswer = z.object({ stored: z.number(), lastSeq: z.number() });

const OS: Record<string, SummaryFields['device']['os']> = { win32: 'windows', darwin: 'macos', linux: 'linux' };

const summaryItem = (summary: CachedSummary) => ({
  id: summary.id,
  requestId: summary.requestId,
  createdAt: summary.createdAt,
  updatedAt: summary.updatedAt,
  version: summary.version,
  pending: summary.pending,
  conflict: summary.conflict,
  fields: summary.fields,
});

const statusOf = (me: Me | null): AccountStatus =>
  me
    ? {
        signedIn: true,
        email: me.email,
        name: me.name,
        companyId: me.companyId,
        companyName: me.companyName,
        permissions: me.permissions,
      }
    : { signedIn: false };

/**
 * The main process's logic, free of Electron: the same core runs inside the desktop app and
 * behind the loopback bridge in browser mode.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  await opaqueReady;
  const db = openDesktopDatabase(join(options.dataDir, DESKTOP_DB_FILE));
  const protector = options.protector ?? noProtection;
  const events = new CoreEvents();
  const settings = new SettingsStore(db);
  const identity = new DeviceIdentityService(
    db,
    () => new Date(),
    () => settings.get().oneTimePasswordLength ?? DEFAULT_PASSWORD_LENGTH,
  );
  const keys = new DeviceKeys(db, protector);
  const credentials = new HostCredentials(db, protector);
  credentials.setOneTimePassword(identity.current().oneTimePassword);
  const cloud = new CloudClient(options.cloud.url, options.cloud.embedded);
  const device = {
    get id() {
      return identity.deviceId;
    },
    sign: (payload: string) => keys.sign(payload),
  };
  const signaling = new SignalingClient({
    cloudUrl: options.cloud.url,
    deviceId: () => identity.deviceId,
    sign: device.sign,
    log: options.log,
  });
  signaling.on('state', (state) => events.emit('signaling.changed', { state }));

  const account = new AccountService(db, protector, options.cloud.url);
  // Each decision also goes to the cloud endpoint, where admins read the company's trails.
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
        const result = await cloud.signedPost(
          '/api/v1/devices/me/consent-audit',
          { entries: pending.slice(0, 500) },
          auditPushAnswer,
          device,
        );
        pushedSeq = result.lastSeq;
      } while (pushAgain);
    } catch (error) {
      options.log.warn(
        { err: (error as Error).message },
        'consent audit not handed in yet; retried with the next decision',
      );
    } finally {
      pushing = false;
    }
  };
  const audit = new AuditTrail(db, () => void pushAudit());
  // eslint-disable-next-line prefer-const -- the event log asks the session service, made just below
  let sessions: SessionService;
  const eventLog = new SessionEventLog(db, (requestId) => sessions.isLogging(requestId));

  /** The cloud's view of this device (company, AI settings, policy), or "no company" when unreachable. */
  const cloudFacts = async () => {
    try {
      return await cloud.signedGet('/api/v1/devices/me/facts', deviceFactsSchema, device);
    } catch (error) {
      options.log.warn(
        { err: (error as Error).message },
        'device facts unavailable: deciding as a device without a company',
      );
      return null;
    }
  };
  const managed = options.managed ?? managedConfigSchema.parse({});
  /**
   * SI-5 with DP-2: the access control that applies — the company's enforced policy, then IT's
   * enforced configuration on this computer, then the user's choice, then the defaults.
   */
  const accessControl = (policy: PolicySettings | null) => {
    const fromPolicy = policy?.insightsLogging;
    if (fromPolicy?.enforced) return { value: fromPolicy.value, lockedByPolicy: true, lockedByManaged: false };
    const local = resolveManaged(
      'insightsLogging',
      managed,
      settings.get().insightsLogging,
      fromPolicy?.value ?? 'after_confirmation',
    );
    return { value: local.value, lockedByPolicy: false, lockedByManaged: local.locked };
  };
  let quickSupportModule: QuickSupportModule | null = null;
  const loadModule = async () => {
    if (!options.quickSupportModuleId) return;
    const response = await fetch(
      new URL(`/api/v1/quicksupport-modules/${encodeURIComponent(options.quickSupportModuleId)}`, options.cloud.url),
      {
        signal: AbortSignal.timeout(10_000),
      },
    );
    if (!response.ok)
      throw new TandemError('invalid_request', `The QuickSupport module "${options.quickSupportModuleId}" is unknown.`);
    quickSupportModule = quickSupportModuleSchema.parse(await response.json());
  };
  const hostFacts = async (): Promise<{ facts: HostFacts; language: 'en' | 'de' }> => {
    const facts = await cloudFacts();
    const local = settings.get();
    const module = quickSupportModule
      ? { companyId: quickSupportModule.companyId, insightsEnabled: quickSupportModule.insightsEnabled }
      : null;
    if (!facts) {
      return {
        facts: {
          companyId: null,
          aiActivated: false,
          incoming: { enabled: false, scope: 'all_company_devices' },
          deviceOfCompany: false,
          managed: false,
          policy: null,
          quickSupportModule: module,
          accessControl: accessControl(null).value,
        },
        language: 'en',
      };
    }
    const { policySettings, summaryLanguage, ...rest } = facts;
    return {
      facts: {
        ...rest,
        policy: rest.policy ? { ...rest.policy, userDisabled: local.insightsPolicyOptOut === true } : null,
        quickSupportModule: module,
        accessControl: accessControl(policySettings).value,
      },
      language: summaryLanguage,
    };
  };
  const summaries = new SummaryCache(db);
  /** SI-7 in the app as in the API: the signed-in user (offline: as last confirmed) needs the permission. */
  const requirePermission = async (permission: Permission) => {
    const me = await account.current();
    if (!me) throw new TandemError('signed_out', 'Sign in with your company account first.');
    if (!me.permissions.includes(permission))
      throw new TandemError('forbidden', `Your role does not include the permission "${permission}".`);
    return me;
  };
  /**
   * Reading the cache needs *view* when signed in; signed out, what this device holds stays
   * readable. Asked on every list, count and keystroke, so it reads the user as last confirmed
   * (sign-in, account status and every sync run refresh it) instead of asking the endpoint.
   */
  const mayView = () => {
    const me = account.lastKnown();
    if (me && !me.permissions.includes('insights.view'))
      throw new TandemError('forbidden', 'Your role does not include the permission "insights.view".');
  };
  const summarizerSettings = new SummarizerSettingsStore(db, protector);
  /** The AI service the user chose, charging through `credits`; null when the built-in one is chosen. */
  const chosenAi = (credits: CreditGate) => {
    const chosen = summarizerSettings.get();
    return chosen.kind === 'openai-compatible'
      ? createOpenAiSummarizer(
          { baseUrl: chosen.baseUrl, model: chosen.model, apiKey: summarizerSettings.apiKey() },
          credits,
          options.log,
        )
      : null;
  };
  const exporter = new SummaryExporter({
    cache: summaries,
    dir: join(options.dataDir, 'exports'),
    // SI-10: the chosen summarizer writes a summary anew in the export's language where it can —
    // never over an edit, and only from a session log this computer kept.
    regenerate: async (summary, language) => {
      const log = eventLog.forSession(summary.requestId);
      if (summary.fields.summarizer === 'builtin') return rewriteInLanguage(summary, log, identity.deviceId, language);
      if (summary.edited || log.length === 0) return null;
      // The session's credit was spent on its summary: a translation neither charges nor refunds it.
      const ai = chosenAi({ reserve: creditGate.reserve, refund: async () => undefined });
      if (!ai) return null;
      const fields = await ai.summarize(summaryInputFrom(summary, log, identity.deviceId), language);
      return fields.summarizer === 'openai-compatible'
        ? { ...fields, participants: summary.fields.participants }
        : null;
    },
    progress: (progress) => events.emit('insights.export', progress),
    log: options.log,
  });
  // A signed-in user syncs; without one, a device of a company still hands in its own summaries.
  const syncTransport = firstChannel(
    userChannel(account),
    deviceChannel({
      companyId: async () => (await cloud.signedGet('/api/v1/devices/me/facts', deviceFactsSchema, device)).companyId,
      signedPost: (path, body, schema) => cloud.signedPost(path, body, schema, device),
    }),
  );
  const summarySync = new SummarySync(summaries, syncTransport, {
    log: options.log,
    changed: (status) => events.emit('insights.sync', status),
    cacheChanged: () => events.emit('insights.changed', { reason: 'synced' }),
    periodMs: options.syncPeriodMs ?? 60_000,
  });
  // The cloud endpoint is reachable again (signaling reconnected): sync what waited.
  signaling.on('state', (state) => {
    if (state === 'online') void summarySync.sync();
  });
  // One AI credit per session, charged to the company that owns the summary: through the
  // signed-in user, or — on a company device with nobody signed in — through the device key.
  const creditCall = async (action: 'reserve' | 'refund', sessionId: string) => {
    if (account.signedIn()) {
      await account.authorized('POST', `/api/v1/credits/${action}`, { sessionId }, z.unknown());
    } else {
      await cloud.signedPost(`/api/v1/devices/me/credits/${action}`, { sessionId }, z.unknown(), device);
    }
  };
  const creditGate = {
    reserve: async (sessionId: string) => {
      try {
        await creditCall('reserve', sessionId);
        return true;
      } catch (error) {
        if (error instanceof TandemError && error.code === 'no_credits') return false;
        throw error;
      }
    },
    refund: (sessionId: string) => creditCall('refund', sessionId),
  };
  /** SI-8: the summarizer the user chose; the built-in one unless an AI service is configured. */
  const summarizerFor = () =>
    chosenAi(creditGate) ?? {
      summarize: async (input: SummaryInput, language: 'en' | 'de') => summarizeBuiltin(input, language),
    };
  const consent = new ConsentCoordinator({
    relay: (session, payload) => signaling.send({ type: 'relay', requestId: session.requestId, payload }),
    changed: (session) => events.emit('session.changed', session.view()),
    audit,
    eventLog: () => eventLog,
    log: options.log,
    deviceId: () => identity.deviceId,
    hostFacts,
    supporterFacts: () => account.supporterFacts(),
    hostOs: OS[process.platform] ?? 'unknown',
    summarize: (session, language) => {
      const { displayName } = settings.get();
      const input = {
        sessionId: session.requestId,
        log: eventLog.forSession(session.requestId),
        perspective: session.role,
        supporterName:
          session.role === 'supporter'
            ? (displayName ?? account.lastKnown()?.name ?? userInfo().username)
            : session.partner.name,
        endUserName: null,
        device: { id: session.role === 'host' ? identity.deviceId : session.partner.deviceId, os: session.hostOs },
        startedAt: new Date(session.startedAt ?? Date.now()).toISOString(),
        endedAt: new Date().toISOString(),
      };
      void summarizerFor()
        .summarize(input, language)
        .then((fields) => {
          summaries.add(session.requestId, session.consent?.decision.ownerCompanyId ?? null, fields);
          events.emit('insights.changed', { reason: 'added' });
          void summarySync.sync();
        })
        .catch((error: unknown) => options.log.error({ err: error }, 'The session summary could not be written'));
    },
    promptMs: options.sessionPolicy?.consentPromptMs ?? 30_000,
    now: Date.now,
  });

  const rotateOneTimePassword = () => {
    const rotated = identity.rotatePassword();
    credentials.setOneTimePassword(rotated.oneTimePassword);
    events.emit('device.changed', rotated);
    return rotated;
  };
  sessions = new SessionService({
    signaling,
    credentials,
    guard: new BruteForceGuard(db, { ...DEFAULT_GUARD_POLICY, ...options.sessionPolicy?.guard }),
    events,
    injector: options.injector ?? createRobotInjector({ displayBounds: () => options.screens?.bounds() ?? null }),
    log: options.log,
    deviceId: () => identity.deviceId,
    supporterInfo: () => {
      const { displayName, company } = settings.get();
      return { name: displayName ?? userInfo().username ?? 'Tandem', company: company ?? '' };
    },
    rotateOneTimePassword,
    authTimeoutMs: options.sessionPolicy?.authMs,
    promptTimeoutMs: options.sessionPolicy?.promptMs,
    consent,
    eventLog,
  });

  const foregroundProbe = options.foregroundProbe === undefined ? nativeForegroundProbe() : options.foregroundProbe;
  const foreground = foregroundProbe
    ? new ForegroundWatcher(
        foregroundProbe,
        () => sessions.loggedHostSessions(),
        (requestId, window) => {
          eventLog.appendIfLogging(requestId, { kind: 'foreground', data: { app: window.app, title: window.title } });
          // Where the supporter's company owns the summary, its log needs what was in front here.
          sessions.shareForeground(requestId, window);
        },
      )
    : null;
  foreground?.start();

  const handlers: IpcHandlers = {
    'app.info': () => ({
      version: options.version,
      platform: process.platform,
      runtime: options.runtime,
      dataDir: options.dataDir,
    }),
    'settings.get': () => settings.get(),
    'settings.update': async (patch) => {
      if (patch.insightsLogging !== undefined) {
        const facts = await cloudFacts();
        const current = accessControl(facts?.policySettings ?? null);
        if (current.lockedByPolicy || current.lockedByManaged) {
          throw new TandemError(
            'invalid_request',
            current.lockedByPolicy
              ? 'Your company’s policy sets Session Insights logging on this device.'
              : 'Your IT department set Session Insights logging on this computer.',
          );
        }
      }
      const before = settings.get();
      const updated = settings.update(patch);
      events.emit('settings.changed', updated);
      // A new password strength applies at once, not only after the next session.
      if (updated.oneTimePasswordLength !== before.oneTimePasswordLength) rotateOneTimePassword();
      return updated;
    },
    'device.identity': () => identity.current(),
    'device.rotatePassword': () => {
      const rotated = rotateOneTimePassword();
      options.log.info({ deviceId: rotated.deviceId }, 'one-time password rotated on request');
      return rotated;
    },
    'device.unattendedStatus': () => ({ hasPermanentPassword: credentials.hasPermanentPassword }),
    'device.setPermanentPassword': ({ password }) => {
      credentials.setPermanentPassword(password);
      return { hasPermanentPassword: credentials.hasPermanentPassword };
    },
    'cloud.status': async ({ refresh }) => {
      if (!refresh && cloud.lastStatus) return cloud.lastStatus;
      const status = await cloud.checkHealth();
      events.emit('cloud.changed', status);
      return status;
    },
    'signaling.status': () => ({ state: signaling.state }),
    'session.registerEndpoint': ({ fingerprint }) => {
      sessions.registerEndpoint(fingerprint);
      return {};
    },
    'session.list': () => sessions.list(),
    'session.connect': (request) => sessions.connect(request),
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
    'session.input': ({ requestId, event }) => sessions.input(requestId, event),
    'session.end': ({ requestId }) => sessions.end(requestId),
    'reports.list': async () => (await cloud.signedGet('/api/v1/connection-reports', reportsAnswer, device)).reports,
    'app.module': async () => {
      if (options.quickSupportModuleId && !quickSupportModule) await loadModule();
      return quickSupportModule;
    },
    'account.status': async () => statusOf(await account.current()),
    'account.signIn': async ({ email, password, totp }) => {
      const status = statusOf(await account.signIn(email, password, totp));
      void summarySync.sync();
      return status;
    },
    'account.signOut': async () => {
      await account.signOut();
      return { signedIn: false };
    },
    'session.answerConsent': ({ requestId, allow }) => sessions.answerConsent(requestId, allow),
    'session.withdrawConsent': ({ requestId }) => sessions.withdrawConsent(requestId),
    'session.recordEvent': ({ requestId, event }) => sessions.recordEvent(requestId, event),
    'consent.audit': () => {
      const problem = audit.verify();
      return {
        entries: audit.entries(),
        intact: problem === null,
        problem: problem ? `entry ${problem.seq} ${problem.problem}` : null,
      };
    },
    'insights.accessControl': async () => {
      const facts = await cloudFacts();
      return {
        ...accessControl(facts?.policySettings ?? null),
        policySessionInsights: facts?.policySettings?.sessionInsights ?? null,
      };
    },
    'admin.aiSettings.get': () => account.authorized('GET', '/api/v1/admin/ai-settings', undefined, aiSettingsSchema),
    'admin.aiSettings.update': (change) =>
      account.authorized('PUT', '/api/v1/admin/ai-settings', change, aiSettingsSchema),
    'admin.users.list': async () =>
      (await account.authorized('GET', '/api/v1/admin/users', undefined, z.object({ users: z.array(adminUserSchema) })))
        .users,
    'admin.users.setLogging': (request) =>
      account.authorized('PUT', '/api/v1/admin/users/log-sessions', request, z.object({ changed: z.number() })),
    'admin.roles.create': (request) =>
      account.authorized('POST', '/api/v1/admin/roles', request, z.object({ id: z.string() })),
    'admin.roles.list': async () =>
      (await account.authorized('GET', '/api/v1/admin/roles', undefined, z.object({ roles: z.array(roleSchema) })))
        .roles,
    'admin.users.setRole': async ({ userId, roleId }) => {
      await account.authorized('PUT', `/api/v1/admin/users/${encodeURIComponent(userId)}/role`, { roleId }, z.null());
      return {};
    },
    'admin.users.setDisabled': async ({ userId, disabled }) => {
      const path = `/api/v1/admin/users/${encodeURIComponent(userId)}/disabled`;
      await account.authorized('PUT', path, { disabled }, z.null());
      return {};
    },
    'admin.users.remove': async ({ userId }) => {
      await account.authorized('DELETE', `/api/v1/admin/users/${encodeURIComponent(userId)}`, undefined, z.null());
      return {};
    },
    'admin.accountAudit': async () =>
      (
        await account.authorized(
          'GET',
          '/api/v1/admin/account-audit',
          undefined,
          z.object({ entries: z.array(accountAuditEntrySchema) }),
        )
      ).entries,
    'admin.devices.list': async () =>
      (
        await account.authorized(
          'GET',
          '/api/v1/admin/devices',
          undefined,
          z.object({ devices: z.array(companyDeviceSchema) }),
        )
      ).devices,
    'admin.devices.remove': async ({ deviceId }) => {
      await account.authorized('DELETE', `/api/v1/admin/devices/${deviceId}`, undefined, z.null());
      return {};
    },
    'admin.enrollmentTokens.list': async () =>
      (
        await account.authorized(
          'GET',
          '/api/v1/admin/enrollment-tokens',
          undefined,
          z.object({ tokens: z.array(enrollmentTokenSchema) }),
        )
      ).tokens,
    'admin.enrollmentTokens.create': (request) =>
      account.authorized('POST', '/api/v1/admin/enrollment-tokens', request, enrollmentTokenCreatedSchema),
    'admin.enrollmentTokens.revoke': async ({ id }) => {
      await account.authorized(
        'DELETE',
        `/api/v1/admin/enrollment-tokens/${encodeURIComponent(id)}`,
        undefined,
        z.null(),
      );
      return {};
    },
    'company.membership': async () => membership.refresh().catch(() => membership.view()),
    'company.join': () => membership.join(),
    'company.leave': () => membership.leave(),
    'admin.policies.create': (request) =>
      account.authorized('POST', '/api/v1/admin/policies', request, z.object({ id: z.string() })),
    'admin.policies.assign': async ({ deviceId, policyId }) => {
      await account.authorized('PUT', `/api/v1/admin/devices/${deviceId}/policy`, { policyId }, z.null());
      return {};
    },
    'admin.modules.create': (request) =>
      account.authorized('POST', '/api/v1/admin/quicksupport-modules', request, z.object({ id: z.string() })),
    'admin.credits': () => account.authorized('GET', '/api/v1/credits', undefined, creditsSchema),
    'admin.integrations.webhooks': async () =>
      (
        await account.authorized(
          'GET',
          '/api/v1/admin/webhooks',
          undefined,
          z.object({ webhooks: z.array(webhookSchema) }),
        )
      ).webhooks,
    'admin.integrations.addWebhook': (request) =>
      account.authorized('POST', '/api/v1/admin/webhooks', request, webhookCreatedSchema),
    'admin.integrations.removeWebhook': async ({ id }) => {
      await account.authorized('DELETE', `/api/v1/admin/webhooks/${encodeURIComponent(id)}`, undefined, z.null());
      return {};
    },
    'admin.integrations.deliveries': async ({ target }) => {
      const path = target.startsWith('webhook:')
        ? `/api/v1/admin/webhooks/${encodeURIComponent(target.slice('webhook:'.length))}/deliveries`
        : `/api/v1/admin/connectors/${target}/deliveries`;
      return (await account.authorized('GET', path, undefined, z.object({ deliveries: z.array(deliverySchema) })))
        .deliveries;
    },
    'admin.integrations.connectors': async () =>
      (
        await account.authorized(
          'GET',
          '/api/v1/admin/connectors',
          undefined,
          z.object({ connectors: z.array(connectorStatusSchema) }),
        )
      ).connectors,
    'admin.integrations.setConnector': ({ kind, ...config }) =>
      account.authorized('PUT', `/api/v1/admin/connectors/${kind}`, config, connectorStatusSchema),
    'admin.integrations.apiTokens': async () =>
      (
        await account.authorized(
          'GET',
          '/api/v1/admin/api-tokens',
          undefined,
          z.object({ tokens: z.array(apiTokenSchema) }),
        )
      ).tokens,
    'admin.integrations.createApiToken': (request) =>
      account.authorized('POST', '/api/v1/admin/api-tokens', request, apiTokenCreatedSchema),
    'admin.integrations.revokeApiToken': async ({ id }) => {
      await account.authorized('DELETE', `/api/v1/admin/api-tokens/${encodeURIComponent(id)}`, undefined, z.null());
      return {};
    },
    'admin.audit': async () =>
      (
        await account.authorized(
          'GET',
          '/api/v1/admin/consent-audit',
          undefined,
          z.object({
            devices: z.array(
              z.object({ deviceId: z.string(), intact: z.boolean(), entries: z.array(auditEntrySchema) }),
            ),
          }),
        )
      ).devices,
    'insights.summarizer': () => summarizerSettings.get(),
    'insights.syncStatus': () => summarySync.status(),
    'insights.syncNow': async () => {
      await summarySync.sync();
      return summarySync.status();
    },
    'insights.setSummarizer': ({ summarizer, apiKey }) => summarizerSettings.set(summarizer, apiKey),
    'insights.list': (request) => {
      mayView();
      const page = summaries.list(request);
      return { total: page.total, items: page.items.map(summaryItem) };
    },
    'insights.overview': (filter) => {
      mayView();
      return summaries.overview(filter);
    },
    'insights.facets': () => {
      mayView();
      return summaries.facetValues();
    },
    'insights.detail': ({ id }) => {
      mayView();
      const summary = summaries.get(id);
      if (!summary) throw new TandemError('not_found', 'This summary no longer exists.');
      const theirs = summaries.conflictWith(id);
      return {
        summary: summaryItem(summary),
        history: summaries.history(id),
        conflict: theirs && {
          version: theirs.version,
          updatedAt: theirs.updatedAt,
          updatedBy: theirs.updatedBy ?? null,
          deleted: theirs.deleted,
          fields: theirs.fields,
          deletedHere: summary.deletedHere,
        },
      };
    },
    'insights.update': async ({ id, changes }) => {
      const me = await requirePermission('insights.edit');
      const current = summaries.get(id);
      if (!current) throw new TandemError('not_found', 'This summary no longer exists.');
      const updated = summaries.update(id, { ...current.fields, ...changes }, new Date(), me.name);
      events.emit('insights.changed', { reason: 'updated' });
      void summarySync.sync();
      return summaryItem(updated);
    },
    'insights.delete': async ({ id }) => {
      await requirePermission('insights.delete');
      summaries.remove(id);
      events.emit('insights.changed', { reason: 'deleted' });
      void summarySync.sync();
      return {};
    },
    'insights.resolveConflict': async ({ id, keep }) => {
      // A delete made here is resolved by whoever may delete; an edit by whoever may edit.
      const me = await requirePermission(summaries.get(id)?.deletedHere ? 'insights.delete' : 'insights.edit');
      summaries.resolveConflict(id, keep, me.companyId);
      events.emit('insights.changed', { reason: 'updated' });
      void summarySync.sync();
      return {};
    },
    'insights.export': async (request) => {
      await requirePermission('insights.export');
      return { exportId: exporter.start(request) };
    },
    'insights.cancelExport': ({ exportId }) => {
      exporter.cancel(exportId);
      return {};
    },
    'insights.exportChunk': async ({ exportId, offset }) => {
      const { data, next } = await exporter.read(exportId, offset);
      return { data: data.toString('base64'), next };
    },
    'update.status': () => updateStatus(),
    'update.install': () => {
      if (updateStatus().state !== 'ready')
        throw new TandemError('invalid_request', 'No verified update is ready to install.');
      options.updater!.install();
      return {};
    },
    'screens.list': () => options.screens?.list() ?? [],
    'screens.choose': async ({ id }) => {
      if (!options.screens)
        throw new TandemError('invalid_request', 'This Tandem uses the browser’s own screen picker.');
      await options.screens.choose(id);
      return {};
    },
  };

  /** DP-3: the updater's state, with IT's channel and whether users may postpone. */
  const updateStatus = (): UpdateStatus => {
    const channel = resolveManaged('updateChannel', managed, null, 'stable').value;
    const canPostpone = resolveManaged('allowUpdatePostpone', managed, null, true).value;
    if (!options.updater)
      return { state: 'unsupported', channel, version: null, releaseNotes: null, canPostpone, message: null };
    return { ...options.updater.status(), channel, canPostpone };
  };
  options.updater?.onChange(() => events.emit('update.changed', updateStatus()));

  /** DP-2: with IT's enrolment token, the device joins the company as a managed device. */
  const membership = companyMembership({
    cloud,
    device,
    managed,
    sessionToken: () => account.sessionToken(),
    log: options.log,
    onChange: (view) => events.emit('company.changed', view),
  });

  // Register with the cloud endpoint, then stay online; retried in the background while offline.
  let stopped = false;
  void (async () => {
    for (let delay = 1000; !stopped; delay = Math.min(delay * 2, 60_000)) {
      try {
        await registerDevice({ cloudUrl: options.cloud.url, identity, keys });
        // Says what became of IT's token itself; only an unreachable endpoint comes back here, to retry.
        await membership.enroll();
        await loadModule().catch((error: unknown) =>
          options.log.warn({ err: (error as Error).message }, 'QuickSupport module'),
        );
        if (!stopped) signaling.start();
        void pushAudit();
        return;
      } catch (error) {
        options.log.warn({ err: (error as Error).message, retryInMs: delay }, 'device registration failed');
        membership.unreachable(error);
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  })();

  void summarySync.sync();

  return {
    dispatch: createDispatcher(handlers, options.log),
    events,
    db,
    settings,
    sessions,
    signaling,
    close: () => {
      stopped = true;
      summarySync.close();
      exporter.close();
      foreground?.stop();
      sessions.close();
      signaling.stop();
      db.close();
    },
  };
}
