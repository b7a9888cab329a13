import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ALL_PERMISSIONS, permissionSchema, type Permission } from '../../src-shared/domain/accounts';
import type { ServerDatabase } from '../db/serverDatabase';
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

/** Companies, roles, users and sign-in sessions (AC-1). Tokens are stored only as hashes. */
export class AccountStore {
  /** `secrets`: the endpoint's secret box, for TOTP secrets; an operator command that needs none passes none. */
  constructor(
    private readonly db: ServerDatabase,
    private readonly secrets?: SecretBox,
  ) {}

  get #box(): SecretBox {
    if (!this.secrets) throw new Error('This account store was opened without the secret box; TOTP secrets need it.');
    return this.secrets;
  }

  hasCompanies(): boolean {
    return this.db.prepare('SELECT 1 FROM companies LIMIT 1').get() !== undefined;
  }

  /** A company with its administrator, who holds every permission. */
  async createCompany(input: NewCompany, now = new Date()): Promise<CreatedCompany> {
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(() => this.#insertCompany(input, passwordHash, now))();
  }

  /**
   * The endpoint's first company (`/api/v1/setup`), or null where one exists by now. The check and
   * the writes hold the database's write lock together (BEGIN IMMEDIATE), so two instances set up
   * at the same moment make one company, not two.
   */
  async createFirstCompany(input: NewCompany, now = new Date()): Promise<CreatedCompany | null> {
    const passwordHash = await hashPassword(input.password);
    return this.db
      .transaction(() => (this.hasCompanies() ? null : this.#insertCompany(input, passwordHash, now)))
      .immediate();
  }

  #insertCompany(input: NewCompany, passwordHash: string, now: Date): CreatedCompany {
    const companyId = randomUUID();
    const roleId = randomUUID();
    const userId = randomUUID();
    this.db
      .prepare('INSERT INTO companies (id, name, created_at) VALUES (?, ?, ?)')
      .run(companyId, input.company, now.toISOString());
    this.db
      .prepare('INSERT INTO roles (id, company_id, name, permissions) VALUES (?, ?, ?, ?)')
      .run(roleId, companyId, 'Administrator', JSON.stringify(ALL_PERMISSIONS));
    this.db
      .prepare(
        'INSERT INTO users (id, company_id, email, name, password_hash, role_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(userId, companyId, input.email, input.name, passwordHash, roleId, now.toISOString());
    return { companyId, userId, roleId };
  }

  createRole(companyId: string, name: string, permissions: Permission[]): string {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO roles (id, company_id, name, permissions) VALUES (?, ?, ?, ?)')
      .run(id, companyId, name, JSON.stringify(permissions));
    return id;
  }

  role(companyId: string, roleId: string): RoleRecord | null {
    const row = this.db
      .prepare('SELECT id, name, permissions FROM roles WHERE id = ? AND company_id = ?')
      .get(roleId, companyId) as { id: string; name: string; permissions: string } | undefined;
    return row ? { id: row.id, name: row.name, permissions: parsePermissions(row.permissions) } : null;
  }

  roleNamed(companyId: string, name: string): string | null {
    const row = this.db.prepare('SELECT id FROM roles WHERE company_id = ? AND name = ?').get(companyId, name) as
      { id: string } | undefined;
    return row?.id ?? null;
  }

  listRoles(companyId: string): (RoleRecord & { users: number })[] {
    return (
      this.db
        .prepare(
          `SELECT roles.id, roles.name, roles.permissions,
                  (SELECT count(*) FROM users WHERE users.role_id = roles.id) AS users
             FROM roles WHERE company_id = ? ORDER BY name`,
        )
        .all(companyId) as { id: string; name: string; permissions: string; users: number }[]
    ).map((row) => ({ id: row.id, name: row.name, permissions: parsePermissions(row.permissions), users: row.users }));
  }

  updateRole(companyId: string, roleId: string, name: string, permissions: Permission[]): void {
    this.db
      .prepare('UPDATE roles SET name = ?, permissions = ? WHERE id = ? AND company_id = ?')
      .run(name, JSON.stringify(permissions), roleId, companyId);
  }

  /** How many users of the company hold the role, enabled or not. */
  roleHolders(companyId: string, roleId: string): number {
    return (
      this.db
        .prepare('SELECT count(*) AS n FROM users WHERE company_id = ? AND role_id = ?')
        .get(companyId, roleId) as {
        n: number;
      }
    ).n;
  }

  removeRole(companyId: string, roleId: string): void {
    this.db.prepare('DELETE FROM roles WHERE id = ? AND company_id = ?').run(roleId, companyId);
  }

  /** Enabled users of the company whose role holds `permission` (the last-administrator guard). */
  enabledHolders(companyId: string, permission: Permission): number {
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM users JOIN roles ON roles.id = users.role_id
            WHERE users.company_id = ? AND users.disabled_at IS NULL
              AND EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = ?)`,
        )
        .get(companyId, permission) as { n: number }
    ).n;
  }

  setRole(companyId: string, userId: string, roleId: string): void {
    this.db.prepare('UPDATE users SET role_id = ? WHERE id = ? AND company_id = ?').run(roleId, userId, companyId);
  }

  /** Disabling ends every session and API token of the user at once. */
  setDisabled(companyId: string, userId: string, disabled: boolean, now = new Date()): void {
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE users SET disabled_at = ? WHERE id = ? AND company_id = ?')
        .run(disabled ? now.toISOString() : null, userId, companyId);
      if (disabled) this.revokeAllFor(userId, now);
    })();
  }

  /** The user, their sessions and their API tokens are gone; the account audit keeps who they were. */
  removeUser(companyId: string, userId: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM auth_sessions WHERE user_id = ?').run(userId);
      this.db.prepare('DELETE FROM api_tokens WHERE created_by = ? AND company_id = ?').run(userId, companyId);
      this.db.prepare('DELETE FROM users WHERE id = ? AND company_id = ?').run(userId, companyId);
    })();
  }

  async createUser(
    companyId: string,
    input: { email: string; name: string; password: string; roleId: string },
  ): Promise<string> {
    const id = randomUUID();
    this.db
      .prepare(
        'INSERT INTO users (id, company_id, email, name, password_hash, role_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        companyId,
        input.email,
        input.name,
        await hashPassword(input.password),
        input.roleId,
        new Date().toISOString(),
      );
    return id;
  }

  /** The company's user with this address; another company's users are none of its business. */
  byEmail(companyId: string, email: string): UserRecord | null {
    return this.#user(
      'SELECT users.*, roles.permissions FROM users JOIN roles ON roles.id = users.role_id WHERE users.company_id = ? AND email = ?',
      companyId,
      email,
    );
  }

  /** Sign-in: an address may have an account in more than one company. */
  signInCandidates(email: string): UserRecord[] {
    const ids = this.db.prepare('SELECT id FROM users WHERE email = ? ORDER BY created_at').all(email) as {
      id: string;
    }[];
    return ids.flatMap(({ id }) => this.byId(id) ?? []);
  }

  /** For the operator's CLI, which sees every company. */
  emailInUse(email: string): boolean {
    return this.db.prepare('SELECT 1 FROM users WHERE email = ?').get(email) !== undefined;
  }

  byId(id: string): UserRecord | null {
    return this.#user(
      'SELECT users.*, roles.permissions FROM users JOIN roles ON roles.id = users.role_id WHERE users.id = ?',
      id,
    );
  }

  listUsers(companyId: string) {
    return (
      this.db
        .prepare(
          'SELECT id, email, name, role_id, log_sessions, disabled_at FROM users WHERE company_id = ? ORDER BY email',
        )
        .all(companyId) as {
        id: string;
        email: string;
        name: string;
        role_id: string;
        log_sessions: number;
        disabled_at: string | null;
      }[]
    ).map((row) => ({
      id: row.id,
      email: row.email,
      name: row.name,
      roleId: row.role_id,
      logSessions: row.log_sessions === 1,
      disabled: row.disabled_at !== null,
    }));
  }

  /** SI-6, for many users at once; only users of the admin's own company are touched. */
  setLogSessions(companyId: string, userIds: string[], value: boolean): number {
    const update = this.db.prepare('UPDATE users SET log_sessions = ? WHERE id = ? AND company_id = ?');
    let changed = 0;
    this.db.transaction(() => {
      for (const id of userIds) changed += update.run(value ? 1 : 0, id, companyId).changes;
    })();
    return changed;
  }

  setTotpSecret(userId: string, secret: string | null): void {
    // Sealed at rest (server/security): a copy of the database alone does not give away second factors.
    const sealed = secret === null ? null : this.#box.seal(secret, secretContext.totp(userId));
    this.db.prepare('UPDATE users SET totp_secret = ? WHERE id = ?').run(sealed, userId);
  }

  startSession(userId: string, now = Date.now()): { token: string; expiresAt: string } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now + SESSION_TTL_MS).toISOString();
    this.db
      .prepare('INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(hashToken(token), userId, new Date(now).toISOString(), expiresAt);
    return { token, expiresAt };
  }

  /** SI-12: an API token for the company's own systems, with some of its creator's permissions. */
  createApiToken(companyId: string, createdBy: string, name: string, permissions: Permission[], now = new Date()) {
    const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const id = randomUUID();
    this.db
      .prepare(
        'INSERT INTO api_tokens (id, company_id, created_by, name, token_hash, permissions, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, companyId, createdBy, name, hashToken(token), JSON.stringify(permissions), now.toISOString());
    return { id, name, permissions, createdAt: now.toISOString(), lastUsedAt: null, token };
  }

  apiTokens(companyId: string) {
    return (
      this.db
        .prepare(
          'SELECT id, name, permissions, created_at, last_used_at FROM api_tokens WHERE company_id = ? AND revoked_at IS NULL ORDER BY created_at',
        )
        .all(companyId) as {
        id: string;
        name: string;
        permissions: string;
        created_at: string;
        last_used_at: string | null;
      }[]
    ).map((row) => ({
      id: row.id,
      name: row.name,
      permissions: permissionSchema.array().parse(JSON.parse(row.permissions)),
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
    }));
  }

  revokeApiToken(companyId: string, id: string, now = new Date()): boolean {
    return (
      this.db
        .prepare('UPDATE api_tokens SET revoked_at = ? WHERE company_id = ? AND id = ? AND revoked_at IS NULL')
        .run(now.toISOString(), companyId, id).changes > 0
    );
  }

  /** The signed-in user behind a bearer token, or null when unknown, expired or revoked. */
  resolveToken(token: string, now = Date.now()): UserRecord | null {
    if (token.startsWith(API_TOKEN_PREFIX)) return this.#resolveApiToken(token, now);
    const row = this.db
      .prepare('SELECT user_id, expires_at, revoked_at FROM auth_sessions WHERE token_hash = ?')
      .get(hashToken(token)) as { user_id: string; expires_at: string; revoked_at: string | null } | undefined;
    if (!row || row.revoked_at || Date.parse(row.expires_at) <= now) return null;
    const user = this.byId(row.user_id);
    return user && !user.disabled ? user : null;
  }

  /**
   * An API token acts as its creator, with the token's permissions narrowed to what the creator
   * still holds: taking a permission from a person takes it from their tokens too.
   */
  #resolveApiToken(token: string, now: number): UserRecord | null {
    const row = this.db
      .prepare('SELECT id, created_by, name, permissions FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL')
      .get(hashToken(token)) as { id: string; created_by: string; name: string; permissions: string } | undefined;
    const creator = row ? this.byId(row.created_by) : null;
    if (!row || !creator || creator.disabled) return null;
    this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(new Date(now).toISOString(), row.id);
    const granted = permissionSchema.array().parse(JSON.parse(row.permissions));
    return {
      ...creator,
      name: `${creator.name} (API token “${row.name}”)`,
      permissions: granted.filter((permission) => creator.permissions.includes(permission)),
      apiTokenId: row.id,
    };
  }

  revoke(token: string): void {
    this.db
      .prepare('UPDATE auth_sessions SET revoked_at = ? WHERE token_hash = ?')
      .run(new Date().toISOString(), hashToken(token));
  }

  /** Signs a user out everywhere: every session and every API token they created ends. */
  revokeAllFor(userId: string, now = new Date()): void {
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE auth_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL')
        .run(now.toISOString(), userId);
      this.db
        .prepare('UPDATE api_tokens SET revoked_at = ? WHERE created_by = ? AND revoked_at IS NULL')
        .run(now.toISOString(), userId);
    })();
  }

  #user(sql: string, ...keys: string[]): UserRecord | null {
    const row = this.db.prepare(sql).get(...keys) as
      | {
          id: string;
          company_id: string;
          email: string;
          name: string;
          password_hash: string;
          totp_secret: string | null;
          role_id: string;
          log_sessions: number;
          disabled_at: string | null;
          permissions: string;
        }
      | undefined;
    if (!row) return null;
    const permissions = parsePermissions(row.permissions);
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
      permissions,
    };
  }
}
