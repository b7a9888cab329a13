import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { TandemError } from '../../../../src-shared/errors';
import type { VideoRecording } from '../../../../src-shared/video/recordingContract';
import { errorMessage } from '../../../shell/useAction';
import { useAppStore } from '../../../store/appStore';
import { LoadError, useLoad, useVideoFrames } from '../../videoParts';
import { RecordingList } from './RecordingList';
import { recordingTexts } from './texts';

/**
 * VS-6, VS-7 in a session's details: its recordings (`RecordingList`), each ready one playable here
 * through a ticket the endpoint hands out to the session's assignees only (anyone else is told why not).
 */
export function RecordingsSection({ sessionId }: { sessionId: string }): React.JSX.Element | null {
  const { t, i18n } = useTranslation();
  const texts = recordingTexts(i18n.language);
  const client = useAppStore((state) => state.client);
  const fetchRecordings = useCallback(
    () => client!.invoke('video.recordings.list', { params: { id: sessionId } }),
    [client, sessionId],
  );
  const { loaded, reload } = useLoad(fetchRecordings);
  // The session changed (a recording was asked, ran, or its upload became ready): the list follows.
  useVideoFrames((frame) => {
    if (frame.type === 'session' && frame.session.id === sessionId) reload();
  });
  const ticket = useCallback(
    async (recording: VideoRecording) => {
      const { path } = await client!.invoke('video.recordings.ticket', { params: { id: recording.id } });
      const base = await client!
        .invoke('cloud.status', {})
        .then((status) => status.url)
        .catch(() => window.location.origin);
      return new URL(path, base).toString();
    },
    [client],
  );

  if (loaded.state === 'loading') return null;
  return (
    <section aria-labelledby="video-recordings-title" className="video-recordings">
      <h3 id="video-recordings-title">{texts.list.title}</h3>
      {loaded.state === 'ready' ? (
        <RecordingList
          recordings={loaded.value.recordings}
          texts={texts.list}
          language={i18n.language}
          ticket={ticket}
          describeError={(error) => errorMessage(t, error instanceof TandemError ? error : null)}
        />
      ) : (
        <LoadError error={loaded.error} what={texts.list.title} onRetry={reload} />
      )}
    </section>
  );
}
