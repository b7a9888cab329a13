import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDesktopDatabase, type DesktopDatabase } from '../../../../../src-main/core/db/desktopDatabase';
import { accountWithClient } from '../../../../support/accountClient';
import { acmeEndpoint, ADA, type AcmeEndpoint } from '../../../../support/accountsEndpoint';

describe('the desktop account against the real endpoint, through the one client', () => {
  let acme: AcmeEndpoint;
  let db: DesktopDatabase;
  beforeEach(async () => {
    acme = await acmeEndpoint();
    db = openDesktopDatabase(join(acme.dir.path, 'desktop.db'));
  });
  afterEach(async () => {
    db.close();
    await acme.close();
  });

  it('signs in, and counts as signed out once the endpoint ended the session', async () => {
    const { account } = accountWithClient(db, acme.server.url);
    expect(await account.signIn(ADA.email, ADA.password)).toMatchObject({ email: ADA.email, companyName: 'Acme' });
    expect(account.signedIn()).toBe(true);
    const admin = await acme.signIn(ADA.email, ADA.password);
    const revoked = await acme.call('POST', `/api/v1/admin/users/${acme.adaId}/revoke-sessions`, undefined, admin);
    expect(revoked.status).toBe(204);
    expect(await account.me()).toBeNull();
    expect(account.signedIn()).toBe(false);
  });

  it('signs out at the endpoint as well, with the session it has just forgotten', async () => {
    const { account } = accountWithClient(db, acme.server.url);
    await account.signIn(ADA.email, ADA.password);
    const token = account.sessionToken()!;
    expect((await acme.call('GET', '/api/v1/me', undefined, token)).status).toBe(200);
    await account.signOut();
    expect(account.signedIn()).toBe(false);
    expect((await acme.call('GET', '/api/v1/me', undefined, token)).status).toBe(401);
  });

  it('keeps the refusal’s own code, and works offline with the user last confirmed', async () => {
    const { account } = accountWithClient(db, acme.server.url);
    await expect(account.signIn(ADA.email, 'not the password')).rejects.toMatchObject({ code: 'wrong_credentials' });
    await account.signIn(ADA.email, ADA.password);
    // The same desktop, while its endpoint cannot be reached (nothing listens on the discard port).
    const { account: offline } = accountWithClient(db, 'http://127.0.0.1:9');
    await expect(offline.me()).rejects.toMatchObject({ code: 'cloud_unreachable' });
    expect(await offline.current()).toMatchObject({ email: ADA.email });
    expect(offline.signedIn()).toBe(true);
  });
});
