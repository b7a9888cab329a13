import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { CompanyDevice } from '../../src-shared/domain/managedConfig';
import type { ServerDatabase } from '../db/serverDatabase';

/** Why a device did not join a company; each is an error code of the shared catalogue. */
export type JoinRefusal =
  | 'enrollment_token_unknown'
  | 'enrollment_token_revoked'
  | 'enrollment_token_expired'
  | 'enrollment_token_used_up'
  | 'device_of_another_company';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * AC-2, DP-2: a device belongs to a company only through what the device itself presents — IT's
 * enrolment token (it joins as a managed device) or a signed-in user of the company on it (an
 * unmanaged device) — never because an administrator typed its ID. A managed device leaves only
 * when an administrator removes it; an unmanaged one may also leave on its own.
 */
export class DeviceMembership {
  constructor(
    private readonly db: ServerDatabase,
    private readonly companyName: (companyId: string) => string,
  ) {}

  /** DP-2: a token for IT's managed configuration; shown once, valid for `days`, for `maxUses` devices. */
  createEnrollmentToken(
    companyId: string,
    input: { name: string; validDays: number; maxUses?: number | null | undefined },
    now = new Date(),
  ) {
    const token = `enrol_${randomBytes(24).toString('base64url')}`;
    const id = randomUUID();
    const expiresAt = new Date(now.getTime() + input.validDays * 86_400_000).toISOString();
    const maxUses = input.maxUses ?? null;
    this.db
      .prepare(
        'INSERT INTO enrollment_tokens (id, company_id, name, token_hash, created_at, expires_at, max_uses) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, companyId, input.name, sha256(token), now.toISOString(), expiresAt, maxUses);
    return { id, name: input.name, createdAt: now.toISOString(), expiresAt, uses: 0, maxUses, token };
  }

  enrollmentTokens(companyId: string) {
    return (
      this.db
        .prepare(
          'SELECT id, name, created_at, expires_at, uses, max_uses FROM enrollment_tokens WHERE company_id = ? AND revoked_at IS NULL ORDER BY created_at',
        )
        .all(companyId) as {
        id: string;
        name: string;
        created_at: string;
        expires_at: string;
        uses: number;
        max_uses: number | null;
      }[]
    ).map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      uses: row.uses,
      maxUses: row.max_uses,
    }));
  }

  revokeEnrollmentToken(companyId: string, id: string, now = new Date()): boolean {
    return (
      this.db
        .prepare('UPDATE enrollment_tokens SET revoked_at = ? WHERE company_id = ? AND id = ? AND revoked_at IS NULL')
        .run(now.toISOString(), companyId, id).changes > 0
    );
  }

  /**
   * DP-2: a device presenting a valid token joins that company as a managed device (a device the
   * company already has through a user becomes managed). Refused, with the reason, for a token that
   * is unknown, revoked, expired or used up, and for a device of another company. Only the device
   * itself reaches this (its key signs the request): an administrator cannot pull a device in.
   */
  enroll(deviceId: string, token: string, now = new Date()): { companyId: string; companyName: string } | JoinRefusal {
    return this.db.transaction(() => {
      const row = this.db
        .prepare(
          `SELECT t.id, t.company_id, t.name AS token_name, t.expires_at, t.revoked_at, t.uses, t.max_uses, c.name
             FROM enrollment_tokens t JOIN companies c ON c.id = t.company_id WHERE t.token_hash = ?`,
        )
        .get(sha256(token)) as
        | {
            id: string;
            company_id: string;
            token_name: string;
            expires_at: string;
            revoked_at: string | null;
            uses: number;
            max_uses: number | null;
            name: string;
          }
        | undefined;
      if (!row) return 'enrollment_token_unknown' as const;
      if (row.revoked_at) return 'enrollment_token_revoked' as const;
      if (row.expires_at <= now.toISOString()) return 'enrollment_token_expired' as const;
      const current = this.#membership(deviceId);
      if (current?.company_id && current.company_id !== row.company_id) return 'device_of_another_company' as const;
      // Enrolling again at the next start (the token stays in the configuration) is not another use.
      if (current?.company_id === row.company_id && current.managed === 1)
        return { companyId: row.company_id, companyName: row.name };
      if (row.max_uses !== null && row.uses >= row.max_uses) return 'enrollment_token_used_up' as const;
      this.#join(deviceId, row.company_id, true, row.token_name, now);
      this.db.prepare('UPDATE enrollment_tokens SET uses = uses + 1 WHERE id = ?').run(row.id);
      return { companyId: row.company_id, companyName: row.name };
    })();
  }

  /**
   * A signed-in user of the company, on the device itself (its key and their session both prove
   * it), adds the device to their company as an unmanaged device, which may leave again on its own.
   */
  joinThroughUser(deviceId: string, companyId: string, userEmail: string, now = new Date()): JoinRefusal | null {
    return this.db.transaction(() => {
      const current = this.#membership(deviceId);
      if (current?.company_id === companyId) return null;
      if (current?.company_id) return 'device_of_another_company' as const;
      this.#join(deviceId, companyId, false, userEmail, now);
      return null;
    })();
  }

  /** The device's own request to leave: only while no IT enrolment made it managed. */
  leave(deviceId: string): 'no_company' | 'managed_device' | null {
    const current = this.#membership(deviceId);
    if (!current?.company_id) return 'no_company';
    if (current.managed === 1) return 'managed_device';
    this.#release(deviceId);
    return null;
  }

  /** An administrator removes one of the company's devices, managed or not (its policy goes too). */
  removeDevice(companyId: string, deviceId: string): boolean {
    if (this.#membership(deviceId)?.company_id !== companyId) return false;
    this.#release(deviceId);
    return true;
  }

  /** The company's devices, for its administrators: how each joined, its policy, and whether it is online. */
  devices(companyId: string, isOnline: (deviceId: string) => boolean = () => false): CompanyDevice[] {
    return (
      this.db
        .prepare(
          `SELECT d.device_id, d.name, d.platform, d.app_version, d.managed, d.joined_at, d.joined_via, d.last_seen_at,
                  p.id AS policy_id, p.name AS policy_name
             FROM devices d
             LEFT JOIN device_policies dp ON dp.device_id = d.device_id
             LEFT JOIN policies p ON p.id = dp.policy_id AND p.company_id = d.company_id
            WHERE d.company_id = ? ORDER BY d.joined_at, d.device_id`,
        )
        .all(companyId) as {
        device_id: string;
        name: string;
        platform: string;
        app_version: string | null;
        managed: number;
        joined_at: string | null;
        joined_via: string | null;
        last_seen_at: string | null;
        policy_id: string | null;
        policy_name: string | null;
      }[]
    ).map((row) => ({
      deviceId: row.device_id,
      name: row.name,
      platform: row.platform,
      appVersion: row.app_version,
      managed: row.managed === 1,
      joinedAt: row.joined_at,
      joinedVia: row.joined_via,
      lastSeenAt: row.last_seen_at,
      online: isOnline(row.device_id),
      policyId: row.policy_id,
      policyName: row.policy_name,
    }));
  }

  /** The device's own view of its company. */
  membership(deviceId: string) {
    const row = this.#membership(deviceId);
    if (!row?.company_id)
      return { companyId: null, companyName: null, managed: false, joinedAt: null, joinedVia: null };
    return {
      companyId: row.company_id,
      companyName: this.companyName(row.company_id),
      managed: row.managed === 1,
      joinedAt: row.joined_at,
      joinedVia: row.joined_via,
    };
  }

  #membership(deviceId: string) {
    return this.db
      .prepare('SELECT company_id, managed, joined_at, joined_via FROM devices WHERE device_id = ?')
      .get(deviceId) as
      { company_id: string | null; managed: number; joined_at: string | null; joined_via: string | null } | undefined;
  }

  #join(deviceId: string, companyId: string, managed: boolean, via: string, now: Date): void {
    this.db
      .prepare('UPDATE devices SET company_id = ?, managed = ?, joined_at = ?, joined_via = ? WHERE device_id = ?')
      .run(companyId, managed ? 1 : 0, now.toISOString(), via, deviceId);
  }

  #release(deviceId: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM device_policies WHERE device_id = ?').run(deviceId);
      this.db
        .prepare(
          'UPDATE devices SET company_id = NULL, managed = 0, joined_at = NULL, joined_via = NULL WHERE device_id = ?',
        )
        .run(deviceId);
    })();
  }
}
