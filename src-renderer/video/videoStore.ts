import { create } from 'zustand';
import type { TandemClient } from '../../src-shared/ipc/client';
import type { VideoSession } from '../../src-shared/video/sessionContract';
import type { VideoFeedState } from '../../src-shared/video/videoIpc';
import { applyNotice } from './videoLists';

/** Where the Video area is: a list, or one session, ticket or device. */
export type VideoPlace =
  | { view: 'sessions' }
  | { view: 'session'; id: string }
  | { view: 'tickets' }
  | { view: 'ticket'; id: string }
  | { view: 'devices' }
  | { view: 'device'; id: string }
  | { view: 'settings' };

/** Where and as whom this window joins a call socket; null where it cannot (see `allowCalls`). */
export type CallAccess = { endpoint: string; token: string; openSocket?: (url: string) => WebSocket };

interface VideoStore {
  feed: VideoFeedState;
  /** Counts the feed's returns after a drop: what is shown is read again then. */
  resumed: number;
  /** Requests the signed-in employee is responsible for and has not opened or dismissed (VS-2). */
  notices: VideoSession[];
  place: VideoPlace;
  go(place: VideoPlace): void;
  /**
   * How this window reaches the call socket: the web console joins from its own origin with the
   * tab's session; the desktop window may open no socket of its own (its CSP allows only the app),
   * so its core carries the socket and joins with the session it holds. Null: no calls here.
   */
  callAccess: (() => CallAccess | null) | null;
  allowCalls(access: () => CallAccess | null): void;
  dismiss(sessionId: string): void;
  /**
   * Listens to the video feed while a user with a video permission is signed in (the desktop core
   * or the console's transport holds the socket); the returned function stops listening.
   */
  listen(client: TandemClient, notify?: (session: VideoSession) => void): () => void;
}

export const useVideoStore = create<VideoStore>()((set, get) => ({
  feed: { state: 'connecting' },
  resumed: 0,
  notices: [],
  place: { view: 'sessions' },
  callAccess: null,
  allowCalls(access) {
    set({ callAccess: access });
  },
  go(place) {
    set({ place });
  },
  dismiss(sessionId) {
    set({ notices: get().notices.filter((each) => each.id !== sessionId) });
  },
  listen(client, notify) {
    const stops = [
      client.on('videoFeed.state', (feed) =>
        set((shown) => ({
          feed,
          resumed: shown.feed.state === 'offline' && feed.state === 'live' ? shown.resumed + 1 : shown.resumed,
        })),
      ),
      client.on('videoFeed.frame', (frame) => {
        if (frame.type !== 'requested' && frame.type !== 'session') return;
        set({ notices: applyNotice(get().notices, frame) });
        if (frame.type === 'requested') notify?.(frame.session);
      }),
    ];
    void client.invoke('videoFeed.status', {}).then(
      (feed) => set({ feed }),
      () => set({ feed: { state: 'offline', since: new Date().toISOString() } }),
    );
    return () => {
      for (const stop of stops) stop();
      set({ notices: [], place: { view: 'sessions' } });
    };
  },
}));

/** Permissions that open the Video area. */
export const VIDEO_AREA_PERMISSIONS = ['video.view', 'video.manage', 'video.conduct'] as const;
