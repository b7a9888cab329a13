import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VideoRecording } from '../../../../src-shared/video/recordingContract';
import { ErrorText } from '../../../shell/ErrorText';
import { useAction } from '../../../shell/useAction';
import { useAppStore } from '../../../store/appStore';
import { formatWhen, useLoad, useVideoFrames } from '../../videoParts';
import { fillText, recordingTexts } from './texts';
import './recording.css';

const formatDuration = (ms: number) => {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

const formatSize = (bytes: number, language: string) =>
  new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(bytes / 1024 ** 2) + ' MiB';

/**
 * VS-6, VS-7 in a session's details: its recordings, the newest first, with duration and size, and
 * each ready one playable here (a short-lived ticket URL the endpoint hands out to the session's
 * assignees only; anyone else is told why not).
 */
export function RecordingsSection({ sessionId }: { sessionId: string }): React.JSX.Element | null {
  const { i18n } = useTranslation();
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
  const [playing, setPlaying] = useState<{ id: string; src: string } | null>(null);
  const play = useAction(async (recording: VideoRecording) => {
    const ticket = await client!.invoke('video.recordings.ticket', { params: { id: recording.id } });
    const base = await client!
      .invoke('cloud.status', {})
      .then((status) => status.url)
      .catch(() => window.location.origin);
    setPlaying({ id: recording.id, src: new URL(ticket.path, base).toString() });
  });

  if (loaded.state !== 'ready') return null;
  const recordings = loaded.value.recordings;
  return (
    <section aria-labelledby="video-recordings-title" className="video-recordings">
      <h3 id="video-recordings-title">{texts.list.title}</h3>
      {recordings.length === 0 && <p className="hint">{texts.list.empty}</p>}
      <ul>
        {recordings.map((recording) => {
          const when = formatWhen(recording.startedAt ?? recording.requestedAt, i18n.language);
          return (
            <li key={recording.id} data-testid="video-recording">
              <span>{fillText(texts.list.recorded, { when, name: recording.requestedBy })}</span>{' '}
              {recording.upload === 'ready' && (
                <>
                  <span>
                    {texts.list.duration}: {formatDuration(recording.durationMs ?? 0)}
                  </span>{' '}
                  <span>
                    {texts.list.size}: {formatSize(recording.sizeBytes ?? 0, i18n.language)}
                  </span>{' '}
                  <button
                    type="button"
                    className="secondary"
                    aria-label={fillText(texts.list.play, { when })}
                    onClick={() => void play.run(recording)}
                  >
                    ▶
                  </button>
                </>
              )}
              {recording.upload === 'waiting' && <span className="hint">{texts.list.waiting}</span>}
              {recording.upload === 'none' && <span className="hint">{texts.list.notRun}</span>}
              {playing?.id === recording.id && (
                <video
                  src={playing.src}
                  controls
                  autoPlay
                  aria-label={fillText(texts.list.player, { when })}
                  className="video-recording-player"
                />
              )}
            </li>
          );
        })}
      </ul>
      <ErrorText message={play.error} />
    </section>
  );
}
