import { randomUUID } from 'node:crypto';
import type { Permission } from '../../src-shared/domain/accounts';
import type { VideoPerson } from '../../src-shared/video/contract';
import type {
  CodeUserVideoSession,
  VideoSession,
  VideoSessionActor,
  VideoSessionChange,
  VideoSessionDetails,
  VideoSettings,
  VideoSettingsChange,
} from '../../src-shared/video/sessionContract';
import { videoSettingsSchema } from '../../src-shared/video/sessionContract';
import { videoTransition, type VideoEvent, type VideoStatus } from '../../src-shared/video/status';
import type { CodeUser } from '../auth/codeUserAuth';
import { lockForUpdate } from '../db/dialect';
import type { EndpointDb, Queries } from '../db/endpointDb';
import { enqueueVideoRequested } from '../integrations/deliveryQueue';
import { ASSIGNEE_INVALID } from './videoDeviceStore';
import { assigneesOf, conductingEmployees } from './videoPeople';

export { ASSIGNEE_INVALID };

/** An employee as the store decides what they see and may do (the route guard's user). */
export interface Employee {
  readonly id: string;
  readonly companyId: string;
  readonly permissions: readonly Permission[];
}

/**
 * What changed, for the live feed. `requested`: a code user's new request (VS-2: notify at once).
 * `formerly`: who was responsible until this change took it from them (replaced assignees, or every
 * employee who conducts when one of them took an unassigned request), so their lists drop it.
 */
export interface SessionChangeNews {
  requested: boolean;
  formerly?: { assigneeIds: string[]; open: boolean };
}
export type SessionNews = (companyId: string, session: VideoSession, change: SessionChangeNews) => void;

/** A change by an employee, with who was responsible before it (for the feed). */
type Changed = { details: VideoSessionDetails; formerly: NonNullable<SessionChangeNews['formerly']> };

/** Why an action was refused: the session's status (409, naming it), or the caller is not its assignee (403). */
export type Refusal = { refused: 'status'; status: VideoStatus } | { refused: 'not_assigned' };

export const SESSION_NOT_FOUND = 'not_found';
export const REQUESTS_NOT_ALLOWED = 'requests_not_allowed';

type Actor = { kind: 'employee'; userId: string } | { kind: 'code-user' } | { kind: 'system' };
type SessionRow = {
  id: string;
  company_id: string;
  device_id: string;
  status: VideoStatus;
};

/** Employees who see every session of the company (VS-7); others see their own and those they may confirm. */
const seesAll = (employee: Employee) => employee.permissions.includes('video.view');
const conducts = (employee: Employee) => employee.permissions.includes('video.conduct');

/**
 * Video sessions (VS-2 … VS-5, VS-7): requests and direct creation, the status machine of
 * `src-shared/video/status.ts` applied to the row locked in one transaction (so two people acting
 * at once are served one after the other, and the second sees what the first did), every change
 * recorded with its actor, and who sees and acts as `sessionContract.ts` says. Each change is told
 * to `news` once committed.
 */
export class VideoSessionStore {
  constructor(
    private readonly db: EndpointDb,
    private readonly news: SessionNews,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The sessions the employee may see, most recently changed first. */
  async list(
    employee: Employee,
    filter: { status?: VideoStatus | undefined; deviceId?: string | undefined; assignee?: string | undefined },
    limit: number,
  ): Promise<VideoSession[]> {
    let query = this.#visible(this.db.query, employee).select('s.id');
    if (filter.status !== undefined) query = query.where('s.status', '=', filter.status);
    if (filter.deviceId !== undefined) query = query.where('s.device_id', '=', filter.deviceId);
    if (filter.assignee !== undefined) {
      const userId = filter.assignee === 'me' ? employee.id : filter.assignee;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('video_session_assignees as f')
            .select('f.user_id')
            .whereRef('f.session_id', '=', 's.id')
            .where('f.user_id', '=', userId),
        ),
      );
    }
    const ids = (await query.orderBy('s.updated_at', 'desc').orderBy('s.id').limit(limit).execute()).map((r) => r.id);
    return this.#sessions(this.db.query, ids);
  }

  /** The session with its history, or null when the employee may not see it (or there is none). */
  async get(employee: Employee, id: string): Promise<VideoSessionDetails | null> {
    return this.db.snapshot(async (trx) => {
      const row = await this.#visible(trx, employee).select('s.id').where('s.id', '=', id).executeTakeFirst();
      return row ? this.#details(trx, id) : null;
    });
  }

  /** VS-3: an employee creates a session, CONFIRMED at once, for a device of the company (and one of its tickets). */
  async create(
    employee: Employee,
    input: { deviceId: string; reason: string; ticketId?: string | undefined; assigneeIds: string[] },
  ): Promise<VideoSessionDetails | typeof SESSION_NOT_FOUND | typeof ASSIGNEE_INVALID> {
    const created = await this.db.transaction(async (trx) => {
      if (!(await this.#deviceAndTicket(trx, employee.companyId, input.deviceId, input.ticketId))) {
        return SESSION_NOT_FOUND;
      }
      const assignees = await conductingEmployees(trx, employee.companyId, input.assigneeIds);
      if (!assignees) return ASSIGNEE_INVALID;
      const id = await this.#insert(trx, {
        companyId: employee.companyId,
        deviceId: input.deviceId,
        ticketId: input.ticketId ?? null,
        origin: 'direct',
        reason: input.reason,
        status: 'CONFIRMED',
        assignees,
        actor: { kind: 'employee', userId: employee.id },
      });
      return this.#details(trx, id);
    });
    if (typeof created !== 'string') this.news(employee.companyId, created, { requested: false });
    return created;
  }

  /** Replaces the assignees of a session the employee may see, unless it is CLOSED or CANCELLED. */
  async assign(
    employee: Employee,
    id: string,
    assigneeIds: string[],
  ): Promise<VideoSessionDetails | Refusal | typeof SESSION_NOT_FOUND | typeof ASSIGNEE_INVALID> {
    const assigned = await this.db.transaction(
      async (trx): Promise<Changed | Refusal | typeof SESSION_NOT_FOUND | typeof ASSIGNEE_INVALID> => {
        const row = await this.#lock(trx, employee.companyId, id);
        if (!row || !(await this.#mayView(trx, employee, row))) return SESSION_NOT_FOUND;
        if (row.status === 'CLOSED' || row.status === 'CANCELLED') return { refused: 'status', status: row.status };
        const assignees = await conductingEmployees(trx, employee.companyId, assigneeIds);
        if (!assignees) return ASSIGNEE_INVALID;
        const formerly = await this.#assigneeIds(trx, id);
        await trx.deleteFrom('video_session_assignees').where('session_id', '=', id).execute();
        await this.#assign(trx, id, assignees);
        await trx
          .updateTable('video_sessions')
          .set({ updated_at: this.now().toISOString() })
          .where('id', '=', id)
          .execute();
        const open = formerly.length === 0 && row.status === 'REQUESTED';
        return { details: await this.#details(trx, id), formerly: { assigneeIds: formerly, open } };
      },
    );
    if (typeof assigned === 'string' || 'refused' in assigned) return assigned;
    this.news(employee.companyId, assigned.details, { requested: false, formerly: assigned.formerly });
    return assigned.details;
  }

  /**
   * VS-4: an employee confirms, cancels, closes or reopens. The status machine is asked first (409
   * naming the status, whoever asks), then whether the employee is responsible (403). Confirming a
   * request nobody was assigned to assigns the employee who confirms.
   */
  async act(
    employee: Employee,
    id: string,
    event: VideoEvent,
  ): Promise<VideoSessionDetails | Refusal | typeof SESSION_NOT_FOUND> {
    const acted = await this.db.transaction(async (trx): Promise<Changed | Refusal | typeof SESSION_NOT_FOUND> => {
      const row = await this.#lock(trx, employee.companyId, id);
      if (!row || !(await this.#mayView(trx, employee, row))) return SESSION_NOT_FOUND;
      const transition = videoTransition(row.status, event, 'employee');
      if (!transition.ok) return { refused: 'status', status: row.status };
      const assignees = await this.#assigneeIds(trx, id);
      const responsible =
        assignees.includes(employee.id) || (assignees.length === 0 && row.status === 'REQUESTED' && conducts(employee));
      if (!responsible) return { refused: 'not_assigned' };
      if (!(await this.#change(trx, row, event, transition.to, { kind: 'employee', userId: employee.id }))) {
        return { refused: 'status', status: row.status };
      }
      const open = assignees.length === 0 && row.status === 'REQUESTED';
      if (open && event === 'confirm') {
        await trx.insertInto('video_session_assignees').values({ session_id: id, user_id: employee.id }).execute();
      }
      return { details: await this.#details(trx, id), formerly: { assigneeIds: assignees, open } };
    });
    if (typeof acted === 'string' || 'refused' in acted) return acted;
    this.news(employee.companyId, acted.details, { requested: false, formerly: acted.formerly });
    return acted.details;
  }

  async settings(companyId: string): Promise<VideoSettings> {
    const row = await this.db.query
      .selectFrom('companies')
      .select(['video_requests', 'video_request_groups', 'video_review_hours', 'video_stroke_ttl_ms'])
      .where('id', '=', companyId)
      .executeTakeFirstOrThrow();
    return videoSettingsSchema.parse({
      requests: row.video_requests,
      requestGroups: JSON.parse(row.video_request_groups) as unknown,
      reviewHours: row.video_review_hours,
      strokeTtlMs: row.video_stroke_ttl_ms,
    });
  }

  async setSettings(companyId: string, change: VideoSettingsChange): Promise<VideoSettings> {
    const groups = [...new Set(change.requestGroups)];
    await this.db.query
      .updateTable('companies')
      .set({
        video_requests: change.requests,
        video_request_groups: JSON.stringify(groups),
        video_review_hours: change.reviewHours,
        ...(change.strokeTtlMs === undefined ? {} : { video_stroke_ttl_ms: change.strokeTtlMs }),
      })
      .where('id', '=', companyId)
      .execute();
    return this.settings(companyId);
  }

  /** Whether the company takes requests for the code user's device (VS-2). */
  async requestsAllowed(codeUser: CodeUser, trx: Queries = this.db.query): Promise<boolean> {
    const row = await trx
      .selectFrom('video_devices as d')
      .innerJoin('companies as c', 'c.id', 'd.company_id')
      .select(['d.device_group', 'c.video_requests', 'c.video_request_groups'])
      .where('d.id', '=', codeUser.deviceId)
      .where('d.company_id', '=', codeUser.companyId)
      .executeTakeFirst();
    if (!row || row.video_requests === 'none') return false;
    if (row.video_requests === 'all') return true;
    return row.device_group !== '' && (JSON.parse(row.video_request_groups) as string[]).includes(row.device_group);
  }

  /**
   * VS-2: a code user asks for a session. It goes to the device's assignees (none: every employee
   * with `video.conduct`), and to the company's webhooks, enqueued in the same transaction.
   */
  async request(
    codeUser: CodeUser,
    input: { reason: string; ticketId?: string | undefined },
  ): Promise<CodeUserVideoSession | typeof REQUESTS_NOT_ALLOWED | typeof SESSION_NOT_FOUND> {
    const requested = await this.db.transaction(async (trx) => {
      if (!(await this.requestsAllowed(codeUser, trx))) return REQUESTS_NOT_ALLOWED;
      if (!(await this.#deviceAndTicket(trx, codeUser.companyId, codeUser.deviceId, input.ticketId))) {
        return SESSION_NOT_FOUND;
      }
      const assignees = (await assigneesOf(trx, 'video_device_assignees', [codeUser.deviceId])).get(codeUser.deviceId)!;
      const id = await this.#insert(trx, {
        ...codeUser,
        ticketId: input.ticketId ?? null,
        origin: 'request',
        reason: input.reason,
        status: 'REQUESTED',
        assignees,
        actor: { kind: 'code-user' },
      });
      const [session] = await this.#sessions(trx, [id]);
      await enqueueVideoRequested(trx, codeUser.companyId, session!, this.now());
      return session!;
    });
    if (typeof requested === 'string') return requested;
    this.news(codeUser.companyId, requested, { requested: true });
    return codeUserView(requested);
  }

  /** The code user's device's sessions, most recently changed first. */
  async codeUserList(codeUser: CodeUser, limit: number): Promise<CodeUserVideoSession[]> {
    const ids = (
      await this.db.query
        .selectFrom('video_sessions')
        .select('id')
        .where('company_id', '=', codeUser.companyId)
        .where('device_id', '=', codeUser.deviceId)
        .orderBy('updated_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute()
    ).map((row) => row.id);
    return (await this.#sessions(this.db.query, ids)).map(codeUserView);
  }

  /** VS-4: the code user cancels one of their device's sessions before the call. */
  async codeUserCancel(
    codeUser: CodeUser,
    id: string,
  ): Promise<CodeUserVideoSession | Refusal | typeof SESSION_NOT_FOUND> {
    const cancelled = await this.db.transaction(
      async (trx): Promise<VideoSession | Refusal | typeof SESSION_NOT_FOUND> => {
        const row = await this.#lock(trx, codeUser.companyId, id);
        if (!row || row.device_id !== codeUser.deviceId) return SESSION_NOT_FOUND;
        const transition = videoTransition(row.status, 'cancel', 'code_user');
        if (!transition.ok) return { refused: 'status', status: row.status } as const;
        if (!(await this.#change(trx, row, 'cancel', transition.to, { kind: 'code-user' }))) {
          return { refused: 'status', status: row.status };
        }
        return (await this.#sessions(trx, [id]))[0]!;
      },
    );
    if (typeof cancelled === 'string' || 'refused' in cancelled) return cancelled;
    this.news(codeUser.companyId, cancelled, { requested: false });
    return codeUserView(cancelled);
  }

  /** For the call socket (VS-5): who may join, and whether the session is in a state to call. */
  async forCall(sessionId: string): Promise<{
    id: string;
    companyId: string;
    deviceId: string;
    status: VideoStatus;
    assigneeIds: string[];
    strokeTtlMs: number;
  } | null> {
    const row = await this.db.query
      .selectFrom('video_sessions as s')
      .innerJoin('companies as c', 'c.id', 's.company_id')
      .select(['s.id', 's.company_id', 's.device_id', 's.status', 'c.video_stroke_ttl_ms'])
      .where('s.id', '=', sessionId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      companyId: row.company_id,
      deviceId: row.device_id,
      status: row.status,
      assigneeIds: await this.#assigneeIds(this.db.query, row.id),
      strokeTtlMs: row.video_stroke_ttl_ms,
    };
  }

  /** The call began (system `start`: CONFIRMED → IN_PROGRESS, one more call); null, changing nothing, from any other status. */
  callStarted(sessionId: string): Promise<VideoSession | null> {
    return this.#system(sessionId, 'start');
  }

  /** The call is over (system `end`: IN_PROGRESS → DONE); null, changing nothing, from any other status. */
  callEnded(sessionId: string): Promise<VideoSession | null> {
    return this.#system(sessionId, 'end');
  }

  /**
   * VS-4: moves every DONE session whose company's review period ran out to CLOSED, by `system`.
   * Each is closed by a conditional update, so of several instances sweeping at once exactly one
   * records it. Resolves with how many this call closed.
   */
  async sweepReviews(): Promise<number> {
    const now = this.now();
    const done = await this.db.query
      .selectFrom('video_sessions as s')
      .innerJoin('companies as c', 'c.id', 's.company_id')
      .select(['s.id', 's.status_at', 'c.video_review_hours'])
      .where('s.status', '=', 'DONE')
      .execute();
    let closed = 0;
    for (const row of done) {
      if (Date.parse(row.status_at) + row.video_review_hours * 3_600_000 > now.getTime()) continue;
      if (await this.#system(row.id, 'close')) closed++;
    }
    return closed;
  }

  async #system(sessionId: string, event: 'start' | 'end' | 'close'): Promise<VideoSession | null> {
    const changed = await this.db.transaction(async (trx) => {
      const row = await lockForUpdate(
        this.db.engine,
        trx
          .selectFrom('video_sessions')
          .select(['id', 'company_id', 'device_id', 'status'])
          .where('id', '=', sessionId),
      ).executeTakeFirst();
      if (!row) return null;
      const transition = videoTransition(row.status, event, 'system');
      if (!transition.ok) return null;
      // Conditional on the status read: a second instance's sweep of the same row changes nothing.
      if (!(await this.#change(trx, row, event, transition.to, { kind: 'system' }))) return null;
      return { companyId: row.company_id, session: (await this.#sessions(trx, [sessionId]))[0]! };
    });
    if (!changed) return null;
    this.news(changed.companyId, changed.session, { requested: false });
    return changed.session;
  }

  /**
   * Moves the session from the status read to `to` if it still has it, recording the change;
   * false when it had moved on meanwhile.
   */
  async #change(trx: Queries, row: SessionRow, event: VideoEvent, to: VideoStatus, actor: Actor): Promise<boolean> {
    const at = this.now().toISOString();
    const updated = await trx
      .updateTable('video_sessions')
      .set((eb) => ({
        status: to,
        status_at: at,
        updated_at: at,
        ...(event === 'start' ? { calls: eb('calls', '+', 1) } : {}),
      }))
      .where('id', '=', row.id)
      .where('status', '=', row.status)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return false;
    await trx
      .insertInto('video_session_changes')
      .values({
        session_id: row.id,
        event,
        from_status: row.status,
        to_status: to,
        actor_kind: actor.kind,
        actor_user: actor.kind === 'employee' ? actor.userId : null,
        at,
      })
      .execute();
    return true;
  }

  async #insert(
    trx: Queries,
    session: {
      companyId: string;
      deviceId: string;
      ticketId: string | null;
      origin: 'request' | 'direct';
      reason: string;
      status: 'REQUESTED' | 'CONFIRMED';
      assignees: VideoPerson[];
      actor: Actor;
    },
  ): Promise<string> {
    const id = randomUUID();
    const at = this.now().toISOString();
    await trx
      .insertInto('video_sessions')
      .values({
        id,
        company_id: session.companyId,
        device_id: session.deviceId,
        ticket_id: session.ticketId,
        origin: session.origin,
        reason: session.reason,
        status: session.status,
        created_at: at,
        updated_at: at,
        status_at: at,
      })
      .execute();
    await this.#assign(trx, id, session.assignees);
    await trx
      .insertInto('video_session_changes')
      .values({
        session_id: id,
        event: session.origin === 'request' ? 'request' : 'create',
        from_status: null,
        to_status: session.status,
        actor_kind: session.actor.kind,
        actor_user: session.actor.kind === 'employee' ? session.actor.userId : null,
        at,
      })
      .execute();
    return id;
  }

  async #assign(trx: Queries, sessionId: string, assignees: readonly VideoPerson[]): Promise<void> {
    if (assignees.length === 0) return;
    await trx
      .insertInto('video_session_assignees')
      .values(assignees.map((person) => ({ session_id: sessionId, user_id: person.userId })))
      .execute();
  }

  /** Whether the company has the device (enabled or not) and, if one is named, the ticket is the device's. */
  async #deviceAndTicket(
    trx: Queries,
    companyId: string,
    deviceId: string,
    ticketId: string | undefined,
  ): Promise<boolean> {
    const device = await trx
      .selectFrom('video_devices')
      .select('id')
      .where('company_id', '=', companyId)
      .where('id', '=', deviceId)
      .executeTakeFirst();
    if (!device) return false;
    if (ticketId === undefined) return true;
    const ticket = await trx
      .selectFrom('video_tickets')
      .select('id')
      .where('company_id', '=', companyId)
      .where('device_id', '=', deviceId)
      .where('id', '=', ticketId)
      .executeTakeFirst();
    return ticket !== undefined;
  }

  /** The session's row, locked until the transaction ends (PostgreSQL; SQLite has one writer anyway). */
  async #lock(trx: Queries, companyId: string, id: string): Promise<SessionRow | undefined> {
    return lockForUpdate(
      this.db.engine,
      trx
        .selectFrom('video_sessions')
        .select(['id', 'company_id', 'device_id', 'status'])
        .where('company_id', '=', companyId)
        .where('id', '=', id),
    ).executeTakeFirst();
  }

  async #mayView(trx: Queries, employee: Employee, row: SessionRow): Promise<boolean> {
    return (
      (await this.#visible(trx, employee).select('s.id').where('s.id', '=', row.id).executeTakeFirst()) !== undefined
    );
  }

  /**
   * The company's sessions the employee may see (VS-7): all with `video.view`; otherwise those
   * they are assigned to and, with `video.conduct`, requests nobody is assigned to yet.
   */
  #visible(trx: Queries, employee: Employee) {
    const query = trx.selectFrom('video_sessions as s').where('s.company_id', '=', employee.companyId);
    if (seesAll(employee)) return query;
    return query.where((eb) => {
      const assigned = eb
        .selectFrom('video_session_assignees as a')
        .select('a.user_id')
        .whereRef('a.session_id', '=', 's.id');
      const mine = eb.exists(assigned.where('a.user_id', '=', employee.id));
      if (!conducts(employee)) return mine;
      return eb.or([mine, eb.and([eb('s.status', '=', 'REQUESTED'), eb.not(eb.exists(assigned))])]);
    });
  }

  async #assigneeIds(trx: Queries, sessionId: string): Promise<string[]> {
    const rows = await trx
      .selectFrom('video_session_assignees')
      .select('user_id')
      .where('session_id', '=', sessionId)
      .orderBy('user_id')
      .execute();
    return rows.map((row) => row.user_id);
  }

  /** The sessions `ids` names, in that order. */
  async #sessions(trx: Queries, ids: readonly string[]): Promise<VideoSession[]> {
    if (ids.length === 0) return [];
    const rows = await trx
      .selectFrom('video_sessions as s')
      .innerJoin('video_devices as d', 'd.id', 's.device_id')
      .leftJoin('video_tickets as t', 't.id', 's.ticket_id')
      .select([
        's.id',
        's.device_id',
        'd.name as device_name',
        'd.customer',
        's.status',
        's.origin',
        's.reason',
        's.ticket_id',
        't.title as ticket_title',
        's.calls',
        's.created_at',
        's.updated_at',
      ])
      .where('s.id', 'in', [...ids])
      .execute();
    const assignees = await assigneesOf(trx, 'video_session_assignees', ids);
    const byId = new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          deviceId: row.device_id,
          deviceName: row.device_name,
          customer: row.customer,
          status: row.status,
          origin: row.origin,
          reason: row.reason,
          ticket: row.ticket_id === null ? null : { id: row.ticket_id, title: row.ticket_title ?? '' },
          assignees: assignees.get(row.id) ?? [],
          calls: row.calls,
          createdAt: row.created_at,
          updatedAt: row.updated_at,
        } satisfies VideoSession,
      ]),
    );
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async #details(trx: Queries, id: string): Promise<VideoSessionDetails> {
    const [session] = await this.#sessions(trx, [id]);
    const changes = await trx
      .selectFrom('video_session_changes as c')
      .leftJoin('users as u', 'u.id', 'c.actor_user')
      .select(['c.event', 'c.from_status', 'c.to_status', 'c.actor_kind', 'c.actor_user', 'u.name', 'c.at'])
      .where('c.session_id', '=', id)
      .orderBy('c.id')
      .execute();
    const history = changes.map((change): VideoSessionChange => ({
      event: change.event as VideoSessionChange['event'],
      from: change.from_status as VideoStatus | null,
      to: change.to_status as VideoStatus,
      actor: actorOf(change.actor_kind, change.actor_user, change.name),
      at: change.at,
    }));
    return { ...session!, history };
  }
}

function actorOf(
  kind: 'employee' | 'code-user' | 'system',
  userId: string | null,
  name: string | null,
): VideoSessionActor {
  if (kind === 'employee') return { kind, userId: userId ?? '', name: name ?? '' };
  return { kind };
}

/** What a code user sees of a session: the assignees' names only, no company-internal field. */
export function codeUserView({ customer: _, assignees, ...session }: VideoSession): CodeUserVideoSession {
  return { ...session, assignees: assignees.map(({ name }) => ({ name })) };
}
