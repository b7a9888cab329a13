import { useState } from 'react';
import type { VideoRecording } from '../../../../src-shared/video/recordingContract';
import { fillText, type RecordingTexts } from './texts';
import './recording.css';

const formatWhen = (iso: string, language: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

const formatDuration = (ms: number) => {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

const formatSize = (bytes: number, language: string) =>
  new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(bytes / 1024 ** 2) + ' MiB';

/**
 * VS-7: a session's recordings, the newest first, with duration and size; a ready one plays here
 * from the short-lived ticket URL `ticket` asks for (the employee's and the code user's routes
 * differ; the endpoint gives it to the session's two parties only). The app's session details and
 * the code user's page both show it, each with its own texts.
 */
export function RecordingList({
  recordings,
  texts,
  language,
  ticket,
  describeError,
}: {
  recordings: VideoRecording[];
  texts: RecordingTexts['list'];
  language: string;
  /** The media URL of a ready recording, with its ticket. */
  ticket: (recording: VideoRecording) => Promise<string>;
  /** A failure to get the ticket, in the catalogue's words. */
  describeError: (error: unknown) => string;
}): React.JSX.Element {
  const [playing, setPlaying] = useState<{ id: string; src: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const play = async (recording: VideoRecording) => {
    setError(null);
    try {
      setPlaying({ id: recording.id, src: await ticket(recording) });
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <>
      {recordings.length === 0 && <p className="recording-note">{texts.empty}</p>}
      <ul className="recording-list">
        {recordings.map((recording) => {
          const when = formatWhen(recording.startedAt ?? recording.requestedAt, language);
          return (
            <li key={recording.id} data-testid="video-recording">
              <span>{fillText(texts.recorded, { when, name: recording.requestedBy })}</span>{' '}
              {recording.upload === 'ready' && (
                <>
                  <span>
                    {texts.duration}: {formatDuration(recording.durationMs ?? 0)}
                  </span>{' '}
                  <span>
                    {texts.size}: {formatSize(recording.sizeBytes ?? 0, language)}
                  </span>{' '}
                  <button
                    type="button"
                    className="secondary"
                    aria-label={fillText(texts.play, { when })}
                    onClick={() => void play(recording)}
                  >
                    ▶
                  </button>
                </>
              )}
              {recording.upload === 'waiting' && <span className="recording-note">{texts.waiting}</span>}
              {recording.upload === 'none' && <span className="recording-note">{texts.notRun}</span>}
              {playing?.id === recording.id && (
                <video
                  src={playing.src}
                  controls
                  autoPlay
                  playsInline
                  aria-label={fillText(texts.player, { when })}
                  className="video-recording-player"
                />
              )}
            </li>
          );
        })}
      </ul>
      {error && (
        <p className="recording-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
