import { useStore } from 'zustand';
import { uploadedPercent, type LocalRecording } from '../../../../src-shared/video/recordingContract';
import type { VideoCall } from '../../call/videoCall';
import { fillText, type RecordingTexts } from './texts';
import './recording.css';

/**
 * VS-6 in a call, on either side: the employee's *Record*; the consent prompt (Accept / Decline)
 * for a side whose consent is missing — asked when it joins late, too —; the indicator on both sides
 * while it records, with *Stop recording*; and on the employee's, how the recording on this computer
 * and its upload stand. The endpoint decides each step (`call.record`), both sides show its answer.
 */
export function RecordingControls({
  call,
  texts,
  peerName,
  recorder,
}: {
  call: VideoCall;
  texts: RecordingTexts;
  /** The other side's name, as the prompt and the waiting line name them. */
  peerName: string;
  /** The employee's side: whether this window can record, and its copy's state. */
  recorder?: { ability: 'checking' | 'desktop' | 'needs-app'; local: LocalRecording | null; error: string | null };
}): React.JSX.Element | null {
  const view = useStore(call.store);
  const recording = view.recording;
  const mine = view.role;
  const over = ['ended', 'refused', 'signed-out', 'failed'].includes(view.phase);
  const active = recording && recording.state !== 'stopped' ? recording : null;
  const local = recorder?.local ?? null;

  const upload = local && (
    <p className="recording-upload" role="status">
      {fillText(texts.upload[local.state], {
        percent: uploadedPercent(local),
        error: local.error ?? '',
      })}
      {(local.state === 'uploading' || local.state === 'paused') && (
        <progress max={local.bytes} value={local.uploadedBytes} aria-label={texts.upload.progress} />
      )}
    </p>
  );
  if (over) return upload ? <div className="recording-controls">{upload}</div> : null;

  return (
    <div className="recording-controls">
      {active?.state === 'on' && (
        <p className="recording-indicator" role="status" aria-live="polite" title={texts.onLong}>
          <span className="recording-dot" aria-hidden="true" />
          {texts.on}
        </p>
      )}
      {active?.state === 'asking' && !active.accepted.includes(mine) && (
        <div
          className="recording-prompt"
          role="alertdialog"
          aria-labelledby="recording-prompt-title"
          aria-describedby="recording-prompt-body"
        >
          <h4 id="recording-prompt-title">{texts.promptTitle}</h4>
          <p id="recording-prompt-body">{fillText(texts.promptBody, { name: active.requestedBy })}</p>
          <div className="recording-actions">
            <button type="button" onClick={() => call.record('accept')}>
              {texts.accept}
            </button>
            <button type="button" className="secondary" onClick={() => call.record('decline')}>
              {texts.decline}
            </button>
          </div>
        </div>
      )}
      {active?.state === 'asking' && active.accepted.includes(mine) && (
        <p className="hint" role="status">
          {fillText(texts.asking, { name: peerName })}
        </p>
      )}
      {!active && recording?.state === 'stopped' && (
        <p className="hint" role="status">
          {recording.accepted.length < 2 ? texts.declined : texts.stopped}
        </p>
      )}
      <div className="recording-actions">
        {mine === 'employee' && !active && (
          <button
            type="button"
            className="secondary"
            disabled={recorder?.ability !== 'desktop'}
            onClick={() => call.record('request')}
          >
            {texts.record}
          </button>
        )}
        {active?.state === 'on' && (
          <button type="button" className="danger" onClick={() => call.record('withdraw')}>
            {texts.stop}
          </button>
        )}
        {active?.state === 'asking' && active.accepted.includes(mine) && (
          <button type="button" className="secondary" onClick={() => call.record('withdraw')}>
            {texts.withdraw}
          </button>
        )}
      </div>
      {mine === 'employee' && recorder?.ability === 'needs-app' && <p className="hint">{texts.needsApp}</p>}
      {recorder?.error && (
        <p className="error" role="alert">
          {fillText(texts.recorderError, { error: recorder.error })}
        </p>
      )}
      {upload}
    </div>
  );
}
