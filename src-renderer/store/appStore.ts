import { create } from 'zustand';
import type { CloudStatus } from '../../src-shared/domain/cloud';
import type { DeviceIdentity } from '../../src-shared/domain/device';
import type { AccountStatus, QuickSupportModule } from '../../src-shared/domain/accounts';
import type { Language, Settings } from '../../src-shared/domain/settings';
import type { TandemClient } from '../../src-shared/ipc/client';
import type { Response } from '../../src-shared/ipc/contract';
import { changeLanguage, systemLanguage } from '../i18n';
import type { Connection } from '../ipc/tandem';
import { startSessionRuntime } from '../session/sessionStore';

export type Screen = 'host' | 'connect' | 'liveView' | 'computers' | 'video' | 'insights' | 'settings' | 'admin';

/** A computer picked in Computers to connect to: the Connect screen opens with its ID filled in. */
export interface ConnectTarget {
  deviceId: string;
  name: string;
  /** Whether it takes unattended access (its permanent password); null: it has not said. */
  unattended: boolean | null;
}
export const SCREENS: readonly Screen[] = ['host', 'connect', 'insights', 'settings'];

interface AppState {
  phase: 'starting' | 'ready' | 'failed' | 'lost';
  screen: Screen;
  appInfo: Response<'app.info'> | null;
  settings: Settings | null;
  identity: DeviceIdentity | null;
  cloud: CloudStatus | null;
  cloudChecking: boolean;
  /** The link to the signaling hub: only while `online` can a supporter reach this computer. */
  signaling: Response<'signaling.status'>['state'] | null;
  client: TandemClient | null;
  /** Whether unattended access (a permanent password) is set, as far as this window knows. */
  hasPermanentPassword: boolean;
  /** AC-3: the QuickSupport module this Tandem runs as (branding, host side only), or null. */
  module: QuickSupportModule | null;
  /** The company account this app is signed in with (AC-1). */
  account: AccountStatus | null;
  setAccount(account: AccountStatus): void;
  /** The computer the Connect screen was opened for, until another screen is shown. */
  connectTarget: ConnectTarget | null;
  connectTo(target: ConnectTarget): void;

  start(connection: Connection): Promise<void>;
  show(screen: Screen): void;
  setLanguage(language: Language): Promise<void>;
  updateSettings(patch: Partial<Settings>): Promise<void>;
  rotatePassword(): Promise<void>;
  checkCloud(): Promise<void>;
  setPermanentPassword(password: string | null): Promise<void>;
}

function requireClient(client: TandemClient | null): TandemClient {
  if (!client) throw new Error('Tandem is not connected to its core yet.');
  return client;
}

export const useAppStore = create<AppState>()((set, get) => ({
  phase: 'starting',
  screen: 'host',
  appInfo: null,
  settings: null,
  identity: null,
  cloud: null,
  cloudChecking: false,
  signaling: null,
  client: null,
  hasPermanentPassword: false,
  module: null,
  account: null,
  setAccount(account) {
    set({ account });
  },
  connectTarget: null,
  connectTo(target) {
    set({ connectTarget: target, screen: 'connect' });
  },

  async start(connection) {
    const { client } = connection;
    // Losing the core after start-up is a different message from never reaching it.
    connection.onLost(() => {
      if (get().phase === 'ready') set({ phase: 'lost' });
    });
    try {
      await connection.ready;
      const [appInfo, settings, identity, unattended, module] = await Promise.all([
        client.invoke('app.info', {}),
        client.invoke('settings.get', {}),
        client.invoke('device.identity', {}),
        client.invoke('device.unattendedStatus', {}),
        client.invoke('app.module', {}).catch(() => null),
      ]);
      void client.invoke('account.status', {}).then(
        (account) => set({ account }),
        () => set({ account: { signedIn: false } }),
      );
      await changeLanguage(settings.language ?? systemLanguage());
      client.on('settings.changed', (changed) => {
        set({ settings: changed });
        void changeLanguage(changed.language ?? systemLanguage());
      });
      client.on('device.changed', (changed) => set({ identity: changed }));
      client.on('cloud.changed', (changed) => set({ cloud: changed }));
      client.on('signaling.changed', ({ state }) => set({ signaling: state }));
      // A change heard meanwhile is newer than this answer.
      void client
        .invoke('signaling.status', {})
        .then(({ state }) => set((current) => (current.signaling ? {} : { signaling: state })));
      client.on('account.changed', (account) => set({ account }));
      await startSessionRuntime(client);
      set({
        client,
        appInfo,
        settings,
        identity,
        module,
        phase: 'ready',
        hasPermanentPassword: unattended.hasPermanentPassword,
      });
      void get().checkCloud();
    } catch {
      set({ phase: 'failed' });
    }
  },

  show(screen) {
    set({ screen, connectTarget: null });
  },

  async setLanguage(language) {
    const settings = await requireClient(get().client).invoke('settings.update', { language });
    await changeLanguage(language);
    set({ settings });
  },

  async updateSettings(patch) {
    const settings = await requireClient(get().client).invoke('settings.update', patch);
    set({ settings });
  },

  async rotatePassword() {
    const identity = await requireClient(get().client).invoke('device.rotatePassword', {});
    set({ identity });
  },

  async setPermanentPassword(password) {
    const result = await requireClient(get().client).invoke('device.setPermanentPassword', { password });
    set({ hasPermanentPassword: result.hasPermanentPassword });
  },

  async checkCloud() {
    set({ cloudChecking: true });
    try {
      const cloud = await requireClient(get().client).invoke('cloud.status', { refresh: true });
      set({ cloud });
    } finally {
      set({ cloudChecking: false });
    }
  },
}));
