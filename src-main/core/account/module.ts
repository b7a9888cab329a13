import type { AccountStatus } from '../../../src-shared/domain/accounts';
import { TandemError } from '../../../src-shared/errors';
import { probeEndpoint } from '../cloud/endpointClient';
import type { CoreModule } from '../ipc/coreModule';
import type { CoreServices } from '../coreServices';
import type { Me } from './accountService';

const statusOf = (me: Me | null): AccountStatus =>
  me
    ? {
        signedIn: true,
        userId: me.id,
        email: me.email,
        name: me.name,
        companyId: me.companyId,
        companyName: me.companyName,
        permissions: me.permissions,
        insightsOn: me.supporterFacts.aiActivated,
      }
    : { signedIn: false };

/** Signing in and out with the company account, and choosing the endpoint it lives on. */
export function accountModule(
  options: Pick<CoreServices, 'account' | 'events'> & {
    /** Someone signed in: what waited for a user (summaries to sync) can go now. */
    signedIn: () => void;
    /** Signed out here (or moved to another endpoint): what held the session lets go. */
    signedOut?: () => void;
    /** Moving to another endpoint (boot.ts); null where nothing may move it (tests, IT). */
    endpoint: { fixed: boolean; choose(url: string | null): void } | null;
  },
): CoreModule<'account.status' | 'account.signIn' | 'account.signOut' | 'account.setEndpoint'> {
  const { account, events, endpoint } = options;
  return {
    handlers: {
      'account.status': async () => statusOf(await account.current()),
      'account.signIn': async ({ email, password, totp }) => {
        const status = statusOf(await account.signIn(email, password, totp));
        options.signedIn();
        return status;
      },
      'account.signOut': async () => {
        await account.signOut();
        options.signedOut?.();
        return { signedIn: false };
      },
      'account.setEndpoint': async ({ url }) => {
        if (!endpoint || endpoint.fixed) {
          throw new TandemError('endpoint_fixed', 'The cloud endpoint was set by IT or on the command line.');
        }
        // Checked before anything changes: a mistyped address leaves the app where it was.
        if (url) await probeEndpoint(url);
        // The session belongs to the endpoint being left.
        await account.signOut().catch(() => undefined);
        events.emit('account.changed', { signedIn: false });
        options.signedOut?.();
        endpoint.choose(url);
        return {};
      },
    },
  };
}
