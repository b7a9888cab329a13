import type { CoreServices } from '../coreServices';
import type { CoreModule } from '../ipc/coreModule';
import { companyMembership } from './companyMembership';
import { quickSupportModuleLoader } from './quickSupportModule';

/**
 * DP-2 and AC-3: what the company and IT set for this computer — its membership (joined with IT's
 * enrolment token, or by the signed-in user) and the QuickSupport module it runs.
 */
export function managedModule(
  options: Pick<CoreServices, 'cloud' | 'managed' | 'events' | 'log'> & {
    quickSupportModuleId: string | undefined;
  },
): CoreModule<'company.membership' | 'company.join' | 'company.leave' | 'app.module'> & {
  quickSupport: ReturnType<typeof quickSupportModuleLoader>;
} {
  const { events, log } = options;
  const membership = companyMembership({
    cloud: options.cloud,
    managed: options.managed,
    log,
    onChange: (view) => events.emit('company.changed', view),
  });
  const quickSupport = quickSupportModuleLoader(options.cloud.baseUrl, options.quickSupportModuleId);
  return {
    quickSupport,
    handlers: {
      'company.membership': async () => membership.refresh().catch(() => membership.view()),
      'company.join': () => membership.join(),
      'company.leave': () => membership.leave(),
      'app.module': () => quickSupport.get(),
    },
    registered: async () => {
      // Says what became of IT's token itself; only an unreachable endpoint throws, to retry.
      await membership.enroll();
      await quickSupport
        .load()
        .catch((error: unknown) => log.warn({ err: (error as Error).message }, 'QuickSupport module'));
    },
    registrationFailed: (error) => membership.unreachable(error),
  };
}
