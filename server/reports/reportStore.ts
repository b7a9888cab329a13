import type { ConnectionReport } from '../../src-shared/domain/connectionReport';
import type { EndReason } from '../../src-shared/signaling/protocol';
import type { Selectable } from 'kysely';
import type { EndpointDb } from '../db/endpointDb';
import type { EndpointSchema } from '../db/schema';

type ReportRow = Selectable<EndpointSchema['connection_reports']>;

/** RS-11: one row per connection request, completed as the session starts and ends. */
export class ReportStore {
  constructor(private readonly db: EndpointDb) {}

  async open(report: {
    requestId: string;
    method: 'password' | 'code';
    access: 'full' | 'view';
    supporterDeviceId: string;
    supporterName: string;
    supporterCompany: string;
    hostDeviceId: string;
    at: Date;
  }): Promise<void> {
    await this.db.query
      .insertInto('connection_reports')
      .values({
        request_id: report.requestId,
        method: report.method,
        access: report.access,
        supporter_device_id: report.supporterDeviceId,
        supporter_name: report.supporterName,
        supporter_company: report.supporterCompany,
        host_device_id: report.hostDeviceId,
        requested_at: report.at.toISOString(),
      })
      .execute();
  }

  async started(requestId: string, at: Date): Promise<void> {
    await this.db.query
      .updateTable('connection_reports')
      .set({ started_at: at.toISOString() })
      .where('request_id', '=', requestId)
      .where('started_at', 'is', null)
      .execute();
  }

  /** A session that started completes however it ends; one that never started keeps the reason. */
  async ended(requestId: string, reason: EndReason, at: Date): Promise<void> {
    await this.db.query
      .updateTable('connection_reports')
      .set((eb) => ({
        ended_at: at.toISOString(),
        outcome: eb.case().when('started_at', 'is', null).then(reason).else('completed').end(),
      }))
      .where('request_id', '=', requestId)
      .where('ended_at', 'is', null)
      .execute();
  }

  async forDevice(deviceId: string, limit = 200): Promise<ConnectionReport[]> {
    const rows = await this.db.query
      .selectFrom('connection_reports')
      .selectAll()
      .where((eb) => eb.or([eb('supporter_device_id', '=', deviceId), eb('host_device_id', '=', deviceId)]))
      .orderBy('requested_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toReport);
  }
}

function toReport(row: ReportRow): ConnectionReport {
  const duration =
    row.started_at && row.ended_at ? (Date.parse(row.ended_at) - Date.parse(row.started_at)) / 1000 : null;
  return {
    requestId: row.request_id,
    method: row.method,
    access: row.access,
    supporterDeviceId: row.supporter_device_id,
    supporterName: row.supporter_name,
    supporterCompany: row.supporter_company,
    hostDeviceId: row.host_device_id,
    requestedAt: row.requested_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationSeconds: duration,
    outcome: row.outcome as ConnectionReport['outcome'],
  };
}
