import type { VideoSession } from '../../src-shared/video/sessionContract';
import type { VideoStatus } from '../../src-shared/video/status';
import type { VideoTicket, VideoTicketMessage } from '../../src-shared/video/ticketContract';

/** What the sessions list is narrowed to, as `video.sessions.list` takes it ('' for any). */
export interface SessionFilter {
  status: VideoStatus | '';
  deviceId: string;
  /** '' anyone, `me`, or an employee's user ID. */
  assignee: string;
}

export const ANY_SESSION: SessionFilter = { status: '', deviceId: '', assignee: '' };

/** The list route's query for a filter: only what narrows. */
export function sessionQuery(filter: SessionFilter): { status?: VideoStatus; deviceId?: string; assignee?: string } {
  return {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.deviceId ? { deviceId: filter.deviceId } : {}),
    ...(filter.assignee ? { assignee: filter.assignee } : {}),
  };
}

/** Whether a session belongs in a list with this filter, as the endpoint would answer it. */
export function sessionMatches(session: VideoSession, filter: SessionFilter, myUserId: string | null): boolean {
  if (filter.status && session.status !== filter.status) return false;
  if (filter.deviceId && session.deviceId !== filter.deviceId) return false;
  if (filter.assignee) {
    const who = filter.assignee === 'me' ? myUserId : filter.assignee;
    if (!session.assignees.some((person) => person.userId === who)) return false;
  }
  return true;
}

/**
 * A session the feed says was created or changed, applied to a shown list (the most recently
 * changed first): it moves to the top, or leaves the list when it no longer matches the filter.
 * An older copy than the one shown (frames crossing an answer) changes nothing.
 */
export function applySession(
  list: readonly VideoSession[],
  session: VideoSession,
  filter: SessionFilter,
  myUserId: string | null,
): VideoSession[] {
  const shown = list.find((each) => each.id === session.id);
  if (shown && shown.updatedAt > session.updatedAt) return [...list];
  const others = list.filter((each) => each.id !== session.id);
  return sessionMatches(session, filter, myUserId) ? [session, ...others] : others;
}

/** A ticket opened or changed, applied to a shown list (the most recently active first). */
export function applyTicket(
  list: readonly VideoTicket[],
  ticket: Omit<VideoTicket, 'externalRef'> & { externalRef?: string },
  filter: { status: VideoTicket['status'] | ''; deviceId?: string },
): VideoTicket[] {
  const shown = list.find((each) => each.id === ticket.id);
  const merged: VideoTicket = { ...ticket, externalRef: ticket.externalRef ?? shown?.externalRef ?? '' };
  const others = list.filter((each) => each.id !== ticket.id);
  const matches =
    (!filter.status || merged.status === filter.status) && (!filter.deviceId || merged.deviceId === filter.deviceId);
  return matches ? [merged, ...others] : others;
}

/** A message heard on the feed or answered to this window's own post: each appears once, in time order. */
export function addMessage(messages: readonly VideoTicketMessage[], message: VideoTicketMessage): VideoTicketMessage[] {
  if (messages.some((each) => each.id === message.id)) return [...messages];
  return [...messages, message].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * The in-app notices of requests (VS-2): a new request is added once; a session that moved on from
 * REQUESTED (confirmed or cancelled, here or elsewhere) is no longer asked about.
 */
export function applyNotice(
  notices: readonly VideoSession[],
  frame: { type: 'requested' | 'session'; session: VideoSession },
): VideoSession[] {
  const others = notices.filter((each) => each.id !== frame.session.id);
  if (frame.type === 'requested') return frame.session.status === 'REQUESTED' ? [...others, frame.session] : others;
  return notices.some((each) => each.id === frame.session.id) && frame.session.status === 'REQUESTED'
    ? notices.map((each) => (each.id === frame.session.id ? frame.session : each))
    : others;
}
