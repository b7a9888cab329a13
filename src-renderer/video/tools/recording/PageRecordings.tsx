import { useCallback, useEffect, useState } from 'react';
import { videoRecordingRoutes as routes, type VideoRecording } from '../../../../src-shared/video/recordingContract';
import { callRoute, type PageError } from '../../page/api';
import { handleFailure, usePageStore } from '../../page/pageStore';
import { useErrorText, useLanguage, useTexts } from '../../page/texts';
import { RecordingList } from './RecordingList';

/**
 * VS-7 on the code user's page: a session's recordings (after the call, and in the overview's past
 * sessions) through the code user's own routes, with their token. The list is read again whenever
 * the feed brings news of the session (a recording became ready) or the lists are read again (the
 * feed came back after a drop).
 */
export function PageRecordings({ sessionId }: { sessionId: string }) {
  const t = useTexts();
  const errorText = useErrorText();
  const language = useLanguage((state) => state.language);
  const token = usePageStore((state) => state.token);
  const news = usePageStore((state) => state.sessions.find((session) => session.id === sessionId));
  const [loaded, setLoaded] = useState<
    { state: 'loading' } | { state: 'ready'; recordings: VideoRecording[] } | { state: 'error'; error: PageError }
  >({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    callRoute(routes['video.codeUser.recordings.list'], { params: { id: sessionId } }, token).then(
      ({ recordings }) => current && setLoaded({ state: 'ready', recordings }),
      (failure: unknown) => current && setLoaded({ state: 'error', error: handleFailure(failure) }),
    );
    return () => {
      current = false;
    };
  }, [sessionId, token, news, attempt]);

  const ticket = useCallback(
    async (recording: VideoRecording) => {
      const { path } = await callRoute(
        routes['video.codeUser.recordings.ticket'],
        { params: { id: recording.id } },
        token,
      );
      return new URL(path, location.origin).toString();
    },
    [token],
  );

  if (loaded.state === 'loading') return <p role="status">{t.loading}</p>;
  if (loaded.state === 'error') {
    return (
      <div className="vp-error" role="alert">
        <p>{errorText(loaded.error)}</p>
        <button type="button" className="vp-secondary" onClick={() => setAttempt((count) => count + 1)}>
          {t.retry}
        </button>
      </div>
    );
  }
  return (
    <RecordingList
      recordings={loaded.recordings}
      texts={t.recording.list}
      language={language}
      ticket={ticket}
      describeError={(error) => errorText(handleFailure(error))}
    />
  );
}
