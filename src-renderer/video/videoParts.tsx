import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TandemError } from '../../src-shared/errors';
import type { EventPayload } from '../../src-shared/ipc/contract';
import type { VideoStatus } from '../../src-shared/video/status';
import { errorMessage } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { useVideoStore } from './videoStore';

const whenFormats = new Map<string, Intl.DateTimeFormat>();

/** A list row's last cell: *Open*, named for the row (`label`) for screen readers. */
export function OpenCell({ label, onOpen }: { label: string; onOpen: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <td>
      <button type="button" className="secondary" aria-label={label} onClick={onOpen}>
        {t('video.open')}
      </button>
    </td>
  );
}

/** A moment as people read it in their language: date and time, no seconds (one formatter per language, not per row). */
export function formatWhen(iso: string, language: string): string {
  let format = whenFormats.get(language);
  if (!format)
    whenFormats.set(
      language,
      (format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' })),
    );
  return format.format(new Date(iso));
}

/** A session's status in colour and in words (the colour alone says nothing to some people). */
export function StatusBadge({ status }: { status: VideoStatus }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <span className={`video-status video-status-${status.toLowerCase()}`} data-status={status}>
      {t(`video.status.${status}`)}
    </span>
  );
}

/** Every frame of the video feed while the component is shown (the latest handler, no re-subscribing). */
export function useVideoFrames(handler: (frame: EventPayload<'videoFeed.frame'>) => void): void {
  const client = useAppStore((state) => state.client);
  const onFrame = useEffectEvent(handler);
  useEffect(() => (client ? client.on('videoFeed.frame', (frame) => onFrame(frame)) : undefined), [client]);
}

/** The signed-in user: ID and permissions, for what the Video area offers. */
export function useVideoUser(): { userId: string | null; views: boolean; manages: boolean; conducts: boolean } {
  const account = useAppStore((state) => state.account);
  const permissions = account?.signedIn ? account.permissions : [];
  return {
    userId: account?.signedIn ? account.userId : null,
    views: permissions.includes('video.view'),
    manages: permissions.includes('video.manage'),
    conducts: permissions.includes('video.conduct'),
  };
}

/** What a list or view shows while it loads, when it failed, or when this user may not see it. */
export type Loaded<T> =
  { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; error: TandemError | null };

export function loadFailure(error: unknown): Loaded<never> {
  return { state: 'error', error: error instanceof TandemError ? error : null };
}

/**
 * What `fetch` answers, read when shown, whenever `fetch` changes (a new filter: loading until its
 * answer is in, an older answer dropped) and when the feed comes back after a drop (what changed
 * meanwhile was not pushed). `reload` reads again; `update` changes what is shown (a frame, an
 * action's answer).
 */
export function useLoad<T>(fetch: () => Promise<T>) {
  const [result, setResult] = useState<{ from: () => Promise<T>; loaded: Loaded<T> } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const resumed = useVideoStore((state) => state.resumed);
  useEffect(() => {
    let current = true;
    fetch().then(
      (value) => current && setResult({ from: fetch, loaded: { state: 'ready', value } }),
      (error: unknown) => current && setResult({ from: fetch, loaded: loadFailure(error) }),
    );
    return () => {
      current = false;
    };
  }, [fetch, attempt, resumed]);
  const reload = useCallback(() => setAttempt((count) => count + 1), []);
  const loaded: Loaded<T> = result?.from === fetch ? result.loaded : { state: 'loading' };
  const update = useCallback(
    (change: (value: T) => T) =>
      setResult((shown) =>
        shown?.loaded.state === 'ready'
          ? { ...shown, loaded: { state: 'ready', value: change(shown.loaded.value) } }
          : shown,
      ),
    [],
  );
  return { loaded, reload, update };
}

export function Loading({ label }: { label: string }): React.JSX.Element {
  return (
    <p className="video-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

/** A failure to read, in the catalogue's words; a refusal for lack of permission reads as such. */
export function LoadError({
  error,
  what,
  onRetry,
}: {
  error: TandemError | null;
  what: string;
  onRetry(): void;
}): React.JSX.Element {
  const { t } = useTranslation();
  if (error?.code === 'forbidden') {
    return (
      <div className="empty-state" role="alert">
        <h2>{t('video.notPermittedTitle')}</h2>
        <p>{t('video.notPermittedBody')}</p>
      </div>
    );
  }
  return (
    <div role="alert" className="video-error">
      <p className="error">
        {what} {errorMessage(t, error)}
      </p>
      <button type="button" className="secondary" onClick={onRetry}>
        {t('video.retry')}
      </button>
    </div>
  );
}
