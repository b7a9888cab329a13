import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { errorMessage } from '../shell/useAction';
import { VideoCall, type CallView } from './call/videoCall';
import { EmployeeCallScreenshots } from './tools/screenshots/AppScreenshots';
import { EmployeeTools } from './EmployeeTools';
import type { CallAccess } from './videoStore';

/** A <video> showing a stream (muted: this side's own preview, which must not echo). */
function StreamVideo({ stream, label, muted }: { stream: MediaStream | null; label: string; muted: boolean }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  return <video ref={ref} aria-label={label} autoPlay playsInline muted={muted} className="video-call-stream" />;
}

const OVER: readonly CallView['phase'][] = ['ended', 'refused', 'signed-out', 'failed'];

/**
 * The employee's side of a session's call (VS-5), in the session's details: the customer's camera,
 * this side's camera off until turned on, mute, end, the connection's quality. The call itself is
 * the call module's (`./call/videoCall.ts`); the endpoint moves the session to IN PROGRESS and DONE.
 */
export function EmployeeCall({
  sessionId,
  access,
  onClose,
}: {
  sessionId: string;
  access: CallAccess;
  onClose(): void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const [call] = useState(() => new VideoCall({ ...access, sessionId, role: 'employee' }));
  const view = useStore(call.store);
  useEffect(() => {
    void call.start();
    return () => call.close();
  }, [call]);

  const peer = view.peer?.name ?? t('video.session.codeUser');
  const over = OVER.includes(view.phase);
  const status = over
    ? view.phase === 'ended'
      ? view.endedBy === 'dropped'
        ? t('video.call.endedDropped')
        : t('video.call.ended')
      : view.phase === 'refused'
        ? errorMessage(t, view.refusal ?? 'video_call_not_ready')
        : view.phase === 'signed-out'
          ? errorMessage(t, 'signed_out')
          : t(`video.call.failed.${view.failure ?? 'connection'}`)
    : view.phase === 'connected'
      ? view.recovering
        ? t('video.call.recovering')
        : t('video.call.connected', { name: peer })
      : t(`video.call.${view.phase as 'joining' | 'waiting' | 'connecting' | 'reconnecting'}`);

  return (
    <section className="video-call" aria-labelledby="video-call-title" data-phase={view.phase}>
      <h3 id="video-call-title">{t('video.call.title')}</h3>
      <p role="status" className="video-call-status">
        {status}
      </p>
      {!over && (
        <>
          <div className="video-call-stage">
            <EmployeeTools call={call} stream={view.remote} label={t('video.call.theirVideo', { name: peer })} />
            {view.peer && !view.remoteVideo && <p className="hint">{t('video.call.theirCameraOff', { name: peer })}</p>}
            {view.cameraOn && <StreamVideo stream={view.local} label={t('video.call.yourCamera')} muted />}
          </div>
          {view.cameraError && (
            <p className="error" role="alert">
              {t('video.call.cameraError')}
            </p>
          )}
          {view.quality && (
            <p className="hint">{t('video.call.quality', { quality: t(`video.call.qualities.${view.quality}`) })}</p>
          )}
          <div className="video-actions">
            <button
              type="button"
              className="secondary"
              aria-pressed={view.muted}
              onClick={() => call.setMuted(!view.muted)}
            >
              {view.muted ? t('video.call.unmute') : t('video.call.mute')}
            </button>
            <button
              type="button"
              className="secondary"
              aria-pressed={view.cameraOn}
              onClick={() => void call.setCamera(!view.cameraOn)}
            >
              {view.cameraOn ? t('video.call.cameraOff') : t('video.call.cameraOn')}
            </button>
            <button type="button" className="danger" onClick={() => call.end()}>
              {t('video.call.end')}
            </button>
          </div>
        </>
      )}
      <EmployeeCallScreenshots call={call} sessionId={sessionId} />
      {over && (
        <button type="button" className="secondary" onClick={onClose}>
          {t('video.call.close')}
        </button>
      )}
    </section>
  );
}
