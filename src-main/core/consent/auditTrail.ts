import { createHash } from 'node:crypto';
import type { AuditEntry } from '../../../src-shared/domain/consent';
import { AUDIT_GENESIS_HASH, canonicalJson } from '../../../src-shared/consent/canonicalJson';
import type { DesktopDatabase } from '../db/desktopDatabase';

const GENESIS = AUDIT_GENESIS_HASH;
const canonical = canonicalJson;

type NewEntry = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

/**
 * The consent audit trail: append-only, each entry hashing the one before, so an edited, removed
 * or reordered entry breaks the chain (tamper-evident; `verify` says where).
 */
export class AuditTrail {
  constructor(
    private readonly db: DesktopDatabase,
    private readonly appended: () => void = () => undefined,
  ) {}

  append(entry: NewEntry): AuditEntry {
    const stored = this.db.transaction(() => {
      const last = this.db.prepare('SELECT seq, hash FROM consent_audit ORDER BY seq DESC LIMIT 1').get() as
        { seq: number; hash: string } | undefined;
      const prevHash = last?.hash ?? GENESIS;
      const body = canonical(entry);
      const hash = createHash('sha256').update(prevHash).update(body).digest('hex');
      const seq = (last?.seq ?? 0) + 1;
      this.db
        .prepare('INSERT INTO consent_audit (seq, request_id, at, entry, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)')
        .run(seq, entry.requestId, entry.at, body, prevHash, hash);
      return { ...entry, seq, prevHash, hash };
    })();
    this.appended();
    return stored;
  }

  entries(): AuditEntry[] {
    const rows = this.db.prepare('SELECT seq, entry, prev_hash, hash FROM consent_audit ORDER BY seq').all() as {
      seq: number;
      entry: string;
      prev_hash: string;
      hash: string;
    }[];
    return rows.map((row) => ({
      ...(JSON.parse(row.entry) as NewEntry),
      seq: row.seq,
      prevHash: row.prev_hash,
      hash: row.hash,
    }));
  }

  /** The first entry that does not fit the chain, or null when all is intact. */
  verify(): { seq: number; problem: string } | null {
    let prevHash = GENESIS;
    let expectedSeq = 1;
    const rows = this.db.prepare('SELECT seq, entry, prev_hash, hash FROM consent_audit ORDER BY seq').all() as {
      seq: number;
      entry: string;
      prev_hash: string;
      hash: string;
    }[];
    for (const row of rows) {
      if (row.seq !== expectedSeq) return { seq: row.seq, problem: `entry ${expectedSeq} is missing` };
      if (row.prev_hash !== prevHash) return { seq: row.seq, problem: 'does not follow the entry before it' };
      const hash = createHash('sha256')
        .update(prevHash)
        .update(canonical(JSON.parse(row.entry)))
        .digest('hex');
      if (hash !== row.hash) return { seq: row.seq, problem: 'its content was changed' };
      prevHash = row.hash;
      expectedSeq++;
    }
    return null;
  }
}
