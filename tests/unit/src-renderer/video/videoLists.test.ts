import { describe, expect, it } from 'vitest';
import type { VideoSession } from '../../../../src-shared/video/sessionContract';
import type { VideoTicket } from '../../../../src-shared/video/ticketContract';
import {
  addMessage,
  ANY_SESSION,
  applyNotice,
  applySession,
  applyTicket,
  sessionQuery,
} from '../../../../src-renderer/video/videoLists';

function session(id: string, change: Partial<VideoSession> = {}): VideoSession {
  return {
    id,
    deviceId: 'press-1',
    deviceName: 'Press 1',
    customer: 'Acme',
    status: 'REQUESTED',
    origin: 'request',
    reason: 'It squeaks',
    ticket: null,
    assignees: [],
    calls: 0,
    createdAt: '2026-11-30T08:00:00.000Z',
    updatedAt: '2026-11-30T08:00:00.000Z',
    ...change,
  };
}

function ticket(id: string, change: Partial<VideoTicket> = {}): VideoTicket {
  return {
    id,
    deviceId: 'press-1',
    deviceName: 'Press 1',
    title: 'Squeak',
    status: 'open',
    externalRef: '',
    createdBy: { kind: 'code-user' },
    createdAt: '2026-11-30T08:00:00.000Z',
    updatedAt: '2026-11-30T08:00:00.000Z',
    closedAt: null,
    ...change,
  };
}

const ada = { userId: 'u-ada', name: 'Ada' };

describe('the sessions list kept live by the feed', () => {
  it('asks the endpoint only for what narrows the list', () => {
    expect(sessionQuery(ANY_SESSION)).toEqual({});
    expect(sessionQuery({ status: 'CONFIRMED', deviceId: 'd', assignee: 'me' })).toEqual({
      status: 'CONFIRMED',
      deviceId: 'd',
      assignee: 'me',
    });
  });

  it('puts a new request at the top, and a changed session moves up without a second row', () => {
    const list = [session('a'), session('b')];
    const added = applySession(list, session('c', { updatedAt: '2026-11-30T09:00:00.000Z' }), ANY_SESSION, null);
    expect(added.map((each) => each.id)).toEqual(['c', 'a', 'b']);
    const changed = applySession(
      added,
      session('b', { status: 'CONFIRMED', updatedAt: '2026-11-30T09:01:00.000Z' }),
      ANY_SESSION,
      null,
    );
    expect(changed.map((each) => [each.id, each.status])).toEqual([
      ['b', 'CONFIRMED'],
      ['c', 'REQUESTED'],
      ['a', 'REQUESTED'],
    ]);
  });

  it('drops a session that leaves the filter: confirmed while the list shows requests only', () => {
    const filter = { ...ANY_SESSION, status: 'REQUESTED' as const };
    const list = [session('a'), session('b')];
    const next = applySession(
      list,
      session('a', { status: 'CONFIRMED', updatedAt: '2026-11-30T09:00:00.000Z' }),
      filter,
      null,
    );
    expect(next.map((each) => each.id)).toEqual(['b']);
  });

  it('filters by assignee as the endpoint does: "me" is the signed-in user', () => {
    const mine = { ...ANY_SESSION, assignee: 'me' };
    expect(applySession([], session('a', { assignees: [ada] }), mine, 'u-ada')).toHaveLength(1);
    expect(applySession([], session('a', { assignees: [ada] }), mine, 'u-bob')).toHaveLength(0);
    expect(
      applySession([], session('a', { deviceId: 'other' }), { ...ANY_SESSION, deviceId: 'press-1' }, null),
    ).toHaveLength(0);
  });

  it('keeps the newer copy when an older frame arrives after the list was read', () => {
    const shown = [session('a', { status: 'CONFIRMED', updatedAt: '2026-11-30T09:00:00.000Z' })];
    const next = applySession(shown, session('a', { status: 'REQUESTED' }), ANY_SESSION, null);
    expect(next[0]!.status).toBe('CONFIRMED');
  });
});

describe('the tickets list and the conversation', () => {
  it('moves an active ticket up and drops one closed while only open ones are shown', () => {
    const list = [ticket('a'), ticket('b')];
    expect(applyTicket(list, ticket('b'), { status: 'open' }).map((each) => each.id)).toEqual(['b', 'a']);
    expect(applyTicket(list, ticket('a', { status: 'closed' }), { status: 'open' }).map((each) => each.id)).toEqual([
      'b',
    ]);
  });

  it('keeps the ITSM reference when a frame carries none (the code user’s view of a change)', () => {
    const { externalRef: _, ...withoutRef } = ticket('a');
    const next = applyTicket([ticket('a', { externalRef: 'INC-42' })], withoutRef, { status: '' });
    expect(next[0]!.externalRef).toBe('INC-42');
  });

  it('shows a message once, though it comes both as the answer to sending it and on the feed', () => {
    const mine = {
      id: 'm2',
      author: { kind: 'employee' as const, name: 'Ada' },
      body: 'On my way',
      createdAt: '2026-11-30T08:02:00.000Z',
    };
    const theirs = {
      id: 'm1',
      author: { kind: 'code-user' as const },
      body: 'Hello',
      createdAt: '2026-11-30T08:01:00.000Z',
    };
    const once = addMessage(addMessage([], mine), mine);
    expect(addMessage(once, theirs).map((each) => each.id)).toEqual(['m1', 'm2']);
  });
});

describe('the in-app notices of requests', () => {
  it('adds a request once and lets it go when the session is confirmed or cancelled elsewhere', () => {
    const requested = session('a');
    const once = applyNotice(applyNotice([], { type: 'requested', session: requested }), {
      type: 'requested',
      session: requested,
    });
    expect(once).toHaveLength(1);
    expect(applyNotice(once, { type: 'session', session: session('a', { status: 'CANCELLED' }) })).toEqual([]);
    expect(applyNotice(once, { type: 'session', session: session('b') })).toEqual(once);
  });
});
