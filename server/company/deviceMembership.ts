import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { CompanyDevice } from '../../src-shared/domain/managedConfig';
import { lockForUpdate } from '../db/dialect';
import type { EndpointDb, Queries } from '../db/endpointDb';

/** Why a device did not join a company; each is an error code of the shared catalogue. */
export type JoinRefusal =
  | 'enrollment_token_unknown'
  | 'enrollment_token_revoked'
  | 'enrollment_token_expired'
  | 'enrollment_token_used_up'
  | 'device_of_another_company';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** How a device left its company: an administrator removed it, or it left on its own. */
export type LeftBy = 'administrator' | 'device';
/** Hears a device that left its company, once that is committed (the route answers after it). */
export type LeftListener = (deviceId: string, companyId: string, by: LeftBy) => Promise<void>;
/** Hears a device that joined a company (or was enrolled as managed), once that is committed. */
export type JoinedListener = (deviceId: string, companyId: string) => Promise<void>;

/**
 * AC-2, DP-2: a device belongs to a company only through what the device itself presents — IT's
 * enrolment token (it joins as a managed device) or a signed-in user of the company on it (an
 * unmanaged device) — never because an administrator typed its ID. A managed device leaves only
 * when an administrator removes it; an unmanaged one may also leave on its own. Every change of a
 * device's membership holds its row to the commit, so two instances changing it at once take turns.
 */
export class DeviceMembership {
  readonly #leftListeners: LeftListener[] = [];
  readonly #joinedListeners: JoinedListener[] = [];

  constructor(private readonly db: EndpointDb) {}

  /** What belongs to a device only while it is of its company (an open help session) ends with its membership. */
  onLeft(listener: LeftListener): void {
    this.#leftListeners.push(listener);
  }

  /** What lists a company's devices hears of a new one. */
  onJoined(listener: JoinedListener): void {
    this.#joinedListeners.push(listener);
  }

  /** DP-2: a token for IT's managed configuration; shown once, valid for `days`, for `maxUses` devices. */
  async createEnrollmentToken(
    companyId: string,
    input: { name: string; validDays: number; maxUses?: number | null | undefined },
    now = new Date(),
  ) {
    const token = `enrol_${randomBytes(24).toString('base64url')}`;
    const id = randomUUID();
    const expiresAt = new Date(now.getTime() + input.validDays * 86_400_000).toISOString();
    const maxUses = input.maxUses ?? null;
    await this.db.query
      .insertInto('enrollment_tokens')
      .values({
        id,
        company_id: companyId,
        name: input.name,
        token_hash: sha256(token),
        created_at: now.toISOString(),
        expires_at: expiresAt,
        max_uses: maxUses,
      })
      .execute();
    return { id, name: input.name, createdAt: now.toISOString(), expiresAt, uses: 0, maxUses, token };
  }

  async enrollmentTokens(companyId: string) {
    const rows = await this.db.query
      .selectFrom('enrollment_tokens')
      .select(['id', 'name', 'created_at', 'expires_at', 'uses', 'max_uses'])
      .where('company_id', '=', companyId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      uses: row.uses,
      maxUses: row.max_uses,
    }));
  }

  async revokeEnrollmentToken(companyId: string, id: string, now = new Date()): Promise<boolean> {
    const result = await this.db.query
      .updateTable('enrollment_tokens')
      .set({ revoked_at: now.toISOString() })
      .where('company_id', '=', companyId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * DP-2: a device presenting a valid token joins that company as a managed device (a device the
   * company already has through a user becomes managed). Refused, with the reason, for a token that
   * is unknown, revoked, expired or used up, and for a device of another company. Only the device
   * itself reaches this (its key signs the request): an administrator cannot pull a device in.
   * A use is counted by one conditional update, so devices enrolling through several instances at
   * once never use a token more often than it allows.
   */
  async enroll(
    deviceId: string,
    token: string,
    now = new Date(),
  ): Promise<{ companyId: string; companyName: string } | JoinRefusal> {
    let joined = false;
    const outcome = await this.db.transaction(async (trx) => {
      const row = await trx
        .selectFrom('enrollment_tokens as t')
        .innerJoin('companies as c', 'c.id', 't.company_id')
        .select(['t.id', 't.company_id', 't.name as token_name', 't.expires_at', 't.revoked_at', 'c.name'])
        .where('t.token_hash', '=', sha256(token))
        .executeTakeFirst();
      if (!row) return 'enrollment_token_unknown' as const;
      if (row.revoked_at) return 'enrollment_token_revoked' as const;
      if (row.expires_at <= now.toISOString()) return 'enrollment_token_expired' as const;
      const current = await this.#lockMembership(trx, deviceId);
      if (current?.company_id && current.company_id !== row.company_id) return 'device_of_another_company' as const;
      // Enrolling again at the next start (the token stays in the configuration) is not another use.
      if (current?.company_id === row.company_id && current.managed === 1)
        return { companyId: row.company_id, companyName: row.name };
      const used = await trx
        .updateTable('enrollment_tokens')
        .set((eb) => ({ uses: eb('uses', '+', 1) }))
        .where('id', '=', row.id)
        .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
        .returning('id')
        .executeTakeFirst();
      if (!used) return 'enrollment_token_used_up' as const;
      await this.#join(trx, deviceId, row.company_id, true, row.token_name, now);
      joined = true;
      return { companyId: row.company_id, companyName: row.name };
    });
    if (joined && typeof outcome !== 'string') await this.#tellJoined(deviceId, outcome.companyId);
    return outcome;
  }

  /**
   * A signed-in user of the company, on the device itself (its key and their session both prove
   * it), adds the device to their company as an unmanaged device, which may leave again on its own.
   */
  async joinThroughUser(
    deviceId: string,
    companyId: string,
    userEmail: string,
    now = new Date(),
  ): Promise<JoinRefusal | null> {
    const outcome = await this.db.transaction(async (trx) => {
      const current = await this.#lockMembership(trx, deviceId);
      if (current?.company_id === companyId) return null;
      if (current?.company_id) return 'device_of_another_company' as const;
      await this.#join(trx, deviceId, companyId, false, userEmail, now);
      return 'joined' as const;
    });
    if (outcome !== 'joined') return outcome;
    await this.#tellJoined(deviceId, companyId);
    return null;
  }

  /** The device's own request to leave: only while no IT enrolment made it managed. */
  async leave(deviceId: string): Promise<'no_company' | 'managed_device' | null> {
    const outcome = await this.db.transaction(async (trx) => {
      const current = await this.#lockMembership(trx, deviceId);
      if (!current?.company_id) return 'no_company' as const;
      if (current.managed === 1) return 'managed_device' as const;
      await this.#release(trx, deviceId);
      return { left: current.company_id };
    });
    if (typeof outcome === 'string') return outcome;
    await this.#tellLeft(deviceId, outcome.left, 'device');
    return null;
  }

  /** An administrator removes one of the company's devices, managed or not (its policy goes too). */
  async removeDevice(companyId: string, deviceId: string): Promise<boolean> {
    const removed = await this.db.transaction(async (trx) => {
      if ((await this.#lockMembership(trx, deviceId))?.company_id !== companyId) return false;
      await this.#release(trx, deviceId);
      return true;
    });
    if (removed) await this.#tellLeft(deviceId, companyId, 'administrator');
    return removed;
  }

  /** The company's devices, for its administrators: how each joined, its policy, and whether it is online. */
  async devices(companyId: string, isOnline: (deviceId: string) => boolean = () => false): Promise<CompanyDevice[]> {
    const rows = await this.db.query
      .selectFrom('devices as d')
      .leftJoin('device_policies as dp', 'dp.device_id', 'd.device_id')
      .leftJoin('policies as p', (join) =>
        join.onRef('p.id', '=', 'dp.policy_id').onRef('p.company_id', '=', 'd.company_id'),
      )
      .select([
        'd.device_id',
        'd.name',
        'd.platform',
        'd.app_version',
        'd.managed',
        'd.joined_at',
        'd.joined_via',
        'd.last_seen_at',
        'd.unattended',
        'p.id as policy_id',
        'p.name as policy_name',
      ])
      .where('d.company_id', '=', companyId)
      .orderBy('d.joined_at')
      .orderBy('d.device_id')
      .execute();
    return rows.map((row) => ({
      deviceId: row.device_id,
      name: row.name,
      platform: row.platform,
      appVersion: row.app_version,
      managed: row.managed === 1,
      joinedAt: row.joined_at,
      joinedVia: row.joined_via,
      lastSeenAt: row.last_seen_at,
      online: isOnline(row.device_id),
      unattended: row.unattended === null ? null : row.unattended === 1,
      policyId: row.policy_id,
      policyName: row.policy_name,
    }));
  }

  /** The device's own view of its company. */
  async membership(deviceId: string) {
    const row = await this.db.query
      .selectFrom('devices as d')
      .innerJoin('companies as c', 'c.id', 'd.company_id')
      .select(['d.company_id', 'c.name', 'd.managed', 'd.joined_at', 'd.joined_via'])
      .where('d.device_id', '=', deviceId)
      .executeTakeFirst();
    if (!row?.company_id)
      return { companyId: null, companyName: null, managed: false, joinedAt: null, joinedVia: null };
    return {
      companyId: row.company_id,
      companyName: row.name,
      managed: row.managed === 1,
      joinedAt: row.joined_at,
      joinedVia: row.joined_via,
    };
  }

  /** The device's membership, its row held to the commit (SQLite: one writer at a time anyway). */
  #lockMembership(trx: Queries, deviceId: string) {
    return lockForUpdate(
      this.db.engine,
      trx.selectFrom('devices').select(['company_id', 'managed']).where('device_id', '=', deviceId),
    ).executeTakeFirst();
  }

  async #join(trx: Queries, deviceId: string, companyId: string, managed: boolean, via: string, now: Date) {
    await trx
      .updateTable('devices')
      .set({ company_id: companyId, managed: managed ? 1 : 0, joined_at: now.toISOString(), joined_via: via })
      .where('device_id', '=', deviceId)
      .execute();
  }

  async #tellLeft(deviceId: string, companyId: string, by: LeftBy): Promise<void> {
    for (const listener of this.#leftListeners) await listener(deviceId, companyId, by);
  }

  async #tellJoined(deviceId: string, companyId: string): Promise<void> {
    for (const listener of this.#joinedListeners) await listener(deviceId, companyId);
  }

  async #release(trx: Queries, deviceId: string) {
    await trx.deleteFrom('device_policies').where('device_id', '=', deviceId).execute();
    await trx
      .updateTable('devices')
      .set({ company_id: null, managed: 0, joined_at: null, joined_via: null })
      .where('device_id', '=', deviceId)
      .execute();
  }
}
