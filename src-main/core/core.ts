import { join } from 'node:path';
import type { ManagedConfig } from '../../src-shared/domain/managedConfig';
import { managedConfigSchema } from '../../src-shared/domain/managedConfig';
import { accountModule } from './account/module';
import { AccountService } from './account/accountService';
import { endpointChannelTable } from '../../src-shared/http/routeTable';
import { EndpointClient } from './cloud/endpointClient';
import { deviceFactsReader } from './cloud/deviceFacts';
import { cloudModule } from './cloud/module';
import { endpointModule } from './cloud/endpointModule';
import { stayRegistered } from './cloud/registrationLoop';
import { SessionEventLog } from './consent/eventLog';
import { hostFactsSource } from './consent/hostFacts';
import { consentModule } from './consent/module';
import { DESKTOP_DB_FILE, openDesktopDatabase, type DesktopDatabase } from './db/desktopDatabase';
import { DEFAULT_PASSWORD_LENGTH, DeviceIdentityService } from './device/deviceIdentity';
import { DeviceKeys } from './device/deviceKeys';
import { deviceModule } from './device/module';
import type { CoreServices } from './coreServices';
import { CoreEvents } from './events';
import type { InputInjector } from './input/inputInjector';
import { screensModule } from './input/module';
import type { ScreenChooser } from './input/screenChooser';
import { insightsAccessControl } from './insights/accessControl';
import type { ForegroundProbe } from './insights/foregroundWatcher';
import { insightsModule } from './insights/module';
import { liveViewFeedModule } from './liveview/liveViewFeedModule';
import { getHelpModule } from './liveview/getHelpModule';
import { computersModule } from './computers/module';
import { videoModule, type DesktopNotifier } from './video/module';
import { recordingModule } from './video/recordingModule';
import { closeModules, mergeHandlers } from './ipc/coreModule';
import { createDispatcher, type Dispatch } from './ipc/dispatcher';
import type { Logger } from './logger';
import { managedModule } from './managed/module';
import { noProtection, type SecretProtector } from './security/secretProtector';
import type { GuardPolicy } from './session/bruteForceGuard';
import { HostCredentials } from './session/hostCredentials';
import { sessionModule } from './session/module';
import { opaqueReady } from './session/passwordHandshake';
import type { SessionService } from './session/sessionService';
import { settingsModule } from './settings/module';
import { SettingsStore } from './settings/settingsStore';
import { SignalingClient } from './signaling/signalingClient';
import { updatesModule } from './updates/module';
import type { Updater } from './updates/updater';

export interface CoreOptions {
  dataDir: string;
  runtime: 'electron' | 'browser';
  version: string;
  cloud: { url: string; embedded: boolean };
  /** The events every window hears; kept across a restart on another endpoint (see boot.ts). */
  events?: CoreEvents;
  /**
   * Choosing the company's endpoint in Settings: `fixed` when IT or the command line set it;
   * `choose` restarts the core on another endpoint (null: the embedded one).
   */
  endpoint?: { fixed: boolean; choose(url: string | null): void };
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
  /** The built summary read worker; without it (tests in-process) the Insights view's reads run on this thread. */
  readWorkerFile?: string;
  /** VS-2: desktop notifications (Electron's); browser mode and tests have none. */
  notifier?: DesktopNotifier;
  /** VS-6: the largest body of one PATCH of a recording's upload; by default RECORDING_UPLOAD_CHUNK_BYTES (8 MiB). */
  recordingUploadChunkBytes?: number | undefined;
}

export interface Core {
  readonly dispatch: Dispatch;
  readonly events: CoreEvents;
  readonly db: DesktopDatabase;
  readonly settings: SettingsStore;
  readonly sessions: SessionService;
  readonly signaling: SignalingClient;
  /** Resolves once every module closed (what they send the endpoint, at most `CLOSE_BOUND_MS`) and the database is closed. */
  close(): Promise<void>;
}

/** How long closing waits for the endpoint (a help session's end): a dead endpoint cannot hold the quit longer. */
export const CLOSE_BOUND_MS = 2_000;

/**
 * The main process's logic, free of Electron: the same core runs inside the desktop app and
 * behind the loopback bridge in browser mode. This file only builds the services the features
 * share and lists the feature modules; each feature's logic and IPC handlers live in its folder.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  await opaqueReady;
  const { log, dataDir } = options;
  // Shared services.
  const db = openDesktopDatabase(join(dataDir, DESKTOP_DB_FILE));
  const protector = options.protector ?? noProtection;
  const events = options.events ?? new CoreEvents();
  const settings = new SettingsStore(db);
  const identity = new DeviceIdentityService(
    db,
    () => new Date(),
    () => settings.get().oneTimePasswordLength ?? DEFAULT_PASSWORD_LENGTH,
  );
  const keys = new DeviceKeys(db, protector);
  const credentials = new HostCredentials(db, protector, (list) => events.emit('session.rememberedSupporters', list));
  credentials.setOneTimePassword(identity.current().oneTimePassword);
  const device = {
    get id() {
      return identity.deviceId;
    },
    sign: (payload: string) => keys.sign(payload),
  };
  const endpointFixed = options.endpoint?.fixed ?? true;
  const cloud = new EndpointClient(
    options.cloud.url,
    options.cloud.embedded,
    {
      device,
      userToken: (): string | null => account.sessionToken(),
    },
    endpointFixed,
  );
  const signaling = new SignalingClient({
    cloudUrl: options.cloud.url,
    deviceId: () => identity.deviceId,
    sign: device.sign,
    log,
  });
  const account = new AccountService(db, protector, cloud);
  const managed = options.managed ?? managedConfigSchema.parse({});
  const facts = deviceFactsReader({ cloud, log });
  // The event log asks the session service (built below, with the consent it needs) whether a session logs.
  const eventLog = new SessionEventLog(db, (requestId) => session.sessions.isLogging(requestId));
  const services: CoreServices = {
    db,
    protector,
    events,
    settings,
    identity,
    credentials,
    cloud,
    device,
    signaling,
    account,
    managed,
    facts,
    eventLog,
    log,
  };

  // Feature modules, and what one hands another.
  const cloudLink = cloudModule(services);
  const deviceFeature = deviceModule({ ...services, app: options });
  const { rotateOneTimePassword } = deviceFeature;
  const insights = insightsModule({
    ...services,
    dataDir,
    syncPeriodMs: options.syncPeriodMs,
    readWorkerFile: options.readWorkerFile,
  });
  const managedFeature = managedModule({ ...services, quickSupportModuleId: options.quickSupportModuleId });
  const hostFacts = hostFactsSource({ ...services, quickSupportModule: managedFeature.quickSupport.current });
  const consentPromptMs = options.sessionPolicy?.consentPromptMs;
  const consent = consentModule({ ...services, hostFacts, summarize: insights.summarize, promptMs: consentPromptMs });
  const session = sessionModule({
    ...services,
    consent: consent.coordinator,
    rotateOneTimePassword,
    injector: options.injector,
    screens: options.screens,
    foregroundProbe: options.foregroundProbe,
    policy: options.sessionPolicy,
  });
  // The end user's request for help (`getHelp.helpRequest.state`: whether this computer asks, and its ID).
  const getHelp = getHelpModule({
    ...services,
    dataDir,
    quickSupportModule: managedFeature.quickSupport.current,
    foregroundProbe: options.foregroundProbe,
  });
  const video = videoModule({ ...services, notifier: options.notifier });
  const insightsAccess = async () =>
    insightsAccessControl((await facts())?.policySettings ?? null, managed, settings.get().insightsLogging);
  // Listed in the order their hooks run: enrolment before signaling goes online, and the
  // features closing before the connection and the database they use.
  const modules = [
    deviceFeature,
    settingsModule({ ...services, runtime: options.runtime, insightsAccess, rotateOneTimePassword }),
    accountModule({
      ...services,
      signedIn: () => {
        insights.sync();
        void video.feed.refresh();
      },
      signedOut: () => void video.feed.refresh(),
      endpoint: options.endpoint ?? null,
    }),
    endpointModule(cloud, endpointChannelTable),
    updatesModule({ ...services, updater: options.updater }),
    screensModule({ screens: options.screens }),
    managedFeature,
    insights,
    session,
    liveViewFeedModule(services),
    computersModule(services),
    video,
    recordingModule({ ...services, dataDir, uploadChunkBytes: options.recordingUploadChunkBytes }),
    getHelp,
    cloudLink,
    consent,
  ];
  const dispatch = createDispatcher(mergeHandlers(modules), log);
  const registration = stayRegistered({ cloud, identity, keys, modules, log, appVersion: options.version });
  for (const module of modules) module.start?.();

  return {
    dispatch,
    events,
    db,
    settings,
    sessions: session.sessions,
    signaling,
    close: async () => {
      registration.stop();
      await closeModules(modules, CLOSE_BOUND_MS, log);
      db.close();
    },
  };
}
