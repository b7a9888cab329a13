import type { AccountAuditEntry } from '../../src-shared/domain/accounts';
import type { ServerDatabase } from '../db/serverDatabase';
import type { UserRecord } from './accountStore';

export type AccountAuditAction = AccountAuditEntry['action'];

/**
 * Who changed which role or user, and when (append-only; a trigger refuses updates and deletes).
 * The actor and target are stored as readable text too, so the record outlives a removed user.
 */
export class AccountAudit {
  constructor(private readonly db: ServerDatabase) {}

  record(
    actor: UserRecord,
    action: AccountAuditAction,
    target: string,
    detail: Record<string, unknown> = {},
    now = new Date(),
  ): void {
    this.db
      .prepare(
        'INSERT INTO account_audit (company_id, at, actor_id, actor, action, target, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        actor.companyId,
        now.toISOString(),
        actor.id,
        `${actor.name} <${actor.email}>`,
        action,
        target,
        JSON.stringify(detail),
      );
  }

  /** Newest first. */
  list(companyId: string, limit = 500): AccountAuditEntry[] {
    return (
      this.db
        .prepare(
          'SELECT at, actor_id, actor, action, target, detail FROM account_audit WHERE company_id = ? ORDER BY id DESC LIMIT ?',
        )
        .all(companyId, limit) as {
        at: string;
        actor_id: string;
        actor: string;
        action: AccountAuditAction;
        target: string;
        detail: string;
      }[]
    ).map((row) => ({
      at: row.at,
      actorId: row.actor_id,
      actor: row.actor,
      action: row.action,
      target: row.target,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
    }));
  }
}
