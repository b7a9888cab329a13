import { z } from 'zod';
import { rememberedSupporterSchema, type RememberedSupporter } from '../../../../src-shared/session/remembered';
import type { DesktopDatabase } from '../../db/desktopDatabase';

const rowSchema = z.object({
  supporter_device_id: z.string(),
  name: z.string(),
  company: z.string(),
  verified: z.union([z.literal(0), z.literal(1)]),
  remembered_at: z.string(),
  last_used_at: z.string().nullable(),
});

/**
 * Host: the supporter devices that connect by a remembered password — per device, the OPAQUE record
 * of the key derived in the session where they asked for it (cheaply stretched: see
 * `KEY_STRETCHING`), with who they were and when. Only the permanent password's holder can add one,
 * so every change of that password (or turning unattended access off) forgets them all.
 */
export class RememberedSupporters {
  constructor(
    private readonly db: DesktopDatabase,
    private readonly changed: () => void = () => {},
  ) {}

  /** The record a `remembered` attempt from this device is checked against, if any. */
  record(supporterDeviceId: string): string | null {
    const row = this.db
      .prepare('SELECT record FROM remembered_supporters WHERE supporter_device_id = ?')
      .get(supporterDeviceId) as { record: string } | undefined;
    return row?.record ?? null;
  }

  /** Remembers (or remembers again, with a new key) a supporter device. */
  remember(
    supporter: { deviceId: string; name: string; company: string; verified: boolean },
    record: string,
    at: Date,
  ): void {
    this.db
      .prepare(
        `INSERT INTO remembered_supporters
           (supporter_device_id, record, name, company, verified, remembered_at, last_used_at)
         VALUES (?, ?, ?, ?, ?, ?, NULL)
         ON CONFLICT (supporter_device_id) DO UPDATE SET
           record = excluded.record, name = excluded.name, company = excluded.company,
           verified = excluded.verified, remembered_at = excluded.remembered_at, last_used_at = NULL`,
      )
      .run(supporter.deviceId, record, supporter.name, supporter.company, supporter.verified ? 1 : 0, at.toISOString());
    this.changed();
  }

  /** A session by this device's remembered password started. */
  used(supporterDeviceId: string, at: Date): void {
    this.db
      .prepare('UPDATE remembered_supporters SET last_used_at = ? WHERE supporter_device_id = ?')
      .run(at.toISOString(), supporterDeviceId);
    this.changed();
  }

  list(): RememberedSupporter[] {
    const rows = this.db
      .prepare(
        `SELECT supporter_device_id, name, company, verified, remembered_at, last_used_at
           FROM remembered_supporters ORDER BY remembered_at DESC`,
      )
      .all();
    return rows.map((raw) => {
      const row = rowSchema.parse(raw);
      return rememberedSupporterSchema.parse({
        deviceId: row.supporter_device_id,
        name: row.name,
        company: row.company,
        verified: row.verified === 1,
        rememberedAt: row.remembered_at,
        lastUsedAt: row.last_used_at,
      });
    });
  }

  /** Forgets one device, or (null) every one. Answers how many were forgotten. */
  forget(supporterDeviceId: string | null): number {
    const { changes } =
      supporterDeviceId === null
        ? this.db.prepare('DELETE FROM remembered_supporters').run()
        : this.db.prepare('DELETE FROM remembered_supporters WHERE supporter_device_id = ?').run(supporterDeviceId);
    if (changes > 0) this.changed();
    return changes;
  }
}
