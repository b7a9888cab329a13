import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { sdpFingerprint, type PeerSignal } from '../../src-shared/signaling/peerMessages';
import { relayOnlySignal } from '../../src-shared/signaling/relayOnly';
import type { VideoStatus } from '../../src-shared/video/status';
import {
  CALL_REJOIN_MS,
  callClientMessageSchema,
  FEED_AUTH_MS,
  VIDEO_CALL_PATH,
  VIDEO_CALL_REFUSED,
  VIDEO_SOCKET_SIGNED_OUT,
  type CallClientMessage,
  type CallRole,
  type CallServerFrame,
  type CallSignal,
} from '../../src-shared/video/live';
import type { AccountStore } from '../accounts/accountStore';
import { MAX_WAITING_SOCKETS_PER_SOURCE, TOO_MANY_WAITING, WaitingSockets } from '../security/waitingSockets';
import type { SharedState } from '../shared/sharedState';
import { networkSource } from '../signaling/sourceKeys';
import { turnCredentials, type TurnConfig } from '../signaling/turnCredentials';
import { callRooms, type CallMember } from './callRooms';
import type { RecordingStore } from './recordingStore';
import type { VideoDeviceStore } from './videoDeviceStore';

/** What the call needs of a video session (the session store answers it). */
export interface CallSession {
  readonly companyId: string;
  readonly deviceId: string;
  readonly status: VideoStatus;
  readonly assigneeIds: readonly string[];
  /** The company's fade time for drawings (VS-6), told to both sides as they join. */
  readonly strokeTtlMs: number;
}

/** The session store's part the call uses: read a session, and the call's own two transitions. */
export interface CallSessions {
  forCall(sessionId: string): Promise<CallSession | null>;
  /** Both sides are in: CONFIRMED → IN_PROGRESS (by the system). */
  callStarted(sessionId: string): Promise<unknown>;
  /** The call ended or dropped: IN_PROGRESS → DONE (by the system). */
  callEnded(sessionId: string): Promise<unknown>;
}

type CallRecordings = Pick<RecordingStore, 'current' | 'record' | 'callEnded'>;

/** A call message is a session description at most (64 KiB of SDP) and its envelope. */
const MAX_MESSAGE_CHARS = 80 * 1024;
/** Signals one socket may relay per second: an ICE restart is a few dozen, a flood is not a call. */
const SIGNALS_PER_SECOND = 100;

type Refusal = Extract<CallServerFrame, { type: 'call-refused' }>['code'];

/**
 * VS-5: the call socket (`src-shared/video/live.ts`). Each side authenticates with its first
 * message (`join`): an assigned employee with `video.conduct` by their bearer session, or the
 * device's code user by their token; the session must be CONFIRMED (a new call) or IN PROGRESS (a
 * rejoin). The endpoint relays the two sides' WebRTC signals and drives the status: both in →
 * IN PROGRESS; `end` from either → DONE; a side gone for the rejoin window → DONE (`dropped`).
 *
 * DTLS binding: in a remote session the two cores agree on each other's fingerprints through the
 * end-to-end handshake, because the hub is not trusted with who is who. Here the endpoint itself
 * checked who each side is, so it is the endpoint that binds: each joined socket's fingerprint is
 * pinned at the first description it sends for the connection with the side now in (the other
 * side's rejoin starts a new connection, pinned anew), and a later description (renegotiation, ICE
 * restart) with another certificate is dropped. Each client checks the other side's DTLS certificate
 * (getStats) against the fingerprint of the first description it received, so neither a
 * renegotiation nor anyone between them can swap the certificate for the rest of the call.
 */
export function serveCallSocket(
  app: FastifyInstance,
  parts: {
    accounts: Pick<AccountStore, 'resolveToken'>;
    codeUsers: Pick<VideoDeviceStore, 'checkCodeUser' | 'codeUserDevice'>;
    sessions: CallSessions;
    recordings: CallRecordings;
    shared: SharedState;
    turn: TurnConfig | undefined;
    log: FastifyBaseLogger;
    rejoinMs?: number | undefined;
  },
): void {
  const rejoinMs = parts.rejoinMs ?? CALL_REJOIN_MS;
  const rooms = callRooms(parts.shared, rejoinMs);
  const waiting = new WaitingSockets(MAX_WAITING_SOCKETS_PER_SOURCE);
  /** This instance's joined sockets, by connection ID, and how to forget the fingerprint each pinned. */
  const sockets = new Map<string, { socket: WebSocket; unpin(): void }>();
  const dropTimers = new Set<NodeJS.Timeout>();
  app.addHook('onClose', async () => {
    for (const timer of dropTimers) clearTimeout(timer);
    await rooms.close();
  });

  const sendTo = (socket: WebSocket, frame: CallServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  rooms.onDeliver((conn, frame, close) => {
    const held = sockets.get(conn);
    if (!held) return;
    // The other side (re)joined: the two make a new connection, whose certificate is pinned anew.
    if (frame.type === 'peer-joined') held.unpin();
    sendTo(held.socket, frame);
    if (close) held.socket.close(1000, 'the call ended');
  });

  /** Ends the call once, whoever asks first on whichever instance: DONE, and `ended` to every side still here. */
  const endCall = async (sessionId: string, by: 'employee' | 'code-user' | 'dropped') => {
    if (!(await rooms.claimEnd(sessionId))) return;
    try {
      await parts.sessions.callEnded(sessionId);
    } catch (error) {
      parts.log.warn({ err: error, sessionId }, 'the ended call could not move its session to DONE');
    }
    const recording = await parts.recordings.callEnded(sessionId).catch((error: unknown) => {
      parts.log.warn({ err: error, sessionId }, 'the ended call could not stop its recording');
      return null;
    });
    const members = await Promise.all([rooms.live(sessionId, 'employee'), rooms.live(sessionId, 'code-user')]);
    await rooms.clear(sessionId);
    for (const member of members) {
      if (!member) continue;
      if (recording) await rooms.send(member, { type: 'recording', recording });
      await rooms.send(member, { type: 'ended', by }, true);
    }
  };

  /** VS-6: a recording changed: both sides hear it, wherever their sockets are. */
  const tellRecording = async (
    sessionId: string,
    recording: NonNullable<Awaited<ReturnType<CallRecordings['current']>>>,
  ) => {
    const members = await Promise.all([rooms.live(sessionId, 'employee'), rooms.live(sessionId, 'code-user')]);
    for (const member of members) if (member) await rooms.send(member, { type: 'recording', recording });
  };

  /** A side is gone: unless it is back within the rejoin window, the call ends as dropped. */
  const dropUnlessBack = (sessionId: string, role: CallRole, member: CallMember) => {
    const timer = setTimeout(() => {
      dropTimers.delete(timer);
      void (async () => {
        if (!(await rooms.stillGone(sessionId, role, member))) return;
        const session = await parts.sessions.forCall(sessionId);
        // A call that never started (the other side never came) just loses this side.
        if (session?.status === 'IN_PROGRESS') await endCall(sessionId, 'dropped');
        else await rooms.release(sessionId, role, member);
      })().catch((error: unknown) => parts.log.warn({ err: error, sessionId }, 'a dropped call could not be ended'));
    }, rejoinMs);
    dropTimers.add(timer);
  };
  // The other side's instance died with its socket: as if it had left, seen from this side's instance.
  rooms.onVanished((sessionId, role, member) => {
    void (async () => {
      const here = await rooms.live(sessionId, role === 'employee' ? 'code-user' : 'employee');
      if (here) await rooms.send(here, { type: 'peer-left' });
      dropUnlessBack(sessionId, role, member);
    })().catch((error: unknown) => parts.log.warn({ err: error, sessionId }, 'a vanished call side was not handled'));
  });

  app.get(VIDEO_CALL_PATH, { websocket: true, schema: { hide: true } }, (socket, request) => {
    const stopWaiting = waiting.take(networkSource(request.ip));
    if (!stopWaiting) {
      socket.close(TOO_MANY_WAITING, 'too many connections from this network are waiting to authenticate');
      return;
    }
    const conn = randomBytes(12).toString('base64url');
    const authTimer = setTimeout(() => socket.close(VIDEO_SOCKET_SIGNED_OUT, 'join first'), FEED_AUTH_MS);
    authTimer.unref();
    /** Set once the join was accepted. */
    let joined: { sessionId: string; role: CallRole; member: CallMember; userId: string | null } | null = null;
    let joining = false;
    let closed = false;
    let ending = false;
    /** This socket's DTLS fingerprint, pinned at its first description. */
    let fingerprint: string | null = null;
    let window = { start: Date.now(), count: 0 };

    const refuse = (code: Refusal) => {
      sendTo(socket, { type: 'call-refused', code });
      socket.close(VIDEO_CALL_REFUSED, code);
    };
    const violation = (reason: string) => socket.close(1008, reason);

    const join = async (token: string, sessionId: string) => {
      const codeUser = await parts.codeUsers.checkCodeUser(token);
      const user = codeUser ? null : await parts.accounts.resolveToken(token);
      // A person's own session only: an API token does not take part in a call.
      if (codeUser === 'revoked' || (!codeUser && (!user || user.apiTokenId))) {
        return socket.close(VIDEO_SOCKET_SIGNED_OUT, 'sign in (or enter the code) again');
      }
      const session = await parts.sessions.forCall(sessionId);
      const companyId = codeUser ? codeUser.companyId : user!.companyId;
      // Another company's session, or another device's for a code user, is as one that does not exist.
      if (!session || session.companyId !== companyId || (codeUser && session.deviceId !== codeUser.deviceId)) {
        return refuse('not_found');
      }
      if (user && (!user.permissions.includes('video.conduct') || !session.assigneeIds.includes(user.id))) {
        return refuse('video_not_assigned');
      }
      if (session.status !== 'CONFIRMED' && session.status !== 'IN_PROGRESS') return refuse('video_call_not_ready');
      if (closed) return;
      const role: CallRole = codeUser ? 'code-user' : 'employee';
      // The employee sees the device the code user stands for; the code user sees the employee's name.
      const name = codeUser ? ((await parts.codeUsers.codeUserDevice(codeUser))?.name ?? '') : user!.name;
      const member: CallMember = { node: rooms.node, conn, name };
      if (session.status === 'CONFIRMED') await rooms.newCall(sessionId);
      const seat = await rooms.join(sessionId, role, member);
      if (seat.busy) return refuse('video_call_busy');
      joined = { sessionId, role, member, userId: user?.id ?? null };
      sockets.set(conn, {
        socket,
        unpin: () => {
          fingerprint = null;
        },
      });
      stopWaiting();
      if (closed) return left();
      const turn = parts.turn;
      // A side (re)joining learns the recording as it stands — and is asked, if its consent is missing.
      // Read before it hears `joined`: read after, it could already hold a recording the side asked
      // for since, which then reached it twice (seen on PostgreSQL, whose read takes longer).
      const recording = await parts.recordings.current(sessionId);
      sendTo(socket, {
        type: 'joined',
        role,
        iceServers: turn ? [turnCredentials(turn, `video-${role}-${conn}`)] : [],
        iceTransportPolicy: turn?.relayOnly ? 'relay' : 'all',
        peer: seat.peer ? { role: role === 'employee' ? 'code-user' : 'employee', name: seat.peer.name } : null,
        // The side that completes the pair offers: the other one is listening already.
        initiator: seat.peer !== null,
        strokeTtlMs: session.strokeTtlMs,
      });
      if (recording) sendTo(socket, { type: 'recording', recording });
      if (!seat.peer) return;
      await rooms.send(seat.peer, { type: 'peer-joined', peer: { role, name: member.name } });
      if (session.status !== 'CONFIRMED') return;
      try {
        await parts.sessions.callStarted(sessionId);
      } catch (error) {
        parts.log.warn({ err: error, sessionId }, 'the started call could not move its session to IN_PROGRESS');
      }
    };

    const relay = async (signal: CallSignal) => {
      if (!joined) return;
      if (signal.type === 'offer' || signal.type === 'answer') {
        const found = sdpFingerprint(signal.sdp);
        fingerprint ??= found;
        if (found === null || found !== fingerprint) {
          parts.log.warn(
            { sessionId: joined.sessionId },
            'a call description with an unbound DTLS fingerprint was dropped',
          );
          return;
        }
      }
      // Relay-only: neither side learns the other's addresses, whatever its client gathered.
      const relayed = parts.turn?.relayOnly ? (relayOnlySignal(signal as PeerSignal) as CallSignal | null) : signal;
      if (!relayed) return;
      const peer = await rooms.live(joined.sessionId, joined.role === 'employee' ? 'code-user' : 'employee');
      if (peer) await rooms.send(peer, { type: 'signal', signal: relayed });
    };

    const record = async (action: Extract<CallClientMessage, { type: 'record' }>['action']) => {
      if (!joined || ending) return;
      const actor =
        joined.role === 'employee'
          ? { role: 'employee' as const, userId: joined.userId! }
          : { role: 'code-user' as const };
      const recording = await parts.recordings.record(joined.sessionId, actor, action);
      if (recording) await tellRecording(joined.sessionId, recording);
    };

    /** The socket closed without `end`: the side may come back within the window. */
    const left = async () => {
      if (!joined || ending) return;
      const { sessionId, role, member } = joined;
      const peer = await rooms.leave(sessionId, role, member);
      if (peer) await rooms.send(peer, { type: 'peer-left' });
      dropUnlessBack(sessionId, role, member);
    };

    const failed = (error: unknown) => {
      parts.log.warn({ err: error }, 'a call message failed');
      socket.close(1011, 'the endpoint could not handle this message');
    };

    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      let json: unknown;
      try {
        json = text.length <= MAX_MESSAGE_CHARS ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      const parsed = callClientMessageSchema.safeParse(json);
      if (!parsed.success) return violation('not a call message');
      const message = parsed.data;
      if (message.type === 'join') {
        if (joining) return violation('join once');
        joining = true;
        clearTimeout(authTimer);
        return void join(message.token, message.sessionId).catch(failed);
      }
      if (!joined) return violation('join first');
      const now = Date.now();
      if (now - window.start >= 1000) window = { start: now, count: 0 };
      if (++window.count > SIGNALS_PER_SECOND) return violation('too many messages');
      if (message.type === 'signal') return void relay(message.signal).catch(failed);
      if (message.type === 'record') return void record(message.action).catch(failed);
      const { sessionId, role, member } = joined;
      ending = true;
      void (async () => {
        const session = await parts.sessions.forCall(sessionId);
        if (session?.status === 'IN_PROGRESS') await endCall(sessionId, role);
        else {
          // Before the other side came: this side leaves, the session stays CONFIRMED.
          await rooms.release(sessionId, role, member);
          socket.close(1000, 'left');
        }
      })().catch(failed);
    });

    socket.on('close', () => {
      closed = true;
      clearTimeout(authTimer);
      stopWaiting();
      sockets.delete(conn);
      void left().catch((error: unknown) => parts.log.warn({ err: error }, 'a call side could not leave'));
    });
  });
}
