import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCompanyCommand } from '../../../support/operatorCommands';
import { ADA, acmeEndpoint, type AcmeEndpoint } from '../../../support/accountsEndpoint';

describe('one company learns nothing about another’s e-mail addresses', () => {
  let acme: AcmeEndpoint;
  let ada: string;
  let hank: string;
  let globexId: string;
  beforeEach(async () => {
    acme = await acmeEndpoint();
    ada = await acme.signIn(ADA.email, ADA.password);
    // A second company on the same endpoint, added by the operator while it runs.
    globexId = (
      await createCompanyCommand(
        [
          '--data-dir',
          acme.dir.path,
          '--company',
          'Globex',
          '--admin-name',
          'Hank',
          '--admin-email',
          'hank@globex.test',
        ],
        { TANDEM_ADMIN_PASSWORD: 'globex passphrase' },
      )
    ).companyId;
    hank = await acme.signIn('hank@globex.test', 'globex passphrase');
  });
  afterEach(async () => acme.close());

  const roleOf = async (token: string) =>
    ((await acme.call('GET', '/api/v1/admin/roles', undefined, token)).body!.roles as { id: string }[])[0]!.id;
  const addUser = async (token: string, email: string, password = 'a long password') =>
    acme.call('POST', '/api/v1/admin/users', { email, name: 'Someone', password, roleId: await roleOf(token) }, token);

  it('creating a user answers the same whether the address has an account in another company or none', async () => {
    const taken = await addUser(hank, ADA.email);
    const free = await addUser(hank, 'nobody@acme.test');
    expect(taken.status).toBe(201);
    expect(free.status).toBe(201);
    expect(Object.keys(taken.body!)).toEqual(Object.keys(free.body!));
    // Inside a company, a second account with one address is refused, saying so.
    expect(await addUser(hank, ADA.email)).toMatchObject({ status: 409, body: { error: { code: 'email_taken' } } });
  });

  it('an address taken first by another company can still be given an account by its own company', async () => {
    expect((await addUser(hank, 'newhire@acme.test', 'globex squatter pw')).status).toBe(201);
    expect((await addUser(ada, 'newhire@acme.test', 'acme onboarding pw')).status).toBe(201);
    const acmeSession = await acme.signIn('newhire@acme.test', 'acme onboarding pw');
    expect((await acme.call('GET', '/api/v1/me', undefined, acmeSession)).body).toMatchObject({ companyName: 'Acme' });
    const globexSession = await acme.signIn('newhire@acme.test', 'globex squatter pw');
    expect((await acme.call('GET', '/api/v1/me', undefined, globexSession)).body).toMatchObject({
      companyName: 'Globex',
    });
  });

  it('one address with one password in two companies chooses the company at sign-in', async () => {
    await addUser(hank, 'consultant@example.test', 'shared password!');
    await addUser(ada, 'consultant@example.test', 'shared password!');
    const ambiguous = await acme.call('POST', '/api/v1/auth/sign-in', {
      email: 'consultant@example.test',
      password: 'shared password!',
    });
    expect(ambiguous).toMatchObject({ status: 409, body: { error: { code: 'choose_company' } } });
    expect(ambiguous.body!.companies).toEqual(
      expect.arrayContaining([
        { id: acme.companyId, name: 'Acme' },
        { id: globexId, name: 'Globex' },
      ]),
    );
    const chosen = await acme.call('POST', '/api/v1/auth/sign-in', {
      email: 'consultant@example.test',
      password: 'shared password!',
      companyId: globexId,
    });
    expect((await acme.call('GET', '/api/v1/me', undefined, chosen.body!.token as string)).body).toMatchObject({
      companyName: 'Globex',
    });
  });
});
