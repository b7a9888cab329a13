import { describe, expect, it } from 'vitest';
import {
  videoActorSchema,
  videoEventSchema,
  videoEventsFor,
  videoStatusSchema,
  videoTransition,
  type VideoActor,
  type VideoEvent,
  type VideoStatus,
} from '../../../../src-shared/video/status';

/** VS-4 as the vendor describes it, written out in full: every change that may happen, and nothing else. */
const ALLOWED: [VideoStatus, VideoEvent, VideoActor, VideoStatus][] = [
  ['REQUESTED', 'confirm', 'employee', 'CONFIRMED'],
  ['REQUESTED', 'cancel', 'employee', 'CANCELLED'],
  ['REQUESTED', 'cancel', 'code_user', 'CANCELLED'],
  ['CONFIRMED', 'cancel', 'employee', 'CANCELLED'],
  ['CONFIRMED', 'cancel', 'code_user', 'CANCELLED'],
  ['CONFIRMED', 'start', 'system', 'IN_PROGRESS'],
  ['IN_PROGRESS', 'end', 'system', 'DONE'],
  ['DONE', 'close', 'employee', 'CLOSED'],
  ['DONE', 'close', 'system', 'CLOSED'],
  ['CLOSED', 'reopen', 'employee', 'CONFIRMED'],
];

const every = videoStatusSchema.options.flatMap((status) =>
  videoEventSchema.options.flatMap((event) =>
    videoActorSchema.options.map((actor) => [status, event, actor] as [VideoStatus, VideoEvent, VideoActor]),
  ),
);

describe('video session status (VS-4)', () => {
  it.each(ALLOWED)('%s --%s by %s--> %s', (status, event, actor, to) => {
    expect(videoTransition(status, event, actor)).toEqual({ ok: true, to });
  });

  it(`refuses every other one of the ${every.length} combinations, saying whether the status or the actor is wrong`, () => {
    const allowed = new Set(ALLOWED.map(([status, event, actor]) => `${status} ${event} ${actor}`));
    const refused = every.filter(([status, event, actor]) => !allowed.has(`${status} ${event} ${actor}`));
    expect(refused).toHaveLength(every.length - ALLOWED.length);
    for (const [status, event, actor] of refused) {
      const fromStatus = ALLOWED.some(([s, e]) => s === status && e === event);
      expect(videoTransition(status, event, actor), `${status} ${event} ${actor}`).toEqual({
        ok: false,
        reason: fromStatus ? 'actor' : 'status',
      });
    }
  });

  it('nothing leaves CANCELLED, and nobody but the endpoint starts or ends a call', () => {
    for (const actor of videoActorSchema.options) expect(videoEventsFor('CANCELLED', actor)).toEqual([]);
    for (const status of videoStatusSchema.options) {
      expect(videoEventsFor(status, 'employee')).not.toContain('start');
      expect(videoEventsFor(status, 'code_user')).not.toContain('end');
    }
  });

  it('offers each side only what it may do now', () => {
    expect(videoEventsFor('REQUESTED', 'employee')).toEqual(['confirm', 'cancel']);
    expect(videoEventsFor('REQUESTED', 'code_user')).toEqual(['cancel']);
    expect(videoEventsFor('DONE', 'employee')).toEqual(['close']);
    expect(videoEventsFor('CLOSED', 'employee')).toEqual(['reopen']);
    expect(videoEventsFor('CLOSED', 'code_user')).toEqual([]);
  });
});
