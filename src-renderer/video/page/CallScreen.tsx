import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { VideoCall, type CallView } from '../call/videoCall';
import { PageCallScreenshots } from '../tools/screenshots/PageScreenshots';
import { ToolsStage } from '../tools/ToolsStage';
import { PageRecordings } from '../tools/recording/PageRecordings';
import { RecordingControls } from '../tools/recording/RecordingControls';
import { createTrackerClient } from '../tools/tracking/trackerClient';
import { load, signOut, usePageStore } from './pageStore';
import { fill, useErrorText, useTexts } from './texts';

/** A <video> showing a stream (muted: this side's own preview, which must not echo). */
function StreamVideo({ stream, label, muted }: { stream: MediaStream | null; label: string; muted: boolean }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  return <video ref={ref} aria-label={label} autoPlay playsInline muted={muted} />;
}

const OVER: CallView['phase'][] = ['ended', 'refused', 'signed-out', 'failed'];

/** The code user's call: own camera preview, the employee's video when on, switch camera, mute, end, quality. */
export function CallScreen({ sessionId }: { sessionId: string }) {
  const t = useTexts();
  const errorText = useErrorText();
  const token = usePageStore((state) => state.token);
  const [call] = useState(
    () => new VideoCall({ endpoint: location.origin, token: token ?? '', sessionId, role: 'code-user' }),
  );
  const view = useStore(call.store);
  // The session's status as the feed tells it: IN PROGRESS once both are in, DONE once it ended.
  const session = usePageStore((state) => state.sessions.find((candidate) => candidate.id === sessionId));

  const closing = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    // React's development mode mounts twice: a close that a second mount follows at once is called off.
    if (closing.current) clearTimeout(closing.current);
    void call.start();
    return () => {
      closing.current = setTimeout(() => call.close(), 0);
    };
  }, [call]);
  useEffect(() => {
    if (view.phase === 'signed-out') signOut(true);
  }, [view.phase]);

  const leave = () => {
    call.close();
    usePageStore.setState({ view: { kind: 'home' } });
    void load();
  };
  const peerName = view.peer?.name ?? '';
  const over = OVER.includes(view.phase);
  const status = over
    ? view.phase === 'ended'
      ? view.endedBy === 'dropped'
        ? t.call.endedDropped
        : t.call.ended
      : view.phase === 'refused'
        ? errorText({ code: view.refusal ?? 'video_call_not_ready' })
        : view.failure === 'media'
          ? t.call.failedMedia
          : view.failure === 'certificate'
            ? t.call.failedCertificate
            : t.call.failedConnection
    : view.phase === 'connected'
      ? view.recovering
        ? t.call.recovering
        : fill(t.call.connected, { name: peerName })
      : t.call[view.phase as 'joining' | 'waiting' | 'connecting' | 'reconnecting'];

  return (
    <main className="vp-call" aria-labelledby="vp-call-heading" data-phase={view.phase}>
      <h1 id="vp-call-heading" className="vp-visually-hidden">
        {t.call.heading}
      </h1>
      {session && (
        <p className="vp-muted" data-testid="vp-call-session-status">
          {t.status[session.status]}
        </p>
      )}
      <p className="vp-call-status" role="status">
        {status}
      </p>
      <RecordingControls call={call} texts={t.recording} peerName={peerName} />
      {!over && (
        <>
          <div className="vp-stage">
            {view.remoteVideo ? (
              <StreamVideo stream={view.remote} label={fill(t.call.theirVideo, { name: peerName })} muted={false} />
            ) : (
              <>
                {/* The other side's sound plays while their camera is off. */}
                <StreamVideo stream={view.remote} label={fill(t.call.theirVideo, { name: peerName })} muted={false} />
                {view.peer && <p className="vp-camera-off">{fill(t.call.theirCameraOff, { name: peerName })}</p>}
              </>
            )}
            <ToolsStage
              call={call}
              stream={view.local}
              videoLabel={t.call.yourCamera}
              muted
              texts={t.call.tools}
              createTracker={createTrackerClient}
              className={view.remoteVideo ? 'vp-preview' : 'vp-preview vp-preview-full'}
            />
          </div>
          {view.cameraError && (
            <p className="vp-error" role="alert">
              {t.call.cameraError}
            </p>
          )}
          {view.quality && (
            <p className={`vp-quality vp-quality-${view.quality}`}>
              {fill(t.call.quality, { quality: t.call[view.quality] })}
            </p>
          )}
          <div className="vp-controls">
            <button type="button" onClick={() => void call.switchCamera()} disabled={!view.cameraOn}>
              {t.call.switchCamera}
            </button>
            <button type="button" aria-pressed={view.muted} onClick={() => call.setMuted(!view.muted)}>
              {view.muted ? t.call.unmute : t.call.mute}
            </button>
            <button type="button" onClick={() => void call.setCamera(!view.cameraOn)}>
              {view.cameraOn ? t.call.cameraOff : t.call.cameraOn}
            </button>
            <button type="button" className="vp-danger" onClick={() => call.end()}>
              {t.call.end}
            </button>
          </div>
        </>
      )}
      <PageCallScreenshots call={call} sessionId={sessionId} />
      {over && (
        <section className="vp-card" aria-labelledby="vp-call-recordings">
          <h2 id="vp-call-recordings">{t.recording.list.title}</h2>
          <PageRecordings sessionId={sessionId} />
        </section>
      )}
      {over && (
        <button type="button" className="vp-primary" onClick={leave}>
          {t.call.close}
        </button>
      )}
    </main>
  );
}
