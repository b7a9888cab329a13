import { randomInt, randomUUID } from 'node:crypto';
import { sql, type Insertable, type Selectable } from 'kysely';
import { z } from 'zod';
import {
  HELP_SESSION_LIFETIME_MINUTES,
  PRESENCE_STALE_MS,
  type HelpConnectSettings,
  type HelpSession,
  type HelpSessionEvent,
  type LiveViewChange,
  type Presence,
} from '../../src-shared/liveview/contract';
import type { EndpointDb, Queries } from '../db/endpointDb';
import type { HelpRequestRecord } from '../signaling/requestTable';
import type { EndpointSchema } from '../db/schema';

/** How many IDs an open tries before it gives up: with 900 million IDs a second try is already rare. */
const CODE_ATTEMPTS = 10;

type Row = Selectable<EndpointSchema['help_sessions']>;
type EventAction = HelpSessionEvent['action'];

/** The end user's device, as its signed request names it. */
export interface HelpDevice {
  readonly deviceId: string;
  readonly companyId: string;
}

/** The supporter who looks a help session up. */
export interface HelpSupporter {
  readonly id: string;
  readonly companyId: string;
  readonly name: string;
  readonly email: string;
}

export interface OpenHelpSession {
  acknowledgement: { textVersion: string; acknowledgedAt: string };
  yourName?: string | null | undefined;
  presence: Presence;
}

export interface HelpSessionQuery {
  search?: string | undefined;
  status?: 'active' | 'idle' | undefined;
  sort: 'openedAt' | 'status' | 'deviceName' | 'code';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface HelpSessionStoreOptions {
  /** The clock (tests move it instead of waiting). */
  now?: () => Date;
  /** Where help session IDs come from: 9 digits from a cryptographic source (tests inject collisions). */
  newCode?: () => string;
  /** How long every help session lives, whatever its company set (tests: shorter than the 5 minutes a company may set). */
  lifetimeMs?: number | undefined;
  /**
   * Hears each change a supporter's Live View shows, after it is committed: an open, a presence
   * change, an end, a sweep. A heartbeat that changes only `lastSeenAt` is not told.
   */
  changed?: (companyId: string, change: LiveViewChange) => void;
}

const SORT_COLUMNS = {
  openedAt: 'opened_at',
  status: 'status',
  deviceName: 'device_name',
  code: 'code',
} as const satisfies Record<HelpSessionQuery['sort'], keyof Row>;

const tagsSchema = z.array(z.string());

/**
 * The help sessions open right now (LV-1 … LV-4) and their record (LV-8). A row lives only while
 * its help session is open: ending, expiring and going silent delete it, so the table's unique
 * keys (one per device; each ID once per company) hold among the open ones on either engine and
 * across instances, without a read-then-write. Reads leave out rows past their expiry or silent
 * for 35 s even before the sweep removes them.
 */
export class HelpSessionStore {
  readonly #now: () => Date;
  readonly #newCode: () => string;
  readonly #lifetimeMs: number | undefined;
  readonly #changed: (companyId: string, change: LiveViewChange) => void;

  constructor(
    private readonly db: EndpointDb,
    options: HelpSessionStoreOptions = {},
  ) {
    this.#now = options.now ?? (() => new Date());
    this.#newCode = options.newCode ?? (() => String(randomInt(100_000_000, 1_000_000_000)));
    this.#lifetimeMs = options.lifetimeMs;
    this.#changed = options.changed ?? (() => undefined);
  }

  /**
   * Opens the device's help session after the end user's acknowledgement, or keeps the one it has
   * open (same ID, same expiry). A new ID that another help session of the company holds at that
   * moment (even one a second instance is inserting) is refused by the database; another is drawn.
   */
  async open(
    device: HelpDevice,
    input: OpenHelpSession,
  ): Promise<{ id: string; code: string; openedAt: string; expiresAt: string; kept: boolean }> {
    const now = this.#now();
    // A leftover of this device (silent, expired, or of a company it has left) must not be kept.
    await this.#sweep(now, { deviceId: device.deviceId, alsoOtherThan: device.companyId });
    const lifetimeMs = this.#lifetimeMs ?? (await this.settings(device.companyId)).lifetimeMinutes * 60_000;
    const at = now.toISOString();
    const yourName = input.yourName ?? null;
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
      const code = this.#newCode();
      const row: Insertable<EndpointSchema['help_sessions']> = {
        id: randomUUID(),
        company_id: device.companyId,
        device_id: device.deviceId,
        code,
        opened_at: at,
        expires_at: new Date(now.getTime() + lifetimeMs).toISOString(),
        last_seen_at: at,
        ack_text_version: input.acknowledgement.textVersion,
        acknowledged_at: input.acknowledgement.acknowledgedAt,
        your_name: yourName,
        ...presenceColumns(input.presence),
        search_text: searchText(input.presence.tags, code, yourName),
      };
      const opened = await this.db.transaction(async (trx) => {
        const inserted = await trx
          .insertInto('help_sessions')
          .values(row)
          .onConflict((conflict) => conflict.doNothing())
          .returningAll()
          .executeTakeFirst();
        const acknowledged = { textVersion: row.ack_text_version, acknowledgedAt: row.acknowledged_at };
        if (inserted) {
          await this.#record(trx, at, row, 'acknowledged', acknowledged);
          await this.#record(trx, at, row, 'opened', { expiresAt: row.expires_at });
          const answer = { id: row.id, code: row.code, openedAt: at, expiresAt: row.expires_at, kept: false };
          return { answer, shown: inserted };
        }
        // Not inserted: the device has its help session open already (keep it), or the ID is taken.
        const existing = await trx
          .selectFrom('help_sessions')
          .selectAll()
          .where('device_id', '=', device.deviceId)
          .where('company_id', '=', device.companyId)
          .executeTakeFirst();
        if (!existing) return null;
        const kept = await trx
          .updateTable('help_sessions')
          .set({
            last_seen_at: at,
            ...presenceColumns(input.presence),
            search_text: searchText(input.presence.tags, existing.code, existing.your_name),
          })
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await this.#record(trx, at, existing, 'acknowledged', acknowledged);
        await this.#record(trx, at, existing, 'kept', { expiresAt: existing.expires_at });
        const answer = {
          id: existing.id,
          code: existing.code,
          openedAt: existing.opened_at,
          expiresAt: existing.expires_at,
          kept: true,
        };
        return { answer, shown: presenceChanged(existing, kept) ? kept : null };
      });
      if (opened) {
        if (opened.shown) this.#changed(device.companyId, { kind: 'upsert', helpSession: toHelpSession(opened.shown) });
        return opened.answer;
      }
    }
    throw new Error(`No free help session ID after ${CODE_ATTEMPTS} tries.`);
  }

  /** The device's presence (heartbeat or change); null when its help session has ended meanwhile. */
  async report(device: HelpDevice, presence: Presence): Promise<{ expiresAt: string } | null> {
    const now = this.#now();
    const open = await this.#fresh(now)
      .selectAll()
      .where('device_id', '=', device.deviceId)
      .where('company_id', '=', device.companyId)
      .executeTakeFirst();
    const updated =
      open &&
      (await this.db.query
        .updateTable('help_sessions')
        .set({
          last_seen_at: now.toISOString(),
          ...presenceColumns(presence),
          search_text: searchText(presence.tags, open.code, open.your_name),
        })
        .where('id', '=', open.id)
        .returningAll()
        .executeTakeFirst());
    if (updated) {
      if (presenceChanged(open, updated)) {
        this.#changed(device.companyId, { kind: 'upsert', helpSession: toHelpSession(updated) });
      }
      return { expiresAt: updated.expires_at };
    }
    await this.#sweep(now, { deviceId: device.deviceId, alsoOtherThan: device.companyId });
    return null;
  }

  /**
   * *Stop asking for help*, or the device left its company (`detail` says so): the help session is
   * gone at once. Nothing open is no error.
   */
  async end(device: HelpDevice, detail: Record<string, unknown> = {}): Promise<void> {
    const at = this.#now().toISOString();
    const ended = await this.db.transaction(async (trx) => {
      const row = await trx
        .deleteFrom('help_sessions')
        .where('device_id', '=', device.deviceId)
        .returningAll()
        .executeTakeFirst();
      if (row) await this.#record(trx, at, row, 'ended', detail);
      return row;
    });
    if (ended) this.#changed(ended.company_id, { kind: 'remove', id: ended.id, reason: 'ended' });
  }

  /** The company's open help sessions that match, one page of them, and how many match in all. */
  async list(companyId: string, query: HelpSessionQuery): Promise<{ helpSessions: HelpSession[]; total: number }> {
    let matching = this.#fresh(this.#now()).where('company_id', '=', companyId);
    if (query.status) matching = matching.where('status', '=', query.status);
    const search = normalisedSearch(query.search);
    if (search) matching = matching.where(sql<boolean>`search_text LIKE ${likePattern(search)} ESCAPE '\\'`);
    const [rows, count] = await Promise.all([
      matching
        .selectAll()
        .orderBy(SORT_COLUMNS[query.sort], query.order)
        .orderBy('id')
        .limit(query.limit)
        .offset(query.offset)
        .execute(),
      matching.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { helpSessions: rows.map(toHelpSession), total: Number(count.total) };
  }

  /** Every open help session of the company, oldest first: what a Live View subscription starts from. */
  async snapshot(companyId: string): Promise<HelpSession[]> {
    const rows = await this.#fresh(this.#now())
      .where('company_id', '=', companyId)
      .selectAll()
      .orderBy('opened_at')
      .orderBy('id')
      .execute();
    return rows.map(toHelpSession);
  }

  /**
   * Connect by code (LV-2): the company's open help session with this ID, and its device; null
   * when none has it. Either way the lookup is recorded with the supporter who made it.
   */
  async lookup(supporter: HelpSupporter, code: string): Promise<(HelpSession & { deviceId: string }) | null> {
    const now = this.#now();
    const row = await this.#fresh(now)
      .selectAll()
      .where('company_id', '=', supporter.companyId)
      .where('code', '=', code)
      .executeTakeFirst();
    await this.db.query
      .insertInto('help_session_events')
      .values({
        company_id: supporter.companyId,
        at: now.toISOString(),
        action: row ? 'looked_up' : 'lookup_failed',
        actor_kind: 'user',
        actor_id: supporter.id,
        actor: `${supporter.name} <${supporter.email}>`,
        help_session_id: row?.id ?? null,
        code,
        device_id: row?.device_id ?? null,
        detail: '{}',
      })
      .execute();
    return row ? { ...toHelpSession(row), deviceId: row.device_id } : null;
  }

  /** The company's help session with this ID (the row's key, not the 9-digit code) while it is open, with its device. */
  async openById(companyId: string, id: string): Promise<(HelpSession & { deviceId: string }) | null> {
    const row = await this.#fresh(this.#now())
      .selectAll()
      .where('company_id', '=', companyId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { ...toHelpSession(row), deviceId: row.device_id } : null;
  }

  /**
   * LV-8: one step of a supporter's connection to a help session (asked, accepted, denied, timed
   * out, failed, ended), by whoever took it: the supporter (`user`) or a device.
   */
  async recordConnection(
    record: HelpRequestRecord,
    deviceId: string,
    action: Extract<EventAction, `connection_${string}`>,
    actor: { kind: 'device' | 'user'; id: string; name: string },
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.db.query
      .insertInto('help_session_events')
      .values({
        company_id: record.companyId,
        at: this.#now().toISOString(),
        action,
        actor_kind: actor.kind,
        actor_id: actor.id,
        actor: actor.name,
        help_session_id: record.helpSessionId,
        code: record.code,
        device_id: deviceId,
        detail: JSON.stringify(detail),
      })
      .execute();
  }

  /** LV-2, LV-4: the company's choices for connections to its help sessions, and how long those live. */
  async settings(companyId: string): Promise<HelpConnectSettings> {
    const row = await this.db.query
      .selectFrom('companies')
      .select(['help_code_skips_accept', 'help_session_lifetime_minutes'])
      .where('id', '=', companyId)
      .executeTakeFirst();
    return {
      codeSkipsAccept: Number(row?.help_code_skips_accept ?? 0) === 1,
      lifetimeMinutes: Number(row?.help_session_lifetime_minutes ?? HELP_SESSION_LIFETIME_MINUTES.default),
    };
  }

  /** Changes the settings given, leaves the others; a new lifetime applies to help sessions opened from now on. */
  async changeSettings(companyId: string, settings: Partial<HelpConnectSettings>): Promise<HelpConnectSettings> {
    const { codeSkipsAccept, lifetimeMinutes } = settings;
    if (codeSkipsAccept !== undefined || lifetimeMinutes !== undefined) {
      await this.db.query
        .updateTable('companies')
        .set({
          ...(codeSkipsAccept === undefined ? {} : { help_code_skips_accept: codeSkipsAccept ? 1 : 0 }),
          ...(lifetimeMinutes === undefined ? {} : { help_session_lifetime_minutes: lifetimeMinutes }),
        })
        .where('id', '=', companyId)
        .execute();
    }
    return this.settings(companyId);
  }

  /** LV-8: the company's record, newest first. */
  async events(companyId: string, limit: number): Promise<HelpSessionEvent[]> {
    const rows = await this.db.query
      .selectFrom('help_session_events')
      .selectAll()
      .where('company_id', '=', companyId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      at: row.at,
      action: row.action as EventAction,
      actorKind: row.actor_kind,
      actorId: row.actor_id,
      actor: row.actor,
      helpSessionId: row.help_session_id,
      code: row.code,
      deviceId: row.device_id,
      detail: z.record(z.string(), z.unknown()).parse(JSON.parse(row.detail)),
    }));
  }

  /** Removes every help session that expired or went silent (each recorded once, whichever instance sweeps). */
  sweep(): Promise<number> {
    return this.#sweep(this.#now(), {});
  }

  /** The help sessions still open at `now`: not past their expiry, heard from within 35 s. */
  #fresh(now: Date) {
    return this.db.query
      .selectFrom('help_sessions')
      .where('expires_at', '>', now.toISOString())
      .where('last_seen_at', '>=', new Date(now.getTime() - PRESENCE_STALE_MS).toISOString());
  }

  async #sweep(now: Date, scope: { deviceId?: string; alsoOtherThan?: string }): Promise<number> {
    const at = now.toISOString();
    const silentBefore = new Date(now.getTime() - PRESENCE_STALE_MS).toISOString();
    const swept = await this.db.transaction(async (trx) => {
      let gone = trx.deleteFrom('help_sessions');
      if (scope.deviceId) gone = gone.where('device_id', '=', scope.deviceId);
      const removed = await gone
        .where((eb) =>
          eb.or([
            eb('expires_at', '<=', at),
            eb('last_seen_at', '<', silentBefore),
            ...(scope.alsoOtherThan ? [eb('company_id', '<>', scope.alsoOtherThan)] : []),
          ]),
        )
        .returningAll()
        .execute();
      const reasons: { row: Row; reason: 'expired' | 'silent' | 'ended' }[] = [];
      for (const row of removed) {
        const action = row.expires_at <= at ? 'expired' : row.last_seen_at < silentBefore ? 'went_silent' : 'ended';
        await this.#record(trx, at, row, action, action === 'ended' ? { left: 'company' } : {});
        reasons.push({ row, reason: action === 'went_silent' ? 'silent' : action });
      }
      return reasons;
    });
    // Only the caller whose delete removed a row tells of it: once, whichever instance swept.
    for (const { row, reason } of swept) this.#changed(row.company_id, { kind: 'remove', id: row.id, reason });
    return swept.length;
  }

  /** One entry of the record, by the help session's device. */
  async #record(
    trx: Queries,
    at: string,
    row: Pick<Row, 'id' | 'company_id' | 'device_id' | 'code' | 'device_name'>,
    action: EventAction,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await trx
      .insertInto('help_session_events')
      .values({
        company_id: row.company_id,
        at,
        action,
        actor_kind: 'device',
        actor_id: row.device_id,
        actor: row.device_name,
        help_session_id: row.id,
        code: row.code,
        device_id: row.device_id,
        detail: JSON.stringify(detail),
      })
      .execute();
  }
}

/** Whether a supporter would see a difference (anything but `lastSeenAt`). */
function presenceChanged(before: Row, after: Row): boolean {
  const shown = (row: Row) => {
    const { last_seen_at: _seen, search_text: _search, ...rest } = row;
    return JSON.stringify(rest, Object.keys(rest).sort());
  };
  return shown(before) !== shown(after);
}

function presenceColumns(presence: Presence) {
  return {
    status: presence.status,
    foreground_app: presence.foregroundApp,
    device_name: presence.deviceName,
    os_name: presence.os.name,
    os_version: presence.os.version,
    location: presence.location,
    tags: JSON.stringify(presence.tags),
  };
}

/** What a supporter's search looks through: the ID, *Your name* and every tag, lower-cased the same way on both engines. */
function searchText(tags: readonly string[], code: string, yourName: string | null): string {
  return [code, yourName ?? '', ...tags].join('\n').toLowerCase();
}

/** A search for an ID as it is shown (`123 456 789`) finds it too. */
function normalisedSearch(search: string | undefined): string {
  const trimmed = (search ?? '').trim().toLowerCase();
  return /^[\d\s-]+$/.test(trimmed) ? trimmed.replace(/[\s-]/g, '') : trimmed;
}

/** `%term%`, with the term's own `%`, `_` and `\` matched literally. */
function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

function toHelpSession(row: Row): HelpSession {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    foregroundApp: row.foreground_app,
    deviceName: row.device_name,
    os: { name: row.os_name, version: row.os_version },
    location: row.location,
    tags: tagsSchema.parse(JSON.parse(row.tags)),
    yourName: row.your_name,
    openedAt: row.opened_at,
    expiresAt: row.expires_at,
    lastSeenAt: row.last_seen_at,
  };
}
