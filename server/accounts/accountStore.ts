import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ALL_PERMISSIONS, permissionSchema, type Permission } from '../../src-shared/domain/accounts';
import { lockForUpdate, takeTurn } from '../db/dialect';
import type { EndpointDb, Queries } from '../db/endpointDb';
import type { Selectable } from 'kysely';
import type { EndpointSchema } from '../db/schema';
import { hashPassword } from './passwords';
import { secretContext } from '../security/sealAtRest';
import type { SecretBox } from '../security/secretBox';

export interface UserRecord {
  id: string;
  companyId: string;
  email: string;
  name: string;
  passwordHash: string;
  totpSecret: string | null;
  roleId: string;
  logSessions: boolean;
  disabled: boolean;
  permissions: Permission[];
  /** Set when the request came with an API token rather than a person's sign-in session. */
  apiTokenId?: string;
}

export interface RoleRecord {
  id: string;
  name: string;
  permissions: Permission[];
}

const parsePermissions = (json: string): Permission[] =>
  (JSON.parse(json) as unknown[]).flatMap((p) => {
    const parsed = permissionSchema.safeParse(p);
    return parsed.success ? [parsed.data] : [];
  });

export type NewCompany = { company: string; email: string; name: string; password: string };
export type CreatedCompany = { companyId: string; userId: string; roleId: string };

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const API_TOKEN_PREFIX = 'tdm_';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

type UserRow = Selectable<EndpointSchema['users']> & { permissions: string };

/**
 * Companies, roles, users and sign-in sessions (AC-1). Tokens are stored only as hashes. A change
 * that must hold together with others (the user administration's last-administrator rule) runs in
 * the caller's transaction: the methods that take `trx` use it, or else make their own.
 */
export class AccountStore {
  /** `secrets`: the endpoint's secret box, for TOTP secrets; an operator command that needs none passes none. */
  constructor(
    private readonly data: EndpointDb,
    private readonly secrets?: SecretBox,
  ) {}

  get #box(): SecretBox {
    if (!this.secrets) throw new Error('This account store was opened without the secret box; TOTP secrets need it.');
    return this.secrets;
  }

  async hasCompanies(q: Queries = this.data.query): Promise<boolean> {
    return (await q.selectFrom('companies').select('id').limit(1).executeTakeFirst()) !== undefined;
  }

  /** A company with its administrator, who holds every permission. */
  async createCompany(input: NewCompany, now = new Date()): Promise<CreatedCompany> {
    const passwordHash = await hashPassword(input.password);
    return this.data.transaction((trx) => insertCompany(trx, input, passwordHash, now));
  }

  /**
   * The endpoint's first company (`/api/v1/setup`), or null where one exists by now. The check and
   * the writes take one turn (PostgreSQL: a transaction-level lock; SQLite: one writer at a time),
   * so two instances set up at the same moment make one company, not two.
   */
  async createFirstCompany(input: NewCompany, now = new Date()): Promise<CreatedCompany | null> {
    const passwordHash = await hashPassword(input.password);
    return this.data.transaction(async (trx) => {
      await takeTurn(this.data.engine, trx, 'firstCompany');
      return (await this.hasCompanies(trx)) ? null : insertCompany(trx, input, passwordHash, now);
    });
  }

  /** The role's id, or null where the company has a role of that name already. */
  async createRole(companyId: string, name: string, permissions: Permission[]): Promise<string | null> {
    const created = await this.data.query
      .insertInto('roles')
      .values({ id: randomUUID(), company_id: companyId, name, permissions: JSON.stringify(permissions) })
      .onConflict((conflict) => conflict.columns(['company_id', 'name']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return created?.id ?? null;
  }

  async role(companyId: string, roleId: string): Promise<RoleRecord | null> {
    const row = await this.data.query
      .selectFrom('roles')
      .select(['id', 'name', 'permissions'])
      .where('id', '=', roleId)
      .where('company_id', '=', companyId)
      .executeTakeFirst();
    return row ? { id: row.id, name: row.name, permissions: parsePermissions(row.permissions) } : null;
  }

  async listRoles(companyId: string): Promise<(RoleRecord & { users: number })[]> {
    const rows = await this.data.query
      .selectFrom('roles')
      .select((eb) => [
        'roles.id',
        'roles.name',
        'roles.permissions',
        eb
          .selectFrom('users')
          .select((count) => count.fn.countAll<number>().as('n'))
          .whereRef('users.role_id', '=', 'roles.id')
          .as('users'),
      ])
      .where('company_id', '=', companyId)
      .orderBy('name')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      permissions: parsePermissions(row.permissions),
      users: Number(row.users ?? 0),
    }));
  }

  /** A role's new name and permissions; a name another role of the company holds is refused by the database. */
  async updateRole(
    companyId: string,
    roleId: string,
    name: string,
    permissions: Permission[],
    q: Queries = this.data.query,
  ): Promise<void> {
    await q
      .updateTable('roles')
      .set({ name, permissions: JSON.stringify(permissions) })
      .where('id', '=', roleId)
      .where('company_id', '=', companyId)
      .execute();
  }

  /** How many users of the company hold the role, enabled or not. */
  async roleHolders(companyId: string, roleId: string, q: Queries = this.data.query): Promise<number> {
    const row = await q
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('company_id', '=', companyId)
      .where('role_id', '=', roleId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async removeRole(companyId: string, roleId: string, q: Queries = this.data.query): Promise<void> {
    await q.deleteFrom('roles').where('id', '=', roleId).where('company_id', '=', companyId).execute();
  }

  /**
   * Makes the transaction wait for any other change to the company's users and roles (another
   * instance's too) and holds them off until it commits: the last-administrator rule reads them
   * after this, so two changes that each leave one administrator cannot together leave none.
   */
  async lockAdministration(trx: Queries, companyId: string): Promise<void> {
    await lockForUpdate(
      this.data.engine,
      trx.selectFrom('companies').select('id').where('id', '=', companyId),
    ).executeTakeFirst();
  }

  /** Enabled users of the company whose role holds `permission` (the last-administrator guard). */
  async enabledHolders(companyId: string, permission: Permission, q: Queries = this.data.query): Promise<number> {
    const byRole = await q
      .selectFrom('users')
      .innerJoin('roles', 'roles.id', 'users.role_id')
      .select((eb) => ['roles.permissions', eb.fn.countAll<number>().as('n')])
      .where('users.company_id', '=', companyId)
      .where('users.disabled_at', 'is', null)
      .groupBy(['roles.id', 'roles.permissions'])
      .execute();
    return byRole
      .filter((role) => parsePermissions(role.permissions).includes(permission))
      .reduce((sum, role) => sum + Number(role.n), 0);
  }

  async setRole(companyId: string, userId: string, roleId: string, q: Queries = this.data.query): Promise<void> {
    await q
      .updateTable('users')
      .set({ role_id: roleId })
      .where('id', '=', userId)
      .where('company_id', '=', companyId)
      .execute();
  }

  /** Disabling ends every session and API token of the user at once. */
  async setDisabled(companyId: string, userId: string, disabled: boolean, now = new Date(), trx?: Queries) {
    await this.#atomically(trx, async (q) => {
      await q
        .updateTable('users')
        .set({ disabled_at: disabled ? now.toISOString() : null })
        .where('id', '=', userId)
        .where('company_id', '=', companyId)
        .execute();
      if (disabled) await this.revokeAllFor(userId, now, q);
    });
  }

  /** The user, their sessions and their API tokens are gone; the account audit keeps who they were. */
  async removeUser(companyId: string, userId: string, trx?: Queries): Promise<void> {
    await this.#atomically(trx, async (q) => {
      await q.deleteFrom('auth_sessions').where('user_id', '=', userId).execute();
      await q.deleteFrom('api_tokens').where('created_by', '=', userId).where('company_id', '=', companyId).execute();
      await q.deleteFrom('users').where('id', '=', userId).where('company_id', '=', companyId).execute();
    });
  }

  /** The new user's id, or null where the company has an account with that address (in any case) already. */
  async createUser(
    companyId: string,
    input: { email: string; name: string; password: string; roleId: string },
  ): Promise<string | null> {
    const passwordHash = await hashPassword(input.password);
    const created = await this.data.query
      .insertInto('users')
      .values({
        id: randomUUID(),
        company_id: companyId,
        email: input.email,
        name: input.name,
        password_hash: passwordHash,
        role_id: input.roleId,
        created_at: new Date().toISOString(),
      })
      .onConflict((conflict) => conflict.columns(['company_id', 'email']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return created?.id ?? null;
  }

  /** The company's user with this address; another company's users are none of its business. */
  async byEmail(companyId: string, email: string): Promise<UserRecord | null> {
    const row = await this.#users()
      .where('users.company_id', '=', companyId)
      .where('email', '=', email)
      .executeTakeFirst();
    return row ? this.#record(row) : null;
  }

  /** Sign-in: an address may have an account in more than one company. */
  async signInCandidates(email: string): Promise<UserRecord[]> {
    const rows = await this.#users().where('email', '=', email).orderBy('users.created_at').execute();
    return rows.map((row) => this.#record(row));
  }

  /** For the operator's CLI, which sees every company. */
  async emailInUse(email: string): Promise<boolean> {
    return (
      (await this.data.query.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) !==
      undefined
    );
  }

  async byId(id: string): Promise<UserRecord | null> {
    const row = await this.#users().where('users.id', '=', id).executeTakeFirst();
    return row ? this.#record(row) : null;
  }

  async listUsers(companyId: string) {
    const rows = await this.data.query
      .selectFrom('users')
      .select(['id', 'email', 'name', 'role_id', 'log_sessions', 'disabled_at'])
      .where('company_id', '=', companyId)
      .orderBy('email')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      email: row.email,
      name: row.name,
      roleId: row.role_id,
      logSessions: row.log_sessions === 1,
      disabled: row.disabled_at !== null,
    }));
  }

  /** SI-6, for many users at once; only users of the admin's own company are touched. */
  async setLogSessions(companyId: string, userIds: string[], value: boolean): Promise<number> {
    if (userIds.length === 0) return 0;
    const result = await this.data.query
      .updateTable('users')
      .set({ log_sessions: value ? 1 : 0 })
      .where('id', 'in', [...new Set(userIds)])
      .where('company_id', '=', companyId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async setTotpSecret(userId: string, secret: string | null): Promise<void> {
    // Sealed at rest (server/security): a copy of the database alone does not give away second factors.
    const sealed = secret === null ? null : this.#box.seal(secret, secretContext.totp(userId));
    await this.data.query.updateTable('users').set({ totp_secret: sealed }).where('id', '=', userId).execute();
  }

  async startSession(userId: string, now = Date.now()): Promise<{ token: string; expiresAt: string }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now + SESSION_TTL_MS).toISOString();
    await this.data.query
      .insertInto('auth_sessions')
      .values({
        token_hash: hashToken(token),
        user_id: userId,
        created_at: new Date(now).toISOString(),
        expires_at: expiresAt,
      })
      .execute();
    return { token, expiresAt };
  }

  /** SI-12: an API token for the company's own systems, with some of its creator's permissions. */
  async createApiToken(
    companyId: string,
    createdBy: string,
    name: string,
    permissions: Permission[],
    now = new Date(),
  ) {
    const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const id = randomUUID();
    await this.data.query
      .insertInto('api_tokens')
      .values({
        id,
        company_id: companyId,
        created_by: createdBy,
        name,
        token_hash: hashToken(token),
        permissions: JSON.stringify(permissions),
        created_at: now.toISOString(),
      })
      .execute();
    return { id, name, permissions, createdAt: now.toISOString(), lastUsedAt: null, token };
  }

  async apiTokens(companyId: string) {
    const rows = await this.data.query
      .selectFrom('api_tokens')
      .select(['id', 'name', 'permissions', 'created_at', 'last_used_at'])
      .where('company_id', '=', companyId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      permissions: permissionSchema.array().parse(JSON.parse(row.permissions)),
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
    }));
  }

  async revokeApiToken(companyId: string, id: string, now = new Date()): Promise<boolean> {
    const result = await this.data.query
      .updateTable('api_tokens')
      .set({ revoked_at: now.toISOString() })
      .where('company_id', '=', companyId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** The signed-in user behind a bearer token, or null when unknown, expired or revoked. */
  async resolveToken(token: string, now = Date.now()): Promise<UserRecord | null> {
    if (token.startsWith(API_TOKEN_PREFIX)) return this.#resolveApiToken(token, now);
    const row = await this.data.query
      .selectFrom('auth_sessions')
      .select(['user_id', 'expires_at', 'revoked_at'])
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!row || row.revoked_at || Date.parse(row.expires_at) <= now) return null;
    const user = await this.byId(row.user_id);
    return user && !user.disabled ? user : null;
  }

  /**
   * An API token acts as its creator, with the token's permissions narrowed to what the creator
   * still holds: taking a permission from a person takes it from their tokens too.
   */
  async #resolveApiToken(token: string, now: number): Promise<UserRecord | null> {
    const row = await this.data.query
      .selectFrom('api_tokens')
      .select(['id', 'created_by', 'name', 'permissions'])
      .where('token_hash', '=', hashToken(token))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const creator = row ? await this.byId(row.created_by) : null;
    if (!row || !creator || creator.disabled) return null;
    await this.data.query
      .updateTable('api_tokens')
      .set({ last_used_at: new Date(now).toISOString() })
      .where('id', '=', row.id)
      .execute();
    const granted = permissionSchema.array().parse(JSON.parse(row.permissions));
    return {
      ...creator,
      name: `${creator.name} (API token “${row.name}”)`,
      permissions: granted.filter((permission) => creator.permissions.includes(permission)),
      apiTokenId: row.id,
    };
  }

  async revoke(token: string): Promise<void> {
    await this.data.query
      .updateTable('auth_sessions')
      .set({ revoked_at: new Date().toISOString() })
      .where('token_hash', '=', hashToken(token))
      .execute();
  }

  /** Signs a user out everywhere: every session and every API token they created ends. */
  async revokeAllFor(userId: string, now = new Date(), trx?: Queries): Promise<void> {
    await this.#atomically(trx, async (q) => {
      await q
        .updateTable('auth_sessions')
        .set({ revoked_at: now.toISOString() })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute();
      await q
        .updateTable('api_tokens')
        .set({ revoked_at: now.toISOString() })
        .where('created_by', '=', userId)
        .where('revoked_at', 'is', null)
        .execute();
    });
  }

  /** `work` in the caller's transaction, or in one of its own. */
  #atomically<T>(trx: Queries | undefined, work: (q: Queries) => Promise<T>): Promise<T> {
    return trx ? work(trx) : this.data.transaction(work);
  }

  #users() {
    return this.data.query
      .selectFrom('users')
      .innerJoin('roles', 'roles.id', 'users.role_id')
      .selectAll('users')
      .select('roles.permissions');
  }

  #record(row: UserRow): UserRecord {
    return {
      id: row.id,
      companyId: row.company_id,
      email: row.email,
      name: row.name,
      passwordHash: row.password_hash,
      totpSecret: row.totp_secret === null ? null : this.#box.open(row.totp_secret, secretContext.totp(row.id)),
      roleId: row.role_id,
      logSessions: row.log_sessions === 1,
      disabled: row.disabled_at !== null,
      permissions: parsePermissions(row.permissions),
    };
  }
}

async function insertCompany(
  trx: Queries,
  input: NewCompany,
  passwordHash: string,
  now: Date,
): Promise<CreatedCompany> {
  const companyId = randomUUID();
  const roleId = randomUUID();
  const userId = randomUUID();
  await trx
    .insertInto('companies')
    .values({ id: companyId, name: input.company, created_at: now.toISOString() })
    .execute();
  await trx
    .insertInto('roles')
    .values({ id: roleId, company_id: companyId, name: 'Administrator', permissions: JSON.stringify(ALL_PERMISSIONS) })
    .execute();
  await trx
    .insertInto('users')
    .values({
      id: userId,
      company_id: companyId,
      email: input.email,
      name: input.name,
      password_hash: passwordHash,
      role_id: roleId,
      created_at: now.toISOString(),
    })
    .execute();
  return { companyId, userId, roleId };
}
