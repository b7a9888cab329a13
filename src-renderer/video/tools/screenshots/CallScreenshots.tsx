import { useCallback, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { VideoCall } from '../../call/videoCall';
import { grabFrame } from './grabFrame';
import { OpenShot, type ShotProps } from './OpenShot';
import { ShotSync } from './shotSync';

const OVER = ['ended', 'refused', 'signed-out', 'failed'];

/**
 * Screenshots during a call (VS-6): *Take screenshot* grabs the current frame of the customer's
 * picture (the code user's own camera, the employee's view of it), keeps it on the endpoint and
 * tells the other side (`shot-open`), which opens the same screenshot; both then draw on it at the
 * same time over the call's tools channel, each saving to the endpoint. After the tools channel
 * came back (a reconnect) the open screenshot is synced again.
 */
export function CallScreenshots({ call, ...props }: ShotProps & { call: VideoCall }): React.JSX.Element {
  const view = useStore(call.store);
  const [sync, setSync] = useState<ShotSync | null>(null);
  const current = useRef<ShotSync | null>(null);
  const [otherClosed, setOtherClosed] = useState(false);
  const [taking, setTaking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const peer = useRef({ send: call.sendTool.bind(call) }).current;

  const open = useCallback(
    (id: string) => {
      if (current.current?.id === id) return current.current;
      void current.current?.close();
      const next = new ShotSync(id, props.api, peer);
      current.current = next;
      setSync(next);
      setOtherClosed(false);
      return next;
    },
    [props.api, peer],
  );
  const close = () => {
    const closing = current.current;
    if (!closing) return;
    current.current = null;
    setSync(null);
    call.sendTool({ type: 'shot-close', id: closing.id });
    void closing.close();
  };

  useEffect(
    () =>
      call.onTool((message) => {
        if (message.type === 'shot-open') open(message.id);
        else if (message.type === 'shot-close' && message.id === current.current?.id) setOtherClosed(true);
        else current.current?.receive(message);
      }),
    [call, open],
  );
  // The tools channel came back (or opened late): catch up with what the other side drew meanwhile.
  useEffect(() => {
    if (view.toolsOpen) current.current?.sync();
  }, [view.toolsOpen]);
  // Leaving the call view saves what is left.
  useEffect(() => () => void current.current?.close(), []);

  const picture = props.role === 'employee' ? view.remote : view.local;
  const hasPicture =
    picture?.getVideoTracks().some((track) => track.readyState === 'live') === true &&
    (props.role === 'code-user' ? view.cameraOn : view.remoteVideo);
  const take = async () => {
    if (!picture) return;
    setTaking(true);
    setError(null);
    try {
      const shot = await props.api.take(await grabFrame(picture));
      open(shot.id);
      call.sendTool({ type: 'shot-open', id: shot.id });
    } catch (caught) {
      setError(props.describeError(caught));
    } finally {
      setTaking(false);
    }
  };

  return (
    <div className="call-screenshots">
      {!OVER.includes(view.phase) && (
        <button
          type="button"
          className="secondary"
          disabled={view.phase !== 'connected' || !hasPicture || taking}
          onClick={() => void take()}
        >
          {taking ? props.texts.taking : props.texts.take}
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {sync && (
        <OpenShot
          key={sync.id}
          {...props}
          sync={sync}
          notice={otherClosed ? props.texts.otherClosed : null}
          onClose={close}
        />
      )}
    </div>
  );
}
