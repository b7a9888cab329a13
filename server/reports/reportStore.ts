import type { ConnectionReport } from '../../src-shared/domain/connectionReport';
import type { EndReason } from '../../src-shared/signaling/protocol';
import type { ServerDatabase } from '../db/serverDatabase';

interface ReportRow {
  request_id: string;
  method: 'password' | 'code';
  access: 'full' | 'view';
  supporter_device_id: string;
  supporter_name: string;
  supporter_company: string;
  host_device_id: string;
  requested_at: string;
  started_at: string | null;
  ended_at: string | null;
  outcome: ConnectionReport['outcome'];
}

/** RS-11: one row per connection request, completed as the session starts and ends. */
export class ReportStore {
  constructor(private readonly db: ServerDatabase) {}

  open(report: {
    requestId: string;
    method: 'password' | 'code';
    access: 'full' | 'view';
    supporterDeviceId: string;
    supporterName: string;
    supporterCompany: string;
    hostDeviceId: string;
    at: Date;
  }): void {
    this.db
      .prepare(
        `INSERT INTO connection_reports (request_id, method, access, supporter_device_id, supporter_name,
           supporter_company, host_device_id, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        report.requestId,
        report.method,
        report.access,
        report.supporterDeviceId,
        report.supporterName,
        report.supporterCompany,
        report.hostDeviceId,
        report.at.toISOString(),
      );
  }

  started(requestId: string, at: Date): void {
    this.db
      .prepare('UPDATE connection_reports SET started_at = ? WHERE request_id = ? AND started_at IS NULL')
      .run(at.toISOString(), requestId);
  }

  /** A session that started completes however it ends; one that never started keeps the reason. */
  ended(requestId: string, reason: EndReason, at: Date): void {
    this.db
      .prepare(
        `UPDATE connection_reports
           SET ended_at = ?, outcome = CASE WHEN started_at IS NULL THEN ? ELSE 'completed' END
         WHERE request_id = ? AND ended_at IS NULL`,
      )
      .run(at.toISOString(), reason, requestId);
  }

  forDevice(deviceId: string, limit = 200): ConnectionReport[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM connection_reports WHERE supporter_device_id = ? OR host_device_id = ?
         ORDER BY requested_at DESC LIMIT ?`,
      )
      .all(deviceId, deviceId, limit) as ReportRow[];
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
    outcome: row.outcome,
  };
}
