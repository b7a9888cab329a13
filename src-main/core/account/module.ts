import type { AccountStatus } from '../../../src-shared/domain/accounts';
import type { CoreModule } from '../ipc/coreModule';
import type { CoreServices } from '../coreServices';
import type { Me } from './accountService';

const statusOf = (me: Me | null): AccountStatus =>
  me
    ? {
        signedIn: true,
        email: me.email,
        name: me.name,
        companyId: me.companyId,
        companyName: me.companyName,
        permissions: me.permissions,
        insightsOn: me.supporterFacts.aiActivated,
      }
    : { signedIn: false };

/** Signing in and out with the company account. */
export function accountModule(
  options: Pick<CoreServices, 'account'> & {
    /** Someone signed in: what waited for a user (summaries to sync) can go now. */
    signedIn: () => void;
  },
): CoreModule<'account.status' | 'account.signIn' | 'account.signOut'> {
  const { account } = options;
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
        return { signedIn: false };
      },
    },
  };
}
