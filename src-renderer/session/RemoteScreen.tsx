import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputEvent } from '../../src-shared/session/inputEvents';
import { buttonOf, keyInput, toFraction, wheelSteps } from './inputCapture';

/**
 * The partner's screen (RS-5) and, while control is on, the source of remote input (RS-6):
 * pointer and buttons over the picture, keys only while this view has focus.
 */
export function RemoteScreen(props: {
  stream: MediaStream | undefined;
  name: string;
  fit: boolean;
  control: boolean;
  send(event: InputEvent): void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement>(null);
  const { stream, control, send } = props;

  useEffect(() => {
    if (videoRef.current && stream && videoRef.current.srcObject !== stream) videoRef.current.srcObject = stream;
  }, [stream]);

  const at = (event: React.PointerEvent | React.MouseEvent, clamp = false) =>
    videoRef.current ? toFraction(videoRef.current, event.clientX, event.clientY, clamp) : null;

  return (
    <div
      className={`remote-screen ${props.fit ? 'fit' : 'actual'}`}
      tabIndex={0}
      role="application"
      aria-label={t('session.screen', { name: props.name })}
      data-testid="remote-screen"
      onPointerMove={(event) => {
        // Chromium already delivers at most one pointermove per frame: send each one at once.
        const position = at(event);
        if (position && control) send({ type: 'pointer-move', ...position });
      }}
      onPointerDown={(event) => {
        event.currentTarget.focus();
        const position = at(event);
        const button = buttonOf(event.button);
        if (control && position && button) {
          // Keep the pointer's events while the button is down, so its release arrives here too.
          event.currentTarget.setPointerCapture(event.pointerId);
          send({ type: 'pointer-button', ...position, button, down: true });
        }
      }}
      onPointerUp={(event) => {
        const position = at(event, true);
        const button = buttonOf(event.button);
        if (control && position && button) send({ type: 'pointer-button', ...position, button, down: false });
      }}
      onWheel={(event) => {
        const dx = wheelSteps(event.deltaX, event.deltaMode);
        const dy = wheelSteps(event.deltaY, event.deltaMode);
        if (control && (dx || dy)) send({ type: 'wheel', dx, dy });
      }}
      onContextMenu={(event) => event.preventDefault()}
      // Keys let go while this view has no focus never reach it: the host lets go of everything.
      onBlur={() => {
        if (control) send({ type: 'release-all' });
      }}
      onKeyDown={(event) => {
        if (!control) return;
        const input = keyInput(event, true);
        if (input) {
          event.preventDefault();
          send(input);
        }
      }}
      onKeyUp={(event) => {
        if (!control) return;
        const input = keyInput(event, false);
        if (input) {
          event.preventDefault();
          send(input);
        }
      }}
    >
      {!stream && <p className="note">{t('session.waitingForScreen')}</p>}
      <video ref={videoRef} autoPlay muted playsInline data-testid="remote-video" />
    </div>
  );
}
