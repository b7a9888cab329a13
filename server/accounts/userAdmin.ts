import type { Permission } from '../../src-shared/domain/accounts';
import type { ErrorCode } from '../../src-shared/errors';
import { isUniqueViolation } from '../db/dialect';
import type { EndpointDb, Queries } from '../db/endpointDb';
import type { AccountAudit, AccountAuditAction } from './accountAudit';
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
    private readonly data: EndpointDb,
    private readonly accounts: AccountStore,
    private readonly audit: AccountAudit,
  ) {}

  async createRole(actor: UserRecord, name: string, permissions: Permission[]): Promise<string> {
    this.#mayGrant(actor, permissions);
    const id = await this.accounts.createRole(actor.companyId, name, unique(permissions));
    if (!id) throw roleNameTaken(name);
    await this.audit.record(actor, 'role.create', name, { roleId: id, permissions: unique(permissions) });
    return id;
  }

  async updateRole(actor: UserRecord, roleId: string, name: string, permissions: Permission[]): Promise<void> {
    const role = await this.accounts.role(actor.companyId, roleId);
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
    await this.#guarded(actor, async (trx) => {
      try {
        await this.accounts.updateRole(actor.companyId, roleId, name, unique(permissions), trx);
      } catch (error) {
        // Another role of the company has this name (UNIQUE (company_id, name)).
        throw isUniqueViolation(error) ? roleNameTaken(name) : error;
      }
      return {
        action: 'role.update',
        target: name,
        detail: {
          roleId,
          before: { name: role.name, permissions: role.permissions },
          after: { name, permissions: unique(permissions) },
        },
      };
    });
  }

  /** A role no user holds any more; one still held is refused, with how many hold it. */
  async removeRole(actor: UserRecord, roleId: string): Promise<void> {
    const role = await this.accounts.role(actor.companyId, roleId);
    if (!role) throw notFound('role');
    const beyond = role.permissions.filter((permission) => !actor.permissions.includes(permission));
    if (beyond.length > 0) {
      throw new AccountAdminError(
        403,
        'role_outranks_you',
        `The role “${role.name}” holds permissions you do not hold (${beyond.join(', ')}); only someone who holds them may remove it.`,
      );
    }
    await this.data.transaction(async (trx) => {
      // Counted under the lock: nobody is given the role between the count and the removal.
      await this.accounts.lockAdministration(trx, actor.companyId);
      const holders = await this.accounts.roleHolders(actor.companyId, roleId, trx);
      if (holders > 0) {
        throw new AccountAdminError(
          409,
          'role_in_use',
          `${holders} user(s) still hold the role “${role.name}”; give them another role first.`,
        );
      }
      await this.accounts.removeRole(actor.companyId, roleId, trx);
      await this.audit.record(actor, 'role.remove', role.name, { roleId, permissions: role.permissions }, trx);
    });
  }

  async createUser(
    actor: UserRecord,
    input: { email: string; name: string; password: string; roleId: string },
  ): Promise<string> {
    const role = await this.#assignable(actor, input.roleId);
    // Only this company's addresses are compared: whether another company uses it stays unknown.
    const taken = () =>
      new AccountAdminError(409, 'email_taken', `${input.email} already has an account in your company.`);
    if (await this.accounts.byEmail(actor.companyId, input.email)) throw taken();
    const id = await this.accounts.createUser(actor.companyId, input);
    if (!id) throw taken();
    await this.audit.record(actor, 'user.create', input.email, { userId: id, role: role.name });
    return id;
  }

  async changeRole(actor: UserRecord, userId: string, roleId: string): Promise<void> {
    const user = await this.#manageable(actor, userId);
    const role = await this.#assignable(actor, roleId);
    const before = (await this.accounts.role(actor.companyId, user.roleId))?.name ?? user.roleId;
    await this.#guarded(actor, async (trx) => {
      await this.accounts.setRole(actor.companyId, user.id, role.id, trx);
      return { action: 'user.role', target: user.email, detail: { userId, before, after: role.name } };
    });
  }

  async setDisabled(actor: UserRecord, userId: string, disabled: boolean): Promise<void> {
    const user = await this.#manageable(actor, userId, { notSelf: true });
    await this.#guarded(actor, async (trx) => {
      await this.accounts.setDisabled(actor.companyId, user.id, disabled, new Date(), trx);
      return { action: disabled ? 'user.disable' : 'user.enable', target: user.email, detail: { userId } };
    });
  }

  async remove(actor: UserRecord, userId: string): Promise<void> {
    const user = await this.#manageable(actor, userId, { notSelf: true });
    await this.#guarded(actor, async (trx) => {
      await this.accounts.removeUser(actor.companyId, user.id, trx);
      return { action: 'user.remove', target: user.email, detail: { userId, name: user.name } };
    });
  }

  async revokeSessions(actor: UserRecord, userId: string): Promise<void> {
    const user = await this.#manageable(actor, userId);
    await this.data.transaction(async (trx) => {
      await this.accounts.revokeAllFor(user.id, new Date(), trx);
      await this.audit.record(actor, 'user.revoke_sessions', user.email, { userId }, trx);
    });
  }

  async setLogSessions(actor: UserRecord, userIds: string[], value: boolean): Promise<number> {
    const changed = await this.accounts.setLogSessions(actor.companyId, userIds, value);
    await this.audit.record(actor, 'user.log_sessions', `${changed} user(s)`, { userIds, value });
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

  async #assignable(actor: UserRecord, roleId: string) {
    const role = await this.accounts.role(actor.companyId, roleId);
    if (!role) throw notFound('role');
    this.#mayGrant(actor, role.permissions);
    return role;
  }

  /** A user of the actor's company who holds nothing the actor does not (so cannot be out-ranked). */
  async #manageable(actor: UserRecord, userId: string, options: { notSelf?: boolean } = {}): Promise<UserRecord> {
    const user = await this.accounts.byId(userId);
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

  /**
   * Applies a change, with its audit record, only if the company keeps an enabled user who can
   * manage users. The company's administration is locked first, so two changes at once (on two
   * instances, say two administrators demoting each other) are judged one after the other.
   */
  async #guarded(actor: UserRecord, change: (trx: Queries) => Promise<AuditedChange>): Promise<void> {
    await this.data.transaction(async (trx) => {
      await this.accounts.lockAdministration(trx, actor.companyId);
      const { action, target, detail } = await change(trx);
      if ((await this.accounts.enabledHolders(actor.companyId, 'admin.users', trx)) === 0) {
        throw new AccountAdminError(
          409,
          'last_administrator',
          'This would leave your company without an enabled user who can manage users. Give another user that permission first.',
        );
      }
      await this.audit.record(actor, action, target, detail, trx);
    });
  }
}

type AuditedChange = { action: AccountAuditAction; target: string; detail: Record<string, unknown> };

const unique = (permissions: readonly Permission[]): Permission[] => [...new Set(permissions)];
const roleNameTaken = (name: string) =>
  new AccountAdminError(409, 'role_name_taken', `Your company already has a role named “${name}”.`);
