import { deviceRoutes } from '../../../src-shared/device/contract';
import type { CoreServices } from '../coreServices';
import type { CoreModule } from '../ipc/coreModule';

/** The link to the cloud endpoint: is it there, is signaling online, and the connection reports it keeps. */
export function cloudModule(
  options: Pick<CoreServices, 'cloud' | 'signaling' | 'events'>,
): CoreModule<'cloud.status' | 'signaling.status' | 'reports.list'> {
  const { cloud, signaling, events } = options;
  signaling.on('state', (state) => events.emit('signaling.changed', { state }));
  return {
    handlers: {
      'cloud.status': async ({ refresh }) => {
        if (!refresh && cloud.lastStatus) return cloud.lastStatus;
        const status = await cloud.checkHealth();
        events.emit('cloud.changed', status);
        return status;
      },
      'signaling.status': () => ({ state: signaling.state }),
      'reports.list': async () => (await cloud.call(deviceRoutes['devices.me.connectionReports'], {})).reports,
    },
    // Signaling goes online once the device is known to the endpoint, and stops with the core.
    registered: () => signaling.start(),
    close: () => signaling.stop(),
  };
}
