import { createHash } from 'node:crypto';
import { AUDIT_GENESIS_HASH, canonicalJson } from '../../src-shared/consent/canonicalJson';
import type { AuditEntry } from '../../src-shared/domain/consent';
import type { ServerDatabase } from '../db/serverDatabase';

export type AppendOutcome = 'stored' | 'duplicate' | 'gap' | 'broken';

/** Each device's consent audit chain, accepted only where it continues the stored one intact. */
export class AuditStore {
  constructor(private readonly db: ServerDatabase) {}

  append(deviceId: string, entry: AuditEntry): AppendOutcome {
    const { seq, prevHash, hash, ...body } = entry;
    const existing = this.db
      .prepare('SELECT hash FROM consent_audit WHERE device_id = ? AND seq = ?')
      .get(deviceId, seq) as { hash: string } | undefined;
    if (existing) return existing.hash === hash ? 'duplicate' : 'broken';
    const last = this.db
      .prepare('SELECT seq, hash FROM consent_audit WHERE device_id = ? ORDER BY seq DESC LIMIT 1')
      .get(deviceId) as { seq: number; hash: string } | undefined;
    if (seq !== (last?.seq ?? 0) + 1) return 'gap';
    if (prevHash !== (last?.hash ?? AUDIT_GENESIS_HASH)) return 'broken';
    const computed = createHash('sha256').update(prevHash).update(canonicalJson(body)).digest('hex');
    if (computed !== hash) return 'broken';
    this.db
      .prepare(
        'INSERT INTO consent_audit (device_id, seq, request_id, at, entry, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(deviceId, seq, entry.requestId, entry.at, canonicalJson(body), prevHash, hash);
    return 'stored';
  }

  lastSeq(deviceId: string): number {
    const row = this.db.prepare('SELECT max(seq) AS seq FROM consent_audit WHERE device_id = ?').get(deviceId) as {
      seq: number | null;
    };
    return row.seq ?? 0;
  }

  /** The chains of a company's devices, each re-verified from its first entry. */
  forCompany(companyId: string): { deviceId: string; intact: boolean; entries: AuditEntry[] }[] {
    const devices = this.db
      .prepare('SELECT device_id FROM devices WHERE company_id = ? ORDER BY device_id')
      .all(companyId) as {
      device_id: string;
    }[];
    return devices.map(({ device_id: deviceId }) => {
      const rows = this.db
        .prepare('SELECT seq, entry, prev_hash, hash FROM consent_audit WHERE device_id = ? ORDER BY seq')
        .all(deviceId) as { seq: number; entry: string; prev_hash: string; hash: string }[];
      let previous = AUDIT_GENESIS_HASH;
      let intact = true;
      const entries = rows.map((row, index) => {
        const computed = createHash('sha256').update(row.prev_hash).update(row.entry).digest('hex');
        if (row.seq !== index + 1 || row.prev_hash !== previous || computed !== row.hash) intact = false;
        previous = row.hash;
        return {
          ...(JSON.parse(row.entry) as Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>),
          seq: row.seq,
          prevHash: row.prev_hash,
          hash: row.hash,
        };
      });
      return { deviceId, intact, entries };
    });
  }
}
