import { computersRoutes } from '../../../src-shared/computers/contract';
import type { DeviceIdentity } from '../../../src-shared/domain/device';
import type { CoreServices } from '../coreServices';
import type { CoreModule } from '../ipc/coreModule';
import { startAtLogin } from '../settings/startAtLogin';

type DeviceChannel =
  'app.info' | 'device.identity' | 'device.rotatePassword' | 'device.unattendedStatus' | 'device.setPermanentPassword';

/** This installation: what it is, its Tandem ID and the passwords a supporter connects with. */
export function deviceModule(
  options: Pick<CoreServices, 'identity' | 'credentials' | 'events' | 'log' | 'cloud' | 'settings' | 'managed'> & {
    app: { version: string; runtime: 'electron' | 'browser'; dataDir: string };
  },
): CoreModule<DeviceChannel> & { rotateOneTimePassword: () => DeviceIdentity } {
  const { identity, credentials, events, app } = options;
  // The host's handshake checks the credentials, so they change together with the identity.
  const rotateOneTimePassword = () => {
    const rotated = identity.rotatePassword();
    credentials.setOneTimePassword(rotated.oneTimePassword);
    events.emit('device.changed', rotated);
    return rotated;
  };
  // The company's Computers list shows whether this computer takes unattended access: said when it
  // registers and whenever it changes. Only yes or no leaves the device, never anything of the password.
  const tellUnattended = () =>
    options.cloud
      .call(computersRoutes['devices.me.unattended'], { body: { unattended: credentials.hasPermanentPassword } })
      .catch((error: unknown) =>
        options.log.warn(
          { err: (error as Error).message },
          'could not tell the endpoint whether unattended access is on; it is told at the next registration',
        ),
      );
  return {
    rotateOneTimePassword,
    registered: () => void tellUnattended(),
    handlers: {
      'app.info': () => ({
        version: app.version,
        platform: process.platform,
        runtime: app.runtime,
        dataDir: app.dataDir,
      }),
      'device.identity': () => identity.current(),
      'device.rotatePassword': () => {
        const rotated = rotateOneTimePassword();
        options.log.info({ deviceId: rotated.deviceId }, 'one-time password rotated on request');
        return rotated;
      },
      'device.unattendedStatus': () => ({ hasPermanentPassword: credentials.hasPermanentPassword }),
      'device.setPermanentPassword': ({ password }) => {
        const before = credentials.hasPermanentPassword;
        credentials.setPermanentPassword(password);
        void tellUnattended();
        // Unattended access on or off may start Tandem with the computer, or stop it (RS-1).
        if (credentials.hasPermanentPassword !== before)
          events.emit(
            'settings.startAtLogin',
            startAtLogin({ ...options, runtime: app.runtime, platform: process.platform }),
          );
        return { hasPermanentPassword: credentials.hasPermanentPassword };
      },
    },
  };
}
