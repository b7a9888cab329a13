import { AccountService } from '../../src-main/core/account/accountService';
import { EndpointClient } from '../../src-main/core/cloud/endpointClient';
import type { DesktopDatabase } from '../../src-main/core/db/desktopDatabase';
import { noProtection } from '../../src-main/core/security/secretProtector';

/**
 * A desktop's account and its one endpoint client, wired as the core wires them (the client sends
 * the account's session), for a test device that calls only user routes: it never signs.
 */
export function accountWithClient(
  db: DesktopDatabase,
  cloudUrl: string,
): { account: AccountService; cloud: EndpointClient } {
  const cloud = new EndpointClient(cloudUrl, false, {
    device: {
      id: '000000000',
      sign: () => {
        throw new Error('This test device calls only user routes.');
      },
    },
    userToken: (): string | null => account.sessionToken(),
  });
  const account = new AccountService(db, noProtection, cloud);
  return { account, cloud };
}
