import {
  type CompanyMembershipView,
  type DeviceMembership,
  type EnrollmentStatus,
  type ManagedConfig,
} from '../../../src-shared/domain/managedConfig';
import { TandemError } from '../../../src-shared/errors';
import { managedRoutes as routes } from '../../../src-shared/managed/contract';
import type { EndpointClient } from '../cloud/endpointClient';
import type { Logger } from '../logger';

const NO_COMPANY: DeviceMembership = {
  companyId: null,
  companyName: null,
  managed: false,
  joinedAt: null,
  joinedVia: null,
};

/**
 * AC-2, DP-2 on the device: it joins a company only through what it presents itself — IT's
 * enrolment token from the managed configuration, or the signed-in user's session together with
 * its own key — and it may leave on its own while unmanaged. What happened to IT's token is kept
 * for the user to read (which company, or precisely why not) instead of only in the log.
 */
export function companyMembership(options: {
  cloud: EndpointClient;
  managed: ManagedConfig;
  log: Logger;
  onChange: (view: CompanyMembershipView) => void;
}) {
  const { cloud, managed, log } = options;
  let membership: DeviceMembership = NO_COMPANY;
  let enrollment: EnrollmentStatus = managed.enrollmentToken ? { state: 'pending' } : { state: 'not_configured' };
  const view = (): CompanyMembershipView => ({ ...membership, enrollment });
  const changed = (next: Partial<{ membership: DeviceMembership; enrollment: EnrollmentStatus }>) => {
    membership = next.membership ?? membership;
    enrollment = next.enrollment ?? enrollment;
    options.onChange(view());
  };
  const fetchMembership = () => cloud.call(routes['devices.me.company'], {});

  return {
    view,

    /** The endpoint's current answer (the company may have removed this device meanwhile). */
    async refresh(): Promise<CompanyMembershipView> {
      changed({ membership: await fetchMembership() });
      return view();
    },

    /**
     * At every start, once the device is registered. A refused token is final until IT changes
     * the configuration; an unreachable endpoint is thrown on, so the start-up loop tries again.
     */
    async enroll(): Promise<void> {
      const token = managed.enrollmentToken;
      try {
        const current = await fetchMembership();
        if (!token) return changed({ membership: current });
        if (current.managed && current.companyName)
          return changed({ membership: current, enrollment: { state: 'enrolled', companyName: current.companyName } });
        const joined = await cloud.call(routes['devices.me.enroll'], { body: { token } });
        log.info({ company: joined.companyName }, 'enrolled as a managed device of the company');
        changed({
          membership: await fetchMembership(),
          enrollment: { state: 'enrolled', companyName: joined.companyName },
        });
      } catch (error) {
        const failure =
          error instanceof TandemError
            ? { code: error.code, message: error.message }
            : { code: 'internal' as const, message: (error as Error).message };
        if (token) {
          log.warn(
            { code: failure.code, err: failure.message },
            'enrolment with the managed configuration’s token failed',
          );
          changed({ enrollment: { state: 'failed', ...failure } });
        }
        if (failure.code === 'cloud_unreachable') throw error;
      }
    },

    /** Registering failed (the endpoint is unreachable): while a token waits, the user reads why. */
    unreachable(error: unknown): void {
      if (!managed.enrollmentToken || enrollment.state === 'enrolled') return;
      changed({
        enrollment: {
          state: 'failed',
          code: 'cloud_unreachable',
          message: error instanceof Error ? error.message : String(error),
        },
      });
    },

    /**
     * The signed-in user adds this device to their company, as an unmanaged device (signed by the
     * device, with the user's session; `signed_out` when nobody is signed in).
     */
    async join(): Promise<CompanyMembershipView> {
      changed({ membership: await cloud.call(routes['devices.me.joinCompany'], {}) });
      return view();
    },

    /** This device leaves its company; the endpoint refuses for a device IT enrolled. */
    async leave(): Promise<CompanyMembershipView> {
      changed({ membership: await cloud.call(routes['devices.me.leaveCompany'], {}) });
      return view();
    },
  };
}
