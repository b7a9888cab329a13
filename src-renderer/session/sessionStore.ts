import { create } from 'zustand';
import type { SessionEventInput } from '../../src-shared/domain/consent';
import type { SessionView } from '../../src-shared/domain/session';
import type { TandemClient } from '../../src-shared/ipc/client';
import type { InputEvent } from '../../src-shared/session/inputEvents';
import type { PeerSignal } from '../../src-shared/signaling/peerMessages';
import type { Access } from '../../src-shared/signaling/protocol';
import { fingerprintOf, localCertificate } from './endpoint';
import { FileTransfers, type Transfer } from './fileTransfers';
import { PeerLink, type LinkStats } from './peerLink';
import { captureScreen, captureSource } from './screenCapture';

export interface ChatEntry {
  id: string;
  from: 'me' | 'partner';
  text: string;
  sentAt: number;
}

interface SessionUiState {
  views: Record<string, SessionView>;
  stats: Record<string, LinkStats>;
  streams: Record<string, MediaStream>;
  recovering: Record<string, boolean>;
  chat: Record<string, ChatEntry[]>;
  transfers: Record<string, Transfer>;
  clipboard: Record<string, { mine: boolean; partner: boolean }>;
  captureError: string | null;
  /** The supporter's most recent outgoing request, for the Connect screen to follow. */
  lastOutgoing: string | null;
}

const links = new Map<string, PeerLink>();
const pendingSignals = new Map<string, PeerSignal[]>();
/** Host: the screen the end user chose while answering (a user gesture), per request. */
const pendingStreams = new Map<string, Promise<MediaStream>>();
/** Host: the screen chosen while accepting a session code, for the session that code starts. */
let codeStream: Promise<MediaStream> | null = null;
/** Host: the monitor each session's picture shows (Electron; RS-5). */
const captured = new Map<string, string>();
let client: TandemClient | null = null;
let inputSeq = 0;

export const useSessionStore = create<SessionUiState>()(() => ({
  views: {},
  stats: {},
  streams: {},
  recovering: {},
  chat: {},
  transfers: {},
  clipboard: {},
  captureError: null,
  lastOutgoing: null,
}));

const set = useSessionStore.setState;
type Keyed = { [K in keyof SessionUiState]: SessionUiState[K] extends Record<string, infer V> ? V : never };
const patch = <K extends Exclude<keyof SessionUiState, 'captureError' | 'lastOutgoing'>>(
  key: K,
  id: string,
  value: Keyed[K],
) =>
  set((state) => ({ [key]: { ...(state[key] as Record<string, Keyed[K]>), [id]: value } }) as Partial<SessionUiState>);

const transfers = new FileTransfers((transfer) => patch('transfers', transfer.id, transfer));

/** Host: the core lets go of every key and button the supporter holds on this computer. */
function releaseInput(requestId: string): void {
  client?.send('session.input', { requestId, event: { type: 'release-all' } });
}

/** Tells the core what happened, for the Session Insights event log; the core writes it only with consent. */
function record(requestId: string, event: SessionEventInput): void {
  void client?.invoke('session.recordEvent', { requestId, event }).catch(() => undefined);
}

function requireClient(): TandemClient {
  if (!client) throw new Error('Tandem is not connected to its core yet.');
  return client;
}

/** Host: the end user stopping the share from the browser's own control ends the session. */
function endWhenStopped(requestId: string, stream: MediaStream): void {
  stream
    .getVideoTracks()[0]
    ?.addEventListener('ended', () => void requireClient().invoke('session.end', { requestId }));
}

/** Host: another screen's picture on the session's running connection (RS-5). */
function putOnLink(requestId: string, stream: MediaStream): void {
  const link = links.get(requestId);
  const track = stream.getVideoTracks()[0];
  if (!link || !track) {
    stream.getTracks().forEach((each) => each.stop());
    throw new Error('The session is no longer running.');
  }
  link.replaceVideoTrack(track);
  endWhenStopped(requestId, stream);
}

/**
 * Host in Electron: the picture follows the monitor the core says is shared (the supporter
 * switched, or the end user did). The first announcement names what was captured on accepting.
 */
function followScreen(view: SessionView): void {
  const { requestId } = view;
  const wanted = view.screens.current;
  if (view.role !== 'host' || view.state !== 'active' || !wanted || !links.has(requestId)) return;
  if (!captured.has(requestId)) return void captured.set(requestId, wanted);
  const previous = captured.get(requestId)!;
  if (previous === wanted) return;
  captured.set(requestId, wanted);
  captureSource(wanted)
    .then((stream) => putOnLink(requestId, stream))
    .catch((error: unknown) => {
      // Nothing changed on the connection: the core goes back to the monitor still shown.
      set({ captureError: (error as Error).message });
      captured.set(requestId, previous);
      void requireClient()
        .invoke('session.switchScreen', { requestId, id: previous })
        .catch(() => undefined);
    });
}

/** Wires the renderer's half of remote sessions to the core: WebRTC, screen, channels. */
export async function startSessionRuntime(tandem: TandemClient): Promise<void> {
  client = tandem;
  const certificate = await localCertificate();
  await tandem.invoke('session.registerEndpoint', { fingerprint: fingerprintOf(certificate) });
  tandem.on('session.changed', (view) => void onView(view, certificate));
  tandem.on('session.signal', ({ requestId, signal }) => {
    const link = links.get(requestId);
    if (link) link.signal(signal);
    else pendingSignals.set(requestId, [...(pendingSignals.get(requestId) ?? []), signal]);
  });
  for (const view of await tandem.invoke('session.list', {})) patch('views', view.requestId, view);
}

async function onView(view: SessionView, certificate: RTCCertificate): Promise<void> {
  patch('views', view.requestId, view);
  const { requestId } = view;
  if (view.role === 'supporter' && useSessionStore.getState().lastOutgoing !== requestId) {
    const last = useSessionStore.getState().lastOutgoing;
    const lastView = last ? useSessionStore.getState().views[last] : undefined;
    if (!lastView || lastView.state === 'ended' || view.state !== 'ended') set({ lastOutgoing: requestId });
  }
  if (view.state === 'ended') {
    // Dropped before it is destroyed: its `closed` then reports nothing to the core.
    const link = links.get(requestId);
    links.delete(requestId);
    link?.destroy();
    pendingSignals.delete(requestId);
    captured.delete(requestId);
    const stream = useSessionStore.getState().streams[requestId];
    if (view.role === 'host') stream?.getTracks().forEach((track) => track.stop());
    return;
  }
  followScreen(view);
  // The supporter prepares its peer connection while the handshake runs: its offer and ICE
  // gathering are done by the time the host accepts. The cores decide when what it says may go
  // on: to the host once it proved the password, to the host's window once its end user accepted.
  const preparing = view.role === 'supporter' && (view.state === 'authenticating' || view.state === 'awaiting_answer');
  if ((view.state !== 'connecting' && !preparing) || links.has(requestId)) return;
  let stream: MediaStream | undefined;
  if (view.role === 'host') {
    try {
      const chosen = pendingStreams.get(requestId) ?? (view.method === 'code' ? codeStream : null);
      if (view.method === 'code') codeStream = null;
      stream = await (chosen ?? captureScreen());
    } catch (error) {
      set({ captureError: (error as Error).message });
      await requireClient().invoke('session.end', { requestId });
      return;
    } finally {
      pendingStreams.delete(requestId);
    }
    patch('streams', requestId, stream);
    endWhenStopped(requestId, stream);
  }
  if (links.has(requestId)) return;
  const link = new PeerLink(
    {
      initiator: view.initiator,
      iceServers: view.iceServers,
      iceTransportPolicy: view.iceTransportPolicy,
      certificate,
      ...(stream ? { stream } : {}),
    },
    {
      signal: (signal) =>
        void requireClient()
          .invoke('session.signal', { requestId, signal })
          .catch(() => undefined),
      connected: () => void requireClient().invoke('session.mediaConnected', { requestId }),
      // Nobody here ended the session (that drops the link first): the partner did, or the
      // network. The core learns which from the hub, so this side claims no end of its own. The
      // closed link stays until the session ends, so no other is opened for it meanwhile.
      closed: () => {
        if (links.get(requestId) !== link) return;
        void requireClient()
          .invoke('session.end', { requestId, reason: 'link_closed' })
          .catch(() => undefined);
      },
      stream: (remote) => patch('streams', requestId, remote),
      stats: (stats) => patch('stats', requestId, stats),
      recovering: (recovering) => {
        patch('recovering', requestId, recovering);
        // Host: while the link is down no key-up can arrive; let go now rather than autorepeat.
        if (recovering && view.role === 'host') releaseInput(requestId);
      },
      // One-way: a move arrives every frame, and no answer is waited for.
      input: (frame) => requireClient().send('session.input', { requestId, seq: frame.seq, event: frame.event }),
      inputClosed: () => {
        if (view.role === 'host') releaseInput(requestId);
      },
      fileChunk: (id, data) => transfers.onChunk(id, data),
      control: (message) => {
        if (message.type === 'chat') {
          record(requestId, { kind: 'chat', data: { from: 'partner', text: message.text } });
          const entries = useSessionStore.getState().chat[requestId] ?? [];
          patch('chat', requestId, [
            ...entries,
            { id: message.id, from: 'partner', text: message.text, sentAt: message.sentAt },
          ]);
        } else if (message.type === 'file-offer') {
          record(requestId, { kind: 'file', data: { direction: 'received', name: message.name, size: message.size } });
          transfers.onControl(requestId, link, message, (id) => useSessionStore.getState().transfers[id]);
        } else if (message.type === 'clipboard') {
          record(requestId, { kind: 'clipboard_used', data: { direction: 'received' } });
          if (useSessionStore.getState().clipboard[requestId]?.mine)
            void navigator.clipboard.writeText(message.text).catch(() => undefined);
        } else if (message.type === 'clipboard-sync') {
          const current = useSessionStore.getState().clipboard[requestId] ?? { mine: false, partner: false };
          patch('clipboard', requestId, { ...current, partner: message.enabled });
        } else {
          transfers.onControl(requestId, link, message, (id) => useSessionStore.getState().transfers[id]);
        }
      },
    },
  );
  links.set(requestId, link);
  for (const signal of pendingSignals.get(requestId) ?? []) link.signal(signal);
  pendingSignals.delete(requestId);
}

// ---- actions the UI calls -------------------------------------------------------------------------

export const sessionActions = {
  /** No password: by the one remembered for that computer. `remember`: keep a permanent password. */
  connect: (partnerId: string, password: string | undefined, access: Access, remember = false) =>
    requireClient().invoke('session.connect', {
      partnerId,
      access,
      ...(password === undefined ? {} : { password }),
      ...(remember ? { remember } : {}),
    }),

  /** LV-2 / LV-3: to an end user's help session, by the ID they read out or picked in the Live View. */
  connectHelp: (request: { code: string } | { helpSessionId: string; reason?: string }, access: Access = 'full') =>
    requireClient().invoke('session.connectHelp', { ...request, access }),

  /** Accept (with the screen chosen inside this click, a user gesture) or deny. */
  async answer(requestId: string, accept: boolean, access?: Access): Promise<void> {
    if (accept) {
      const stream = captureScreen();
      pendingStreams.set(requestId, stream);
      try {
        await stream;
      } catch (error) {
        pendingStreams.delete(requestId);
        set({ captureError: (error as Error).message });
        await requireClient().invoke('session.answerPrompt', { requestId, accept: false });
        return;
      }
    }
    await requireClient().invoke('session.answerPrompt', { requestId, accept, ...(access ? { access } : {}) });
  },

  createCode: (access: Access) => requireClient().invoke('session.createCode', { access }),
  lookupCode: (code: string) => requireClient().invoke('session.lookupCode', { code }),

  async joinCode(code: string): Promise<void> {
    codeStream = captureScreen();
    codeStream.catch(() => undefined);
    try {
      await requireClient().invoke('session.joinCode', { code });
    } catch (error) {
      void codeStream.then((stream) => stream.getTracks().forEach((track) => track.stop())).catch(() => undefined);
      codeStream = null;
      throw error;
    }
  },

  /** Monitors to choose from (Electron); empty where the browser shows its own picker. */
  listScreens: () => requireClient().invoke('screens.list', {}),
  chooseScreen: (id: string) => requireClient().invoke('screens.choose', { id }),

  /** RS-5: the supporter asks for another of the end user's monitors; the end user picks one of theirs. */
  switchScreen: (requestId: string, id: string) => requireClient().invoke('session.switchScreen', { requestId, id }),

  /** Host, browser mode: the browser's picker in this click (a user gesture), then the new picture. */
  async shareAnotherScreen(requestId: string): Promise<void> {
    putOnLink(requestId, await captureScreen());
  },

  answerConsent: (requestId: string, allow: boolean) =>
    requireClient().invoke('session.answerConsent', { requestId, allow }),
  withdrawConsent: (requestId: string) => requireClient().invoke('session.withdrawConsent', { requestId }),

  end: (requestId: string) => requireClient().invoke('session.end', { requestId }),
  setAccess: (requestId: string, access: Access) => requireClient().invoke('session.setAccess', { requestId, access }),

  sendInput(requestId: string, event: InputEvent): boolean {
    return links.get(requestId)?.sendInput({ seq: inputSeq++, sentAt: performance.now(), event }) ?? false;
  },

  sendChat(requestId: string, text: string): void {
    const entry: ChatEntry = { id: crypto.randomUUID(), from: 'me', text, sentAt: Date.now() };
    links.get(requestId)?.sendControl({ type: 'chat', id: entry.id, text, sentAt: entry.sentAt });
    record(requestId, { kind: 'chat', data: { from: 'me', text } });
    patch('chat', requestId, [...(useSessionStore.getState().chat[requestId] ?? []), entry]);
  },

  sendFile(requestId: string, file: File): Promise<void> {
    const link = links.get(requestId);
    if (link) record(requestId, { kind: 'file', data: { direction: 'sent', name: file.name, size: file.size } });
    return link ? transfers.send(requestId, link, file) : Promise.resolve();
  },

  cancelTransfer(transfer: Transfer): void {
    transfers.cancel(transfer, links.get(transfer.requestId));
  },

  /** RS-9: clipboard text is shared only while this side has switched it on. */
  setClipboardSync(requestId: string, enabled: boolean): void {
    const current = useSessionStore.getState().clipboard[requestId] ?? { mine: false, partner: false };
    patch('clipboard', requestId, { ...current, mine: enabled });
    links.get(requestId)?.sendControl({ type: 'clipboard-sync', enabled });
  },

  async sendClipboard(requestId: string): Promise<boolean> {
    const sync = useSessionStore.getState().clipboard[requestId];
    if (!sync?.mine || !sync.partner) return false;
    const text = await navigator.clipboard.readText();
    links.get(requestId)?.sendControl({ type: 'clipboard', text });
    record(requestId, { kind: 'clipboard_used', data: { direction: 'sent' } });
    return true;
  },

  restartIce(requestId: string): void {
    links.get(requestId)?.restartIce();
  },
};
