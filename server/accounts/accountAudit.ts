import type { AccountAuditEntry } from '../../src-shared/domain/accounts';
import type { EndpointDb, Queries } from '../db/endpointDb';
import type { UserRecord } from './accountStore';

export type AccountAuditAction = AccountAuditEntry['action'];

/**
 * Who changed which role or user, and when (append-only; a trigger refuses updates and deletes).
 * The actor and target are stored as readable text too, so the record outlives a removed user.
 */
export class AccountAudit {
  constructor(private readonly data: EndpointDb) {}

  /** `q`: the transaction of the change recorded, so the change and its record commit together. */
  async record(
    actor: UserRecord,
    action: AccountAuditAction,
    target: string,
    detail: Record<string, unknown> = {},
    q: Queries = this.data.query,
    now = new Date(),
  ): Promise<void> {
    await q
      .insertInto('account_audit')
      .values({
        company_id: actor.companyId,
        at: now.toISOString(),
        actor_id: actor.id,
        actor: `${actor.name} <${actor.email}>`,
        action,
        target,
        detail: JSON.stringify(detail),
      })
      .execute();
  }

  /** Newest first. */
  async list(companyId: string, limit = 500): Promise<AccountAuditEntry[]> {
    const rows = await this.data.query
      .selectFrom('account_audit')
      .select(['at', 'actor_id', 'actor', 'action', 'target', 'detail'])
      .where('company_id', '=', companyId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      at: row.at,
      actorId: row.actor_id,
      actor: row.actor,
      action: row.action as AccountAuditAction,
      target: row.target,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
    }));
  }
}
