import { randomUUID } from 'node:crypto';
import type {
  VideoTicket,
  VideoTicketAuthor,
  VideoTicketMessage,
  VideoTicketThread,
} from '../../src-shared/video/ticketContract';
import type { EndpointDb, Queries } from '../db/endpointDb';

/**
 * Whose tickets a call reaches: a company's employees reach all of the company's, a code user
 * only those of their device. Every query is filtered by it, so nothing else is ever read.
 */
export interface TicketScope {
  readonly companyId: string;
  readonly deviceId?: string;
}

/** Who writes: an employee (their user ID), or null for the device's code user. */
export type TicketAuthorId = string | null;

const author = (userId: string | null, name: string | null): VideoTicketAuthor =>
  userId === null ? { kind: 'code-user' } : { kind: 'employee', name: name ?? '' };

/** Issue 16: tickets per video device, and their conversations (`ticketContract.ts`). */
export class VideoTicketStore {
  constructor(private readonly db: EndpointDb) {}

  async list(
    scope: TicketScope,
    filter: { deviceId?: string | undefined; status?: 'open' | 'closed' | undefined },
    limit: number,
  ): Promise<VideoTicket[]> {
    let query = this.#tickets(this.db.query, scope);
    if (filter.deviceId !== undefined) query = query.where('t.device_id', '=', filter.deviceId);
    if (filter.status !== undefined) query = query.where('t.status', '=', filter.status);
    const rows = await query.orderBy('t.updated_at', 'desc').orderBy('t.id').limit(limit).execute();
    return rows.map(ticket);
  }

  /** The ticket with its conversation, or null when the scope has no such ticket. */
  async get(scope: TicketScope, id: string): Promise<VideoTicketThread | null> {
    return this.db.snapshot(async (trx) => this.#thread(trx, scope, id));
  }

  /** Opens a ticket for a device of the scope (null: no such device), with a first message if given. */
  async create(
    scope: TicketScope,
    input: { deviceId: string; title: string; externalRef: string; message?: string | undefined },
    by: TicketAuthorId,
    now = new Date(),
  ): Promise<VideoTicketThread | null> {
    if (scope.deviceId !== undefined && scope.deviceId !== input.deviceId) return null;
    return this.db.transaction(async (trx) => {
      const device = await trx
        .selectFrom('video_devices')
        .select('id')
        .where('company_id', '=', scope.companyId)
        .where('id', '=', input.deviceId)
        .executeTakeFirst();
      if (!device) return null;
      const id = randomUUID();
      const at = now.toISOString();
      await trx
        .insertInto('video_tickets')
        .values({
          id,
          company_id: scope.companyId,
          device_id: input.deviceId,
          title: input.title,
          status: 'open',
          external_ref: input.externalRef,
          created_by_user: by,
          created_at: at,
          updated_at: at,
        })
        .execute();
      if (input.message !== undefined) {
        await trx
          .insertInto('video_ticket_messages')
          .values({ ticket_id: id, author_user: by, body: input.message, created_at: at })
          .execute();
      }
      return this.#thread(trx, scope, id);
    });
  }

  /** Closes or reopens the ticket, or changes its ITSM reference: null when the scope has no such ticket. */
  async update(
    scope: TicketScope,
    id: string,
    change: { status?: 'open' | 'closed' | undefined; externalRef?: string | undefined },
    now = new Date(),
  ): Promise<VideoTicket | null> {
    return this.db.transaction(async (trx) => {
      const current = await this.#tickets(trx, scope).where('t.id', '=', id).executeTakeFirst();
      if (!current) return null;
      const status = change.status ?? current.status;
      const statusChanged = status !== current.status;
      await trx
        .updateTable('video_tickets')
        .set({
          status,
          external_ref: change.externalRef ?? current.external_ref,
          ...(statusChanged
            ? { updated_at: now.toISOString(), closed_at: status === 'closed' ? now.toISOString() : null }
            : {}),
        })
        .where('id', '=', id)
        .execute();
      const updated = await this.#tickets(trx, scope).where('t.id', '=', id).executeTakeFirstOrThrow();
      return ticket(updated);
    });
  }

  /** Adds a message to an open ticket: `closed` when it is closed, null when the scope has no such ticket. */
  async post(
    scope: TicketScope,
    id: string,
    body: string,
    by: TicketAuthorId,
    now = new Date(),
  ): Promise<VideoTicketMessage | 'closed' | null> {
    return this.db.transaction(async (trx) => {
      const at = now.toISOString();
      // One conditional update decides: a ticket closed at the same moment takes no message after it.
      let open = trx
        .updateTable('video_tickets')
        .set({ updated_at: at })
        .where('id', '=', id)
        .where('company_id', '=', scope.companyId)
        .where('status', '=', 'open');
      if (scope.deviceId !== undefined) open = open.where('device_id', '=', scope.deviceId);
      const touched = await open.returning('id').executeTakeFirst();
      if (!touched)
        return (await this.#tickets(trx, scope).where('t.id', '=', id).executeTakeFirst()) ? 'closed' : null;
      const inserted = await trx
        .insertInto('video_ticket_messages')
        .values({ ticket_id: id, author_user: by, body, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      const name =
        by === null
          ? null
          : ((await trx.selectFrom('users').select('name').where('id', '=', by).executeTakeFirst())?.name ?? null);
      return { id: String(inserted.id), author: author(by, name), body, createdAt: at };
    });
  }

  /** The device a ticket of the company is for (the feed tells that device's code users). */
  async deviceOf(companyId: string, ticketId: string): Promise<string | null> {
    const row = await this.db.query
      .selectFrom('video_tickets')
      .select('device_id')
      .where('company_id', '=', companyId)
      .where('id', '=', ticketId)
      .executeTakeFirst();
    return row?.device_id ?? null;
  }

  #tickets(trx: Queries, scope: TicketScope) {
    let query = trx
      .selectFrom('video_tickets as t')
      .innerJoin('video_devices as d', 'd.id', 't.device_id')
      .leftJoin('users as u', 'u.id', 't.created_by_user')
      .select([
        't.id',
        't.device_id',
        'd.name as device_name',
        't.title',
        't.status',
        't.external_ref',
        't.created_by_user',
        'u.name as creator_name',
        't.created_at',
        't.updated_at',
        't.closed_at',
      ])
      .where('t.company_id', '=', scope.companyId);
    if (scope.deviceId !== undefined) query = query.where('t.device_id', '=', scope.deviceId);
    return query;
  }

  async #thread(trx: Queries, scope: TicketScope, id: string): Promise<VideoTicketThread | null> {
    const row = await this.#tickets(trx, scope).where('t.id', '=', id).executeTakeFirst();
    if (!row) return null;
    const messages = await trx
      .selectFrom('video_ticket_messages as m')
      .leftJoin('users as u', 'u.id', 'm.author_user')
      .select(['m.id', 'm.author_user', 'u.name', 'm.body', 'm.created_at'])
      .where('m.ticket_id', '=', id)
      .orderBy('m.id')
      .execute();
    return {
      ...ticket(row),
      messages: messages.map((message) => ({
        id: String(message.id),
        author: author(message.author_user, message.name),
        body: message.body,
        createdAt: message.created_at,
      })),
    };
  }
}

function ticket(row: {
  id: string;
  device_id: string;
  device_name: string;
  title: string;
  status: 'open' | 'closed';
  external_ref: string;
  created_by_user: string | null;
  creator_name: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}): VideoTicket {
  return {
    id: row.id,
    deviceId: row.device_id,
    deviceName: row.device_name,
    title: row.title,
    status: row.status,
    externalRef: row.external_ref,
    createdBy: author(row.created_by_user, row.creator_name),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}
