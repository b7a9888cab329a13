import { describe, expect, it } from 'vitest';
import type { HelpSession } from '../../../../src-shared/liveview/contract';
import {
  applyRows,
  DEFAULT_QUERY,
  groupCode,
  useLiveViewStore,
  visibleRows,
  type LiveViewQuery,
} from '../../../../src-renderer/liveview/liveViewStore';

let next = 0;
/** A help session as the endpoint sends it, opened `minutesAgo` minutes ago. */
function helpSession(patch: Partial<HelpSession> & { minutesAgo?: number } = {}): HelpSession {
  const { minutesAgo = 0, ...rest } = patch;
  next += 1;
  const openedAt = new Date(Date.UTC(2026, 10, 30, 12, 0) - minutesAgo * 60_000).toISOString();
  return {
    id: `hs-${next}`,
    code: String(100_000_000 + next),
    status: 'active',
    foregroundApp: 'Excel',
    deviceName: `PC-${next}`,
    os: { name: 'Windows', version: '11' },
    location: 'Berlin',
    tags: [],
    yourName: null,
    openedAt,
    expiresAt: openedAt,
    lastSeenAt: openedAt,
    ...rest,
  };
}

const mapOf = (...rows: HelpSession[]) => new Map(rows.map((row) => [row.id, row]));
const query = (patch: Partial<LiveViewQuery>): LiveViewQuery => ({ ...DEFAULT_QUERY, ...patch });
const names = (rows: HelpSession[]) => rows.map((row) => row.deviceName);

describe('the Live View’s rows in the window', () => {
  it('a batch adds, changes and removes rows; a snapshot replaces them, keeping each unchanged row’s object (no flicker)', () => {
    const erika = helpSession({ deviceName: 'Erika' });
    const max = helpSession({ deviceName: 'Max' });
    const rows = applyRows(new Map(), { snapshot: true, upserts: [erika, max], removes: [] });
    expect(names([...rows.values()])).toEqual(['Erika', 'Max']);

    const idle = { ...max, status: 'idle' as const };
    const lena = helpSession({ deviceName: 'Lena' });
    const changed = applyRows(rows, { snapshot: false, upserts: [idle, lena], removes: [erika.id] });
    expect([...changed.values()].map((row) => `${row.deviceName}:${row.status}`)).toEqual(['Max:idle', 'Lena:active']);
    expect(rows.get(max.id)!.status).toBe('active');

    // A renewed subscription's snapshot: Max unchanged (an equal copy), Lena gone, Jonas new.
    const jonas = helpSession({ deviceName: 'Jonas' });
    const reconciled = applyRows(changed, { snapshot: true, upserts: [structuredClone(idle), jonas], removes: [] });
    expect(names([...reconciled.values()])).toEqual(['Max', 'Jonas']);
    expect(reconciled.get(max.id)).toBe(changed.get(max.id));
  });

  it('sorts by opened, status, device and ID, either way; ties keep the order they were opened in', () => {
    const old = helpSession({ deviceName: 'beta', status: 'idle', code: '300000000', minutesAgo: 30 });
    const mid = helpSession({ deviceName: 'Alpha', status: 'active', code: '200000000', minutesAgo: 20 });
    const recent = helpSession({ deviceName: 'gamma', status: 'idle', code: '100000000', minutesAgo: 1 });
    const rows = mapOf(recent, old, mid);
    expect(names(visibleRows(rows, DEFAULT_QUERY))).toEqual(['beta', 'Alpha', 'gamma']);
    expect(names(visibleRows(rows, query({ order: 'desc' })))).toEqual(['gamma', 'Alpha', 'beta']);
    expect(names(visibleRows(rows, query({ sort: 'status' })))).toEqual(['Alpha', 'beta', 'gamma']);
    expect(names(visibleRows(rows, query({ sort: 'status', order: 'desc' })))).toEqual(['beta', 'gamma', 'Alpha']);
    expect(names(visibleRows(rows, query({ sort: 'deviceName' })))).toEqual(['Alpha', 'beta', 'gamma']);
    expect(names(visibleRows(rows, query({ sort: 'code' })))).toEqual(['gamma', 'Alpha', 'beta']);
  });

  it('filters by status and finds a row by any tag, by its ID as shown or typed, by device or name', () => {
    const erika = helpSession({
      deviceName: 'Erika-PC',
      code: '123456789',
      tags: ['erika@acme.test', 'Accounting'],
      yourName: 'Erika Muster',
    });
    const max = helpSession({ deviceName: 'Max-PC', status: 'idle', code: '987654321', tags: ['Sales'] });
    const rows = mapOf(erika, max);
    expect(names(visibleRows(rows, query({ status: 'idle' })))).toEqual(['Max-PC']);
    expect(names(visibleRows(rows, query({ status: 'active' })))).toEqual(['Erika-PC']);
    expect(names(visibleRows(rows, query({ search: 'accounting' })))).toEqual(['Erika-PC']);
    expect(names(visibleRows(rows, query({ search: 'ERIKA@acme' })))).toEqual(['Erika-PC']);
    expect(names(visibleRows(rows, query({ search: '123 456 789' })))).toEqual(['Erika-PC']);
    expect(names(visibleRows(rows, query({ search: '654-321' })))).toEqual(['Max-PC']);
    expect(names(visibleRows(rows, query({ search: 'muster' })))).toEqual(['Erika-PC']);
    expect(names(visibleRows(rows, query({ search: 'sales', status: 'active' })))).toEqual([]);
    expect(names(visibleRows(rows, query({ search: '   ' })))).toEqual(['Erika-PC', 'Max-PC']);
  });

  it('shows a help session ID in groups of three digits', () => {
    expect(groupCode('123456789')).toBe('123 456 789');
  });

  it('the store applies batches in order and keeps the supporter’s sort, filter and search', () => {
    const store = useLiveViewStore.getState();
    const erika = helpSession({ deviceName: 'Erika', tags: ['vip'] });
    store.received({ snapshot: true, upserts: [erika], removes: [] });
    store.setQuery({ search: 'vip' });
    store.setQuery({ status: 'active' });
    store.received({ snapshot: false, upserts: [helpSession({ deviceName: 'Max' })], removes: [] });
    store.received({ snapshot: false, upserts: [], removes: [erika.id] });
    const { rows, query: current } = useLiveViewStore.getState();
    expect(names([...rows.values()])).toEqual(['Max']);
    expect(current).toEqual({ ...DEFAULT_QUERY, search: 'vip', status: 'active' });
    expect(visibleRows(rows, current)).toEqual([]);
  });
});
