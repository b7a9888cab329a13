import type { Permission } from '../../src-shared/domain/accounts';
import type { ErrorCode } from '../../src-shared/errors';
import type { ServerDatabase } from '../db/serverDatabase';
import type { AccountAudit } from './accountAudit';
import type { AccountStore, UserRecord } from './accountStore';

/** A refusal with the HTTP status and stable code the route answers with. */
export class AccountAdminError extends Error {
  override readonly name = 'AccountAdminError';
  constructor(
    readonly status: 403 | 404 | 409,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const notFound = (what: string) => new AccountAdminError(404, 'not_found', `No such ${what} in your company.`);

/**
 * Roles and users of a company, changed only within what the acting administrator holds:
 * nobody grants a permission they do not hold or manages someone who holds more than they do,
 * the company always keeps an enabled user who can manage users, and every change is audited.
 */
export class UserAdmin {
  constructor(
    private readonly db: ServerDatabase,
    private readonly accounts: AccountStore,
    private readonly audit: AccountAudit,
  ) {}

  createRole(actor: UserRecord, name: string, permissions: Permission[]): string {
    this.#mayGrant(actor, permissions);
    if (this.accounts.roleNamed(actor.companyId, name)) throw roleNameTaken(name);
    const id = this.accounts.createRole(actor.companyId, name, unique(permissions));
    this.audit.record(actor, 'role.create', name, { roleId: id, permissions: unique(permissions) });
    return id;
  }

  updateRole(actor: UserRecord, roleId: string, name: string, permissions: Permission[]): void {
    const role = this.accounts.role(actor.companyId, roleId);
    if (!role) throw notFound('role');
    const beyond = role.permissions.filter((permission) => !actor.permissions.includes(permission));
    if (beyond.length > 0) {
      throw new AccountAdminError(
        403,
        'role_outranks_you',
        `The role “${role.name}” holds permissions you do not hold (${beyond.join(', ')}); only someone who holds them may change it.`,
      );
    }
    this.#mayGrant(actor, permissions);
    const other = this.accounts.roleNamed(actor.companyId, name);
    if (other && other !== roleId) throw roleNameTaken(name);
    this.#guarded(actor.companyId, () => this.accounts.updateRole(actor.companyId, roleId, name, unique(permissions)));
    this.audit.record(actor, 'role.update', name, {
      roleId,
      before: { name: role.name, permissions: role.permissions },
      after: { name, permissions: unique(permissions) },
    });
  }

  /** A role no user holds any more; one still held is refused, with how many hold it. */
  removeRole(actor: UserRecord, roleId: string): void {
    const role = this.accounts.role(actor.companyId, roleId);
    if (!role) throw notFound('role');
    const beyond = role.permissions.filter((permission) => !actor.permissions.includes(permission));
    if (beyond.length > 0) {
      throw new AccountAdminError(
        403,
        'role_outranks_you',
        `The role “${role.name}” holds permissions you do not hold (${beyond.join(', ')}); only someone who holds them may remove it.`,
      );
    }
    const holders = this.accounts.roleHolders(actor.companyId, roleId);
    if (holders > 0) {
      throw new AccountAdminError(
        409,
        'role_in_use',
        `${holders} user(s) still hold the role “${role.name}”; give them another role first.`,
      );
    }
    this.accounts.removeRole(actor.companyId, roleId);
    this.audit.record(actor, 'role.remove', role.name, { roleId, permissions: role.permissions });
  }

  async createUser(
    actor: UserRecord,
    input: { email: string; name: string; password: string; roleId: string },
  ): Promise<string> {
    const role = this.#assignable(actor, input.roleId);
    // Only this company's addresses are compared: whether another company uses it stays unknown.
    if (this.accounts.byEmail(actor.companyId, input.email)) {
      throw new AccountAdminError(409, 'email_taken', `${input.email} already has an account in your company.`);
    }
    const id = await this.accounts.createUser(actor.companyId, input);
    this.audit.record(actor, 'user.create', input.email, { userId: id, role: role.name });
    return id;
  }

  changeRole(actor: UserRecord, userId: string, roleId: string): void {
    const user = this.#manageable(actor, userId);
    const role = this.#assignable(actor, roleId);
    const before = this.accounts.role(actor.companyId, user.roleId)?.name ?? user.roleId;
    this.#guarded(actor.companyId, () => this.accounts.setRole(actor.companyId, user.id, role.id));
    this.audit.record(actor, 'user.role', user.email, { userId, before, after: role.name });
  }

  setDisabled(actor: UserRecord, userId: string, disabled: boolean): void {
    const user = this.#manageable(actor, userId, { notSelf: true });
    this.#guarded(actor.companyId, () => this.accounts.setDisabled(actor.companyId, user.id, disabled));
    this.audit.record(actor, disabled ? 'user.disable' : 'user.enable', user.email, { userId });
  }

  remove(actor: UserRecord, userId: string): void {
    const user = this.#manageable(actor, userId, { notSelf: true });
    this.#guarded(actor.companyId, () => this.accounts.removeUser(actor.companyId, user.id));
    this.audit.record(actor, 'user.remove', user.email, { userId, name: user.name });
  }

  revokeSessions(actor: UserRecord, userId: string): void {
    const user = this.#manageable(actor, userId);
    this.accounts.revokeAllFor(user.id);
    this.audit.record(actor, 'user.revoke_sessions', user.email, { userId });
  }

  setLogSessions(actor: UserRecord, userIds: string[], value: boolean): number {
    const changed = this.accounts.setLogSessions(actor.companyId, userIds, value);
    this.audit.record(actor, 'user.log_sessions', `${changed} user(s)`, { userIds, value });
    return changed;
  }

  #mayGrant(actor: UserRecord, permissions: readonly Permission[]): void {
    const beyond = unique(permissions).filter((permission) => !actor.permissions.includes(permission));
    if (beyond.length > 0) {
      throw new AccountAdminError(
        403,
        'permission_not_held',
        `You cannot grant what you do not hold yourself: ${beyond.join(', ')}.`,
      );
    }
  }

  #assignable(actor: UserRecord, roleId: string) {
    const role = this.accounts.role(actor.companyId, roleId);
    if (!role) throw notFound('role');
    this.#mayGrant(actor, role.permissions);
    return role;
  }

  /** A user of the actor's company who holds nothing the actor does not (so cannot be out-ranked). */
  #manageable(actor: UserRecord, userId: string, options: { notSelf?: boolean } = {}): UserRecord {
    const user = this.accounts.byId(userId);
    if (!user || user.companyId !== actor.companyId) throw notFound('user');
    if (options.notSelf && user.id === actor.id) {
      throw new AccountAdminError(
        409,
        'cannot_change_yourself',
        'You cannot disable or remove your own account; ask another administrator.',
      );
    }
    const beyond = user.permissions.filter((permission) => !actor.permissions.includes(permission));
    if (beyond.length > 0) {
      throw new AccountAdminError(
        403,
        'user_outranks_you',
        `${user.email} holds permissions you do not hold (${beyond.join(', ')}); only someone who holds them may change this account.`,
      );
    }
    return user;
  }

  /** Applies a change only if the company keeps an enabled user who can manage users. */
  #guarded(companyId: string, change: () => void): void {
    this.db.transaction(() => {
      change();
      if (this.accounts.enabledHolders(companyId, 'admin.users') === 0) {
        throw new AccountAdminError(
          409,
          'last_administrator',
          'This would leave your company without an enabled user who can manage users. Give another user that permission first.',
        );
      }
    })();
  }
}

const unique = (permissions: readonly Permission[]): Permission[] => [...new Set(permissions)];
const roleNameTaken = (name: string) =>
  new AccountAdminError(409, 'role_name_taken', `Your company already has a role named “${name}”.`);
