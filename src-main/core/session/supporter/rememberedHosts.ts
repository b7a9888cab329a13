import { z } from 'zod';
import { rememberedHostSchema, type RememberedHost } from '../../../../src-shared/session/remembered';
import type { DesktopDatabase } from '../../db/desktopDatabase';
import type { SecretProtector } from '../../security/secretProtector';

const keySchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a remembered key is 32 bytes, base64url');

/**
 * Supporter: the remembered password per host — the key derived with that host in a session by
 * its permanent password — sealed with the secret protector (the OS keychain in the desktop app),
 * in the owner-only database. It is read only to connect and never logged.
 */
export class RememberedHosts {
  constructor(
    private readonly db: DesktopDatabase,
    private readonly protector: SecretProtector,
  ) {}

  key(hostDeviceId: string): string | null {
    const row = this.db
      .prepare('SELECT sealed_key FROM remembered_hosts WHERE host_device_id = ?')
      .get(hostDeviceId) as { sealed_key: string } | undefined;
    if (!row) return null;
    // A key that does not open (another keychain, a damaged row) is as good as none: forget it.
    try {
      return keySchema.parse(this.protector.open(row.sealed_key));
    } catch {
      this.forget(hostDeviceId);
      return null;
    }
  }

  store(hostDeviceId: string, key: string, at: Date): void {
    this.db
      .prepare(
        `INSERT INTO remembered_hosts (host_device_id, sealed_key, remembered_at) VALUES (?, ?, ?)
         ON CONFLICT (host_device_id) DO UPDATE SET
           sealed_key = excluded.sealed_key, remembered_at = excluded.remembered_at`,
      )
      .run(hostDeviceId, this.protector.seal(keySchema.parse(key)), at.toISOString());
  }

  list(): RememberedHost[] {
    const rows = this.db
      .prepare('SELECT host_device_id, remembered_at FROM remembered_hosts ORDER BY remembered_at DESC')
      .all() as { host_device_id: string; remembered_at: string }[];
    return rows.map((row) =>
      rememberedHostSchema.parse({ deviceId: row.host_device_id, rememberedAt: row.remembered_at }),
    );
  }

  forget(hostDeviceId: string): boolean {
    return this.db.prepare('DELETE FROM remembered_hosts WHERE host_device_id = ?').run(hostDeviceId).changes > 0;
  }
}
