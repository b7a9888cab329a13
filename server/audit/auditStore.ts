import { createHash } from 'node:crypto';
import { AUDIT_GENESIS_HASH, canonicalJson } from '../../src-shared/consent/canonicalJson';
import type { AuditEntry } from '../../src-shared/domain/consent';
import { lockForUpdate } from '../db/dialect';
import type { EndpointDb } from '../db/endpointDb';

export type AppendOutcome = 'stored' | 'duplicate' | 'gap' | 'broken';

/**
 * Each device's consent audit chain, accepted only where it continues the stored one intact. An
 * entry is checked and stored in one transaction holding the device's row, so the same chain handed
 * in twice at once (a retry reaching another instance) stores each entry once and answers the
 * other copy as a duplicate.
 */
export class AuditStore {
  constructor(private readonly db: EndpointDb) {}

  append(deviceId: string, entry: AuditEntry): Promise<AppendOutcome> {
    const { seq, prevHash, hash, ...body } = entry;
    return this.db.transaction(async (trx): Promise<AppendOutcome> => {
      await lockForUpdate(
        this.db.engine,
        trx.selectFrom('devices').select('device_id').where('device_id', '=', deviceId),
      ).execute();
      const existing = await trx
        .selectFrom('consent_audit')
        .select('hash')
        .where('device_id', '=', deviceId)
        .where('seq', '=', seq)
        .executeTakeFirst();
      if (existing) return existing.hash === hash ? 'duplicate' : 'broken';
      const last = await trx
        .selectFrom('consent_audit')
        .select(['seq', 'hash'])
        .where('device_id', '=', deviceId)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (seq !== (last?.seq ?? 0) + 1) return 'gap';
      if (prevHash !== (last?.hash ?? AUDIT_GENESIS_HASH)) return 'broken';
      const computed = createHash('sha256').update(prevHash).update(canonicalJson(body)).digest('hex');
      if (computed !== hash) return 'broken';
      await trx
        .insertInto('consent_audit')
        .values({
          device_id: deviceId,
          seq,
          request_id: entry.requestId,
          at: entry.at,
          entry: canonicalJson(body),
          prev_hash: prevHash,
          hash,
        })
        .execute();
      return 'stored';
    });
  }

  async lastSeq(deviceId: string): Promise<number> {
    const row = await this.db.query
      .selectFrom('consent_audit')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('device_id', '=', deviceId)
      .executeTakeFirst();
    return row?.seq ?? 0;
  }

  /** The chains of a company's devices, each re-verified from its first entry. */
  async forCompany(companyId: string): Promise<{ deviceId: string; intact: boolean; entries: AuditEntry[] }[]> {
    const devices = await this.db.query
      .selectFrom('devices')
      .select('device_id')
      .where('company_id', '=', companyId)
      .orderBy('device_id')
      .execute();
    const chains = [];
    for (const { device_id: deviceId } of devices) {
      const rows = await this.db.query
        .selectFrom('consent_audit')
        .select(['seq', 'entry', 'prev_hash', 'hash'])
        .where('device_id', '=', deviceId)
        .orderBy('seq')
        .execute();
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
      chains.push({ deviceId, intact, entries });
    }
    return chains;
  }
}
