import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountAudit } from '../../../../server/accounts/accountAudit';
import { AccountStore, SESSION_TTL_MS, type UserRecord } from '../../../../server/accounts/accountStore';
import { AccountAdminError, UserAdmin } from '../../../../server/accounts/userAdmin';
import { CliExit, createCompanyOn } from '../../../../server/companyCli';
import type { EndpointDb } from '../../../../server/db/endpointDb';
import { SecretBox } from '../../../../server/security/secretBox';
import { ENGINES, openTestEndpointDb, type TestEndpointDb, twoInstancesOnPostgres } from '../../../support/endpointDbs';

const ACME = { company: 'Acme', name: 'Ada', email: 'ada@acme.test', password: 'correct horse battery' };
const secrets = new SecretBox(randomBytes(32));

/** The store, the user administration and the audit of one endpoint instance. */
const instance = (db: EndpointDb) => {
  const accounts = new AccountStore(db, secrets);
  const audit = new AccountAudit(db);
  return { accounts, audit, admin: new UserAdmin(db, accounts, audit) };
};

/**
 * Runs `work` while a third connection holds `table` against writes (reads go on), and lets the
 * writes go once `waiting` transactions of `work` wait for a lock: so they are all under way at once.
 */
async function withWritesHeld<T>(url: string, table: string, waiting: number, work: () => Promise<T>): Promise<T> {
  const blocker = new pg.Client({ connectionString: url });
  await blocker.connect();
  try {
    await blocker.query('BEGIN');
    await blocker.query(`LOCK TABLE ${table} IN SHARE MODE`);
    const done = work();
    let settled = false;
    const stop = () => {
      settled = true;
    };
    done.then(stop, stop);
    const waitingNow = async () => {
      // Activity is read once per transaction unless the snapshot is cleared.
      await blocker.query('SELECT pg_stat_clear_snapshot()');
      return Number(
        (
          await blocker.query<{ n: string }>(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
          )
        ).rows[0]!.n,
      );
    };
    // (`work` ending early, say with an error, stops the wait too.)
    while (!settled && (await waitingNow()) < waiting) await new Promise((resolve) => setTimeout(resolve, 20));
    await blocker.query('COMMIT');
    return await done;
  } finally {
    await blocker.end();
  }
}

/** The refusal's stable code, for a change the user administration refused. */
const refusal = (outcome: PromiseSettledResult<unknown>) =>
  outcome.status === 'rejected' && outcome.reason instanceof AccountAdminError ? outcome.reason.code : outcome.status;

describe.each(ENGINES)('the account store on %s', (engine) => {
  let test: TestEndpointDb;
  let accounts: AccountStore;
  let admin: UserAdmin;
  let audit: AccountAudit;
  let ada: UserRecord;

  beforeEach(async () => {
    test = await openTestEndpointDb(engine);
    ({ accounts, admin, audit } = instance(test.db));
    const created = await accounts.createFirstCompany(ACME);
    ada = (await accounts.byId(created!.userId))!;
  });
  afterEach(() => test.close());

  it('makes the first company once, its administrator holding every permission', async () => {
    expect(await accounts.hasCompanies()).toBe(true);
    expect(await accounts.createFirstCompany({ ...ACME, company: 'Second', email: 'bo@second.test' })).toBeNull();
    expect(ada).toMatchObject({ email: ACME.email, name: 'Ada', disabled: false, logSessions: true, totpSecret: null });
    expect(ada.permissions).toContain('admin.users');
    expect(await accounts.listRoles(ada.companyId)).toMatchObject([{ name: 'Administrator', users: 1 }]);
  });

  it('finds an address whatever its case, and keeps it unique per company in any case', async () => {
    expect((await accounts.byEmail(ada.companyId, 'ADA@Acme.Test'))?.id).toBe(ada.id);
    expect((await accounts.signInCandidates('Ada@ACME.test')).map((user) => user.id)).toEqual([ada.id]);
    expect(await accounts.emailInUse('ADA@ACME.TEST')).toBe(true);
    const refused = admin.createUser(ada, {
      email: 'Ada@Acme.TEST',
      name: 'Twin',
      password: 'a long password',
      roleId: ada.roleId,
    });
    await expect(refused).rejects.toMatchObject({ code: 'email_taken' });
    expect(
      await accounts.createUser(ada.companyId, {
        email: 'aDa@acme.test',
        name: 'Twin',
        password: 'a long password',
        roleId: ada.roleId,
      }),
    ).toBeNull();

    // Another company may give the same address an account; sign-in then finds both.
    const globex = await createCompanyOn(test.db, {
      company: 'Globex',
      name: 'Hank',
      email: 'hank@globex.test',
      password: 'globex passphrase',
    });
    const hank = (await accounts.byId(globex.userId))!;
    const ada2 = await admin.createUser(hank, {
      email: 'ADA@acme.test',
      name: 'Ada at Globex',
      password: 'a long password',
      roleId: hank.roleId,
    });
    expect((await accounts.signInCandidates('ada@acme.test')).map((user) => user.id)).toEqual([ada.id, ada2]);
    // The operator's command still refuses an address in use anywhere on the endpoint.
    await expect(
      createCompanyOn(test.db, {
        company: 'Initech',
        name: 'Ada',
        email: 'Ada@Acme.Test',
        password: 'initech passphrase',
      }),
    ).rejects.toBeInstanceOf(CliExit);
  });

  it('signs a session in by its token only until it expires or is revoked', async () => {
    const started = Date.parse('2026-11-30T08:00:00Z');
    const { token, expiresAt } = await accounts.startSession(ada.id, started);
    expect(Date.parse(expiresAt)).toBe(started + SESSION_TTL_MS);
    expect((await accounts.resolveToken(token, started + 1000))?.id).toBe(ada.id);
    expect(await accounts.resolveToken(token, started + SESSION_TTL_MS)).toBeNull();
    expect(await accounts.resolveToken(`${token}x`, started + 1000)).toBeNull();
    await accounts.revoke(token);
    expect(await accounts.resolveToken(token, started + 1000)).toBeNull();
  });

  it('an API token acts as its creator with no more than both hold, until revoked', async () => {
    const bo = await userWith(['insights.view', 'admin.integrations']);
    const created = await accounts.createApiToken(ada.companyId, bo.id, 'CRM', ['insights.view', 'insights.edit']);
    const resolved = await accounts.resolveToken(created.token);
    expect(resolved).toMatchObject({ id: bo.id, apiTokenId: created.id, permissions: ['insights.view'] });
    expect(resolved?.name).toContain('CRM');
    expect((await accounts.apiTokens(ada.companyId))[0]).toMatchObject({ name: 'CRM', lastUsedAt: expect.any(String) });
    expect(await accounts.revokeApiToken('another company', created.id)).toBe(false);
    expect(await accounts.revokeApiToken(ada.companyId, created.id)).toBe(true);
    expect(await accounts.revokeApiToken(ada.companyId, created.id)).toBe(false);
    expect(await accounts.resolveToken(created.token)).toBeNull();
    expect(await accounts.apiTokens(ada.companyId)).toEqual([]);
  });

  it('disabling a user ends their sessions and API tokens, and enabling does not bring them back', async () => {
    const bo = await userWith(['insights.view', 'admin.integrations']);
    const session = await accounts.startSession(bo.id);
    const apiToken = await accounts.createApiToken(ada.companyId, bo.id, 'CRM', ['insights.view']);
    await admin.setDisabled(ada, bo.id, true);
    expect(await accounts.resolveToken(session.token)).toBeNull();
    expect(await accounts.resolveToken(apiToken.token)).toBeNull();
    await admin.setDisabled(ada, bo.id, false);
    expect((await accounts.byId(bo.id))?.disabled).toBe(false);
    expect(await accounts.resolveToken(session.token)).toBeNull();
    expect(await accounts.resolveToken(apiToken.token)).toBeNull();
    await admin.remove(ada, bo.id);
    expect(await accounts.byId(bo.id)).toBeNull();
    expect((await audit.list(ada.companyId)).map((entry) => entry.action)).toEqual([
      'user.remove',
      'user.enable',
      'user.disable',
      'user.create',
      'role.create',
    ]);
  });

  it('keeps the TOTP secret sealed in the database and opens it for the user', async () => {
    await accounts.setTotpSecret(ada.id, 'JBSWY3DPEHPK3PXP');
    expect((await accounts.byId(ada.id))?.totpSecret).toBe('JBSWY3DPEHPK3PXP');
    const stored = await test.db.query
      .selectFrom('users')
      .select('totp_secret')
      .where('id', '=', ada.id)
      .executeTakeFirstOrThrow();
    expect(SecretBox.isSealed(stored.totp_secret!)).toBe(true);
    await accounts.setTotpSecret(ada.id, null);
    expect((await accounts.byId(ada.id))?.totpSecret).toBeNull();
  });

  it('never leaves the company without an enabled user who can manage users, nor a role name twice', async () => {
    const viewers = await admin.createRole(ada, 'Viewers', ['insights.view']);
    await expect(admin.createRole(ada, 'Viewers', [])).rejects.toMatchObject({ code: 'role_name_taken' });
    await expect(admin.changeRole(ada, ada.id, viewers)).rejects.toMatchObject({ code: 'last_administrator' });
    await expect(admin.updateRole(ada, ada.roleId, 'Administrator', ['insights.view'])).rejects.toMatchObject({
      code: 'last_administrator',
    });
    await expect(admin.updateRole(ada, viewers, 'Administrator', ['insights.view'])).rejects.toMatchObject({
      code: 'role_name_taken',
    });
    expect(await accounts.enabledHolders(ada.companyId, 'admin.users')).toBe(1);
    expect((await accounts.byId(ada.id))?.roleId).toBe(ada.roleId);

    const bo = await userWith(['insights.view']);
    await admin.changeRole(ada, bo.id, viewers);
    await expect(admin.removeRole(ada, viewers)).rejects.toMatchObject({ code: 'role_in_use' });
    expect(await accounts.listRoles(ada.companyId)).toMatchObject([
      { name: 'Administrator', users: 1 },
      { name: `Role of ${bo.email}`, users: 0 },
      { name: 'Viewers', users: 1 },
    ]);
    expect(await admin.setLogSessions(ada, [bo.id, bo.id, 'not a user'], false)).toBe(1);
    expect((await accounts.listUsers(ada.companyId)).find((user) => user.id === bo.id)).toMatchObject({
      logSessions: false,
      roleId: viewers,
    });
    // Refused changes left no audit record; the ones made did.
    expect((await audit.list(ada.companyId)).map((entry) => entry.action)).toEqual([
      'user.log_sessions',
      'user.role',
      'user.create',
      'role.create',
      'role.create',
    ]);
  });

  /** A user of Ada's company with a role of their own holding `permissions`. */
  async function userWith(permissions: UserRecord['permissions']): Promise<UserRecord> {
    const email = `user${randomBytes(3).toString('hex')}@acme.test`;
    const roleId = await admin.createRole(ada, `Role of ${email}`, permissions);
    const id = await admin.createUser(ada, { email, name: 'Someone', password: 'a long password', roleId });
    return (await accounts.byId(id))!;
  }
});

describe('the accounts shared by two endpoint instances on PostgreSQL', () => {
  const pg = twoInstancesOnPostgres();

  it('set up through both at once makes one company, not two', async () => {
    const [one, two] = [instance(pg.test.db).accounts, instance(pg.second).accounts];
    // Six set-ups all under way together: each held at its first write until all six wait.
    const outcomes = await withWritesHeld(pg.test.url!, 'companies', 6, () =>
      Promise.all(
        [one, two, one, two, one, two].map((accounts, i) =>
          accounts.createFirstCompany({ ...ACME, company: `Acme ${i}`, email: `ada${i}@acme.test` }),
        ),
      ),
    );
    expect(outcomes.filter((created) => created !== null)).toHaveLength(1);
    expect(await pg.test.db.query.selectFrom('companies').select('id').execute()).toHaveLength(1);
    expect(await pg.test.db.query.selectFrom('users').select('id').execute()).toHaveLength(1);
  });

  it('two administrators taking each other’s administration at once leave one administrator', async () => {
    const one = instance(pg.test.db);
    const two = instance(pg.second);
    const created = (await one.accounts.createFirstCompany(ACME))!;
    const ada = (await one.accounts.byId(created.userId))!;
    const viewers = await one.admin.createRole(ada, 'Viewers', ['insights.view']);
    const boId = await one.admin.createUser(ada, {
      email: 'bo@acme.test',
      name: 'Bo',
      password: 'a long password',
      roleId: ada.roleId,
    });
    for (const round of ['demote each other', 'disable one, demote the other']) {
      const [adaNow, bo] = [(await one.accounts.byId(ada.id))!, (await one.accounts.byId(boId))!];
      // Each change alone leaves the other administrator; both together would leave none.
      const outcomes = await withWritesHeld(pg.test.url!, 'users', 2, () =>
        Promise.allSettled(
          round === 'demote each other'
            ? [one.admin.changeRole(adaNow, bo.id, viewers), two.admin.changeRole(bo, adaNow.id, viewers)]
            : [one.admin.setDisabled(adaNow, bo.id, true), two.admin.changeRole(bo, adaNow.id, viewers)],
        ),
      );
      expect(outcomes.map(refusal).sort(), round).toEqual(['fulfilled', 'last_administrator']);
      expect(await one.accounts.enabledHolders(ada.companyId, 'admin.users')).toBe(1);
      // Both administrators again for the next round.
      await pg.test.db.query.updateTable('users').set({ role_id: ada.roleId, disabled_at: null }).execute();
    }
  });

  it('the same address or role name created through both at once is taken once, the other told so', async () => {
    const one = instance(pg.test.db);
    const two = instance(pg.second);
    const created = (await one.accounts.createFirstCompany(ACME))!;
    const ada = (await one.accounts.byId(created.userId))!;
    const eve = { name: 'Eve', password: 'a long password', roleId: ada.roleId };
    const users = await withWritesHeld(pg.test.url!, 'users', 2, () =>
      Promise.allSettled([
        one.admin.createUser(ada, { ...eve, email: 'Eve@acme.test' }),
        two.admin.createUser(ada, { ...eve, email: 'eve@ACME.test' }),
      ]),
    );
    expect(users.map(refusal).sort()).toEqual(['email_taken', 'fulfilled']);
    const roles = await withWritesHeld(pg.test.url!, 'roles', 2, () =>
      Promise.allSettled([
        one.admin.createRole(ada, 'Helpdesk', ['insights.view']),
        two.admin.createRole(ada, 'Helpdesk', ['insights.view']),
      ]),
    );
    expect(roles.map(refusal).sort()).toEqual(['fulfilled', 'role_name_taken']);
    expect((await one.accounts.listRoles(ada.companyId)).map((role) => role.name)).toEqual([
      'Administrator',
      'Helpdesk',
    ]);
    expect((await one.accounts.listUsers(ada.companyId)).map((user) => user.email.toLowerCase())).toEqual([
      'ada@acme.test',
      'eve@acme.test',
    ]);
  });
});
