import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReportStore } from '../../../../server/reports/reportStore';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../support/endpointDbs';

const SUPPORTER = '111222333';
const HOST = '444555666';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 12, minute));
const request = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

describe.each(ENGINES)('the connection report store on %s', (engine) => {
  let test: TestEndpointDb;
  let reports: ReportStore;

  beforeEach(async () => {
    test = await openTestEndpointDb(engine);
    reports = new ReportStore(test.db);
    await test.db.query
      .insertInto('devices')
      .values(
        [SUPPORTER, HOST, '777888999'].map((device_id) => ({
          device_id,
          public_key: 'k',
          platform: 'linux',
          name: `pc-${device_id}`,
          registered_at: 'now',
        })),
      )
      .execute();
  });
  afterEach(() => test.close());

  const open = (n: number, host = HOST) =>
    reports.open({
      requestId: request(n),
      method: 'password',
      access: 'full',
      supporterDeviceId: SUPPORTER,
      supporterName: 'Ada',
      supporterCompany: 'Acme',
      hostDeviceId: host,
      at: at(n * 10),
    });

  it('completes a session that started however it ends, keeps the reason of one that never did, newest first', async () => {
    await open(1);
    await reports.started(request(1), at(11));
    await reports.started(request(1), at(12));
    await reports.ended(request(1), 'ended_by_host', at(15));
    await reports.ended(request(1), 'connection_lost', at(16));
    await open(2);
    await reports.ended(request(2), 'denied', at(21));
    await open(3, '777888999');

    const forHost = await reports.forDevice(HOST);
    expect(forHost.map((report) => [report.requestId, report.outcome, report.durationSeconds])).toEqual([
      [request(2), 'denied', null],
      [request(1), 'completed', 240],
    ]);
    expect(forHost[1]).toEqual({
      requestId: request(1),
      method: 'password',
      access: 'full',
      supporterDeviceId: SUPPORTER,
      supporterName: 'Ada',
      supporterCompany: 'Acme',
      hostDeviceId: HOST,
      requestedAt: at(10).toISOString(),
      startedAt: at(11).toISOString(),
      endedAt: at(15).toISOString(),
      durationSeconds: 240,
      outcome: 'completed',
    });
    expect((await reports.forDevice(SUPPORTER)).map((report) => [report.requestId, report.outcome])).toEqual([
      [request(3), 'pending'],
      [request(2), 'denied'],
      [request(1), 'completed'],
    ]);
    expect(await reports.forDevice(SUPPORTER, 1)).toHaveLength(1);
  });
});
