import type { ManagedConfig } from '../../src-shared/domain/managedConfig';
import type { AccountService } from './account/accountService';
import type { EndpointClient, SigningDevice } from './cloud/endpointClient';
import type { DeviceFacts } from './cloud/deviceFacts';
import type { SessionEventLog } from './consent/eventLog';
import type { DesktopDatabase } from './db/desktopDatabase';
import type { DeviceIdentityService } from './device/deviceIdentity';
import type { CoreEvents } from './events';
import type { Logger } from './logger';
import type { SecretProtector } from './security/secretProtector';
import type { HostCredentials } from './session/hostCredentials';
import type { SettingsStore } from './settings/settingsStore';
import type { SignalingClient } from './signaling/signalingClient';

/**
 * What `core.ts` builds once and the feature modules share. A module names the part it uses
 * (`Pick<CoreServices, 'db' | 'events'>`), so its reach is visible from its signature.
 */
export interface CoreServices {
  readonly db: DesktopDatabase;
  /** Seals secrets at rest (the OS keychain in Electron). */
  readonly protector: SecretProtector;
  readonly events: CoreEvents;
  readonly settings: SettingsStore;
  readonly identity: DeviceIdentityService;
  /** The host's passwords as the handshake checks them. */
  readonly credentials: HostCredentials;
  readonly cloud: EndpointClient;
  /** This device as it signs its calls to the cloud endpoint. */
  readonly device: SigningDevice;
  readonly signaling: SignalingClient;
  readonly account: AccountService;
  /** DP-2: what IT set on this computer. */
  readonly managed: ManagedConfig;
  /** The cloud's view of this device; null when the endpoint cannot be asked. */
  readonly facts: () => Promise<DeviceFacts | null>;
  /** Session Insights' event log, written only while consent holds. */
  readonly eventLog: SessionEventLog;
  readonly log: Logger;
}
