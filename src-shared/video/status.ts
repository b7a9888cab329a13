import { z } from 'zod';

/**
 * VS-4: a video session's status and how it may change — the one table the endpoint enforces
 * (a forbidden change answers 409 `video_transition_forbidden`) and the apps read to offer only
 * the actions that can succeed.
 */
export const videoStatusSchema = z.enum(['REQUESTED', 'CONFIRMED', 'IN_PROGRESS', 'DONE', 'CLOSED', 'CANCELLED']);
export type VideoStatus = z.infer<typeof videoStatusSchema>;

/** What changes a status: people's actions, and the call itself (`start`, `end`) or the review period (`close`). */
export const videoEventSchema = z.enum(['confirm', 'cancel', 'start', 'end', 'close', 'reopen']);
export type VideoEvent = z.infer<typeof videoEventSchema>;

/** Who causes it: an assigned employee, the device's code user, or the endpoint itself. */
export const videoActorSchema = z.enum(['employee', 'code_user', 'system']);
export type VideoActor = z.infer<typeof videoActorSchema>;

interface Transition {
  from: readonly VideoStatus[];
  to: VideoStatus;
  by: readonly VideoActor[];
}

/**
 * - confirm: an employee accepts a code user's request.
 * - cancel: either side, before the call (requested or confirmed).
 * - start / end: the call begins (either side clicked *Start* and media flows) and ends.
 * - close: an employee closes the review, or the company's review period runs out.
 * - reopen: an employee opens a closed session for another call under it.
 */
const TRANSITIONS: Record<VideoEvent, Transition> = {
  confirm: { from: ['REQUESTED'], to: 'CONFIRMED', by: ['employee'] },
  cancel: { from: ['REQUESTED', 'CONFIRMED'], to: 'CANCELLED', by: ['employee', 'code_user'] },
  start: { from: ['CONFIRMED'], to: 'IN_PROGRESS', by: ['system'] },
  end: { from: ['IN_PROGRESS'], to: 'DONE', by: ['system'] },
  close: { from: ['DONE'], to: 'CLOSED', by: ['employee', 'system'] },
  reopen: { from: ['CLOSED'], to: 'CONFIRMED', by: ['employee'] },
};

export type VideoTransition =
  | { ok: true; to: VideoStatus }
  /** `status`: not from this status; `actor`: not by this actor (checked second, so the status reason wins). */
  | { ok: false; reason: 'status' | 'actor' };

/** Where `event` by `actor` takes a session in `status`, or why it may not. */
export function videoTransition(status: VideoStatus, event: VideoEvent, actor: VideoActor): VideoTransition {
  const transition = TRANSITIONS[event];
  if (!transition.from.includes(status)) return { ok: false, reason: 'status' };
  if (!transition.by.includes(actor)) return { ok: false, reason: 'actor' };
  return { ok: true, to: transition.to };
}

/** The events `actor` may cause now: what an app offers as buttons. */
export function videoEventsFor(status: VideoStatus, actor: VideoActor): VideoEvent[] {
  return videoEventSchema.options.filter((event) => videoTransition(status, event, actor).ok);
}
