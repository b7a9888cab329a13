import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { TandemError } from '../../../../src-shared/errors';
import type { TandemClient } from '../../../../src-shared/ipc/client';
import type { LocalRecording } from '../../../../src-shared/video/recordingContract';
import type { VideoCall } from '../../call/videoCall';
import { base64Of, CompositeRecorder, recordingMimeType } from './compositeRecorder';

/** Whether this window can record: the desktop app's core keeps the file; the web console cannot. */
export type RecorderAbility = 'checking' | 'desktop' | 'needs-app';

export interface CallRecorderState {
  ability: RecorderAbility;
  /** This computer's copy of the call's last recording, as the core reports it (progress of the upload). */
  local: LocalRecording | null;
  /** The recorder failed here (a catalogue code, or the browser's reason); the recording was withdrawn. */
  error: string | null;
}

/**
 * VS-6 on the employee's side: while the endpoint says the call's recording is `on`, composes and
 * encodes it here and hands each chunk to the desktop core; when it is no longer on (anyone withdrew,
 * the call ended) stops within a chunk and has the core finish the file; once the call is over, has
 * the core upload it. A recorder that fails withdraws the recording, so nobody believes it runs.
 */
export function useCallRecorder(call: VideoCall, sessionId: string, client: TandemClient | null): CallRecorderState {
  const view = useStore(call.store);
  const [ability, setAbility] = useState<RecorderAbility>(client ? 'checking' : 'needs-app');
  const [local, setLocal] = useState<LocalRecording | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = useRef<{ id: string; recorder: CompositeRecorder } | null>(null);
  const recordedAny = useRef(false);

  useEffect(() => {
    if (!client) return;
    let live = true;
    client.invoke('videoRecording.list', {}).then(
      () => live && setAbility(recordingMimeType() ? 'desktop' : 'needs-app'),
      () => live && setAbility('needs-app'),
    );
    const stop = client.on('videoRecording.changed', (changed) => {
      if (changed.recordingId === running.current?.id || changed.sessionId === sessionId) setLocal(changed);
    });
    return () => {
      live = false;
      stop();
    };
  }, [client, sessionId]);

  const recording = view.recording;
  const over = ['ended', 'refused', 'signed-out', 'failed'].includes(view.phase);
  const shouldRun = ability === 'desktop' && !over && recording?.state === 'on' ? recording.id : null;

  useEffect(() => {
    if (!client) return;
    const current = running.current;
    if (current && current.id !== shouldRun) {
      running.current = null;
      void current.recorder
        .stop()
        .then(() => client.invoke('videoRecording.finish', { recordingId: current.id }))
        .then(setLocal)
        .catch((failure: unknown) => setError(failure instanceof TandemError ? failure.code : String(failure)));
    }
    if (!shouldRun || running.current) return;
    const recordingId = shouldRun;
    const fail = (failure: unknown) => {
      setError(failure instanceof TandemError ? failure.code : String(failure));
      call.record('withdraw');
    };
    // The recorder is kept at once, not after the core answered: a withdrawal meanwhile must find it to stop it.
    const begun = client.invoke('videoRecording.begin', { recordingId, sessionId });
    begun.catch(fail);
    try {
      const recorder = new CompositeRecorder(
        {
          chunk: async (seq, data) => {
            await begun;
            await client.invoke('videoRecording.chunk', { recordingId, seq, data: await base64Of(data) });
          },
        },
        recordingMimeType()!,
      );
      recorder.setStreams(call.view.remote, call.view.local);
      recorder.start();
      running.current = { id: recordingId, recorder };
      recordedAny.current = true;
    } catch (failure) {
      fail(failure);
    }
  }, [client, call, sessionId, shouldRun]);

  // The streams change as cameras turn on and off or the other side rejoins: the composite follows.
  useEffect(() => {
    running.current?.recorder.setStreams(view.remote, view.local);
  }, [view.remote, view.local]);

  // After the call: the core uploads what was recorded (and resumes what an earlier run left).
  useEffect(() => {
    if (!over || !client || !recordedAny.current || local?.state !== 'waiting') return;
    const timer = setTimeout(() => void client.invoke('videoRecording.upload', {}).catch(() => undefined), 0);
    return () => clearTimeout(timer);
  }, [over, client, local?.state]);

  // Leaving the view stops the recorder (the file keeps what it has).
  useEffect(
    () => () => {
      const current = running.current;
      running.current = null;
      if (current && client) {
        void current.recorder
          .stop()
          .then(() => client.invoke('videoRecording.finish', { recordingId: current.id }))
          .then(() => client.invoke('videoRecording.upload', {}))
          .catch(() => undefined);
      }
    },
    [client],
  );

  return { ability, local, error };
}
