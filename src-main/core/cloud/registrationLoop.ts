import type { DeviceIdentityService } from '../device/deviceIdentity';
import type { DeviceKeys } from '../device/deviceKeys';
import type { CoreModule } from '../ipc/coreModule';
import type { Logger } from '../logger';
import { registerDevice } from './deviceRegistration';
import type { EndpointClient } from './endpointClient';

/**
 * Registers this device with the cloud endpoint, then lets each module take its part (enrolment,
 * going online, handing in what waited) in the order listed. While the endpoint is unreachable —
 * registering fails, or a module throws — it retries in the background with growing delays.
 */
export function stayRegistered(options: {
  cloud: EndpointClient;
  identity: DeviceIdentityService;
  keys: DeviceKeys;
  appVersion?: string;
  modules: readonly Pick<CoreModule, 'registered' | 'registrationFailed'>[];
  log: Logger;
}): { stop(): void; done: Promise<void> } {
  const { modules, log } = options;
  let stopped = false;
  const done = (async () => {
    for (let delay = 1000; !stopped; delay = Math.min(delay * 2, 60_000)) {
      try {
        await registerDevice({
          cloud: options.cloud,
          identity: options.identity,
          keys: options.keys,
          ...(options.appVersion ? { appVersion: options.appVersion } : {}),
        });
        for (const module of modules) {
          // A core closed meanwhile starts nothing more.
          if (stopped) return;
          await module.registered?.();
        }
        return;
      } catch (error) {
        log.warn({ err: (error as Error).message, retryInMs: delay }, 'device registration failed');
        for (const module of modules) module.registrationFailed?.(error);
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  })();
  return {
    stop: () => {
      stopped = true;
    },
    /** Settles when every module took its part, or when stopped: nothing of the loop runs after it. */
    done,
  };
}
