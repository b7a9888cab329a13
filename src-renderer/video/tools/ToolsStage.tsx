import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { CallRole } from '../../../src-shared/video/live';
import { TOOL_COLOURS, type ToolPoint, type TrackedCorners, type TrackTemplate } from '../../../src-shared/video/tools';
import type { VideoCall } from '../call/videoCall';
import { PaintLoop } from './paintLoop';
import './tools.css';
import { pictureRect, toPicture, type Rect } from './pictureGeometry';
import { StrokeDrawer } from './strokeDrawer';
import type { TrackerClient } from './tracking/trackerClient';
import { TrackingSession } from './trackingSession';
import { applyStroke, endStrokesOf, resetTools, setHighlight, toolsStore, type StrokeTool } from './toolsStore';

/** The tools' texts, from whichever catalogue the page has (the app's i18n or the code user's page's). */
export interface ToolsTexts {
  /** The tool bar's name. */
  toolbar: string;
  pen: string;
  arrow: string;
  circle: string;
  /** The drawing surface over the picture. */
  surface: string;
  /** How to draw with the keyboard on the surface (its description). */
  keyboardHint: string;
  mirror: string;
  track: string;
  /** How to choose the object, while *Track object* is on. */
  trackHint: string;
  stopTracking: string;
  lost: string;
  /** The object could not be tracked (too plain, or the picture not there yet). */
  trackFailed: string;
}

type Mode = StrokeTool | 'track';
const STROKE_TOOLS: readonly StrokeTool[] = ['pen', 'arrow', 'circle'];
/** A box smaller than this share of the picture's width or height is a slip, not a choice. */
const SMALLEST_BOX = 0.03;
/** How far an arrow key moves the keyboard's cross (with Shift: five times as far), as a share of the picture. */
const KEY_STEP = 0.01;
const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};
/** A tracked corner may lie beyond the picture's edge; messages carry places within it. */
const clampFraction = (value: number) => Math.min(1, Math.max(0, value));

/**
 * The customer's picture with the call's tools over it (VS-6): the <video>, a canvas lying exactly
 * over the picture's drawn rectangle (letterboxing from the video's own size and the element's box),
 * the tool bar. Both sides draw on the customer's camera picture: the code user on their preview, the
 * employee on the other side's video — who can also mirror the view and choose an object to track
 * (`createTracker`); the code user's side follows the object the employee chose.
 */
export function ToolsStage({
  call,
  stream,
  videoLabel,
  muted,
  texts,
  createTracker,
  className,
}: {
  call: VideoCall;
  stream: MediaStream | null;
  videoLabel: string;
  muted: boolean;
  texts: ToolsTexts;
  /** Starts the tracking engine (both sides; only once tracking is used), or none where it is not offered. */
  createTracker?: () => TrackerClient;
  className?: string;
}): React.JSX.Element {
  const role = call.view.role;
  const employee = role === 'employee';
  const other: CallRole = employee ? 'code-user' : 'employee';
  const toolsOpen = useStore(call.store, (view) => view.toolsOpen);
  const highlight = useStore(toolsStore, (state) => state.highlight);
  const videoRef = useRef<HTMLVideoElement>(null);
  const [rect, setRect] = useState<Rect | null>(null);
  const [mode, setMode] = useState<Mode>('pen');
  const [mirrored, setMirrored] = useState(false);
  const [trackError, setTrackError] = useState(false);
  /** The object this side chose (the employee), with its template: the other side gets it again on every new connection. */
  const chosen = useRef<{ id: string; template: TrackTemplate } | null>(null);
  /** The keyboard's cross on the picture, and whether Enter started a drawing (or a box) there. */
  const keys = useRef<{ at: ToolPoint; drawing: boolean }>({ at: [0.5, 0.5], drawing: false });
  const hintId = useId();
  const drawer = useMemo(
    () => new StrokeDrawer({ send: (message) => call.sendTool(message), role, ttlMs: () => call.view.strokeTtlMs }),
    [call, role],
  );
  const [loop] = useState(() => new PaintLoop());
  const kick = loop.kick;
  const [tracker] = useState(() => new TrackingSession(createTracker, () => setTrackError(true)));
  useEffect(() => () => tracker.dispose(), [tracker]);
  useEffect(() => () => loop.dispose(), [loop]);

  useEffect(() => {
    const video = videoRef.current;
    if (video && video.srcObject !== stream) video.srcObject = stream;
  }, [stream]);

  // Where the picture lies in the element: again on every resize of either.
  useEffect(() => {
    const video = videoRef.current!;
    const measure = () =>
      setRect(
        pictureRect(
          { width: video.clientWidth, height: video.clientHeight },
          { width: video.videoWidth, height: video.videoHeight },
        ),
      );
    const observer = new ResizeObserver(measure);
    observer.observe(video);
    video.addEventListener('resize', measure);
    video.addEventListener('loadedmetadata', measure);
    measure();
    return () => {
      observer.disconnect();
      video.removeEventListener('resize', measure);
      video.removeEventListener('loadedmetadata', measure);
    };
  }, []);
  useEffect(kick, [rect, kick]);

  // The other side's tools, and the tracker's results, into the store the canvas paints.
  useEffect(() => {
    resetTools();
    const unsubscribe = toolsStore.subscribe(kick);
    const stopListening = call.onTool((message, from) => {
      if (message.type === 'stroke') applyStroke(message, from, performance.now());
      else if (message.type === 'track' && !employee) {
        setHighlight({ id: message.id, role: from, corners: message.corners, lost: false });
        if (videoRef.current && tracker.available) tracker.follow(videoRef.current, message.template, message.corners);
      } else if (message.type === 'track-stop' && !employee) {
        tracker.stop();
        setHighlight(null);
      }
    });
    return () => {
      unsubscribe();
      stopListening();
      drawer.dispose();
    };
  }, [call, employee, tracker, drawer, kick]);
  useEffect(() => {
    if (!toolsOpen) endStrokesOf(other, performance.now());
  }, [toolsOpen, other]);
  // The tools channel opened again (the other side reconnected, or joined after the object was
  // chosen): it gets the object again, where it is now, so both sides show it.
  useEffect(() => {
    const current = toolsStore.getState().highlight;
    if (!toolsOpen || !chosen.current || current?.id !== chosen.current.id || !current.corners) return;
    const corners = current.corners.map(([x, y]) => [clampFraction(x), clampFraction(y)]) as TrackedCorners;
    call.sendTool({ type: 'track', id: current.id, corners, template: chosen.current.template });
  }, [toolsOpen, call]);

  const point = (event: React.PointerEvent<HTMLCanvasElement>): ToolPoint => {
    const bounds = event.currentTarget.getBoundingClientRect();
    const local = { x: event.clientX - bounds.left, y: event.clientY - bounds.top };
    return toPicture(local, { x: 0, y: 0, width: bounds.width, height: bounds.height }, mirrored);
  };
  const chooseObject = async (from: ToolPoint, to: ToolPoint) => {
    const [left, right] = [Math.min(from[0], to[0]), Math.max(from[0], to[0])];
    const [top, bottom] = [Math.min(from[1], to[1]), Math.max(from[1], to[1])];
    if (right - left < SMALLEST_BOX || bottom - top < SMALLEST_BOX || !videoRef.current) return;
    const corners: TrackedCorners = [
      [left, top],
      [right, top],
      [right, bottom],
      [left, bottom],
    ];
    const id = `track-${Date.now().toString(36)}`;
    setTrackError(false);
    try {
      const template = await tracker.select(videoRef.current, corners);
      chosen.current = { id, template };
      setHighlight({ id, role, corners, lost: false });
      call.sendTool({ type: 'track', id, corners, template });
      setMode('pen');
    } catch {
      setTrackError(true);
    }
  };
  /**
   * Drawing without a pointer: arrow keys move a cross over the picture (Shift: larger steps), Enter
   * (or Space) starts the shape there and, moved on, ends it there; Escape ends it where the cross is.
   */
  const onKey = (event: React.KeyboardEvent<HTMLCanvasElement>) => {
    const state = keys.current;
    const arrow = ARROWS[event.key];
    if (arrow) {
      const step = event.shiftKey ? 5 * KEY_STEP : KEY_STEP;
      // On a mirrored view the screen's left is the picture's right.
      const dx = (mirrored ? -arrow[0] : arrow[0]) * step;
      state.at = [clampFraction(state.at[0] + dx), clampFraction(state.at[1] + arrow[1] * step)];
      if (state.drawing && loop.box) loop.setBox({ ...loop.box, to: state.at });
      else if (state.drawing) drawer.move(state.at);
    } else if ((event.key === 'Enter' || event.key === ' ') && !state.drawing) {
      state.drawing = true;
      if (mode === 'track') loop.setBox({ from: state.at, to: state.at });
      else drawer.begin(mode, state.at);
    } else if ((event.key === 'Enter' || event.key === ' ' || event.key === 'Escape') && state.drawing) {
      state.drawing = false;
      const box = loop.box;
      loop.setBox(null);
      if (box) void chooseObject(box.from, state.at);
      else drawer.end();
    } else return;
    event.preventDefault();
    loop.setCursor({ at: state.at, colour: TOOL_COLOURS[role] });
  };
  const stopTracking = () => {
    const current = toolsStore.getState().highlight;
    tracker.stop();
    chosen.current = null;
    setHighlight(null);
    if (current) call.sendTool({ type: 'track-stop', id: current.id });
  };

  return (
    <div className={`tools-stage ${className ?? ''}`} data-mirrored={mirrored}>
      <div className="tools-picture" style={mirrored ? { transform: 'scaleX(-1)' } : undefined}>
        <video ref={videoRef} aria-label={videoLabel} autoPlay playsInline muted={muted} />
        {rect && (
          <canvas
            ref={(canvas) => loop.setCanvas(canvas)}
            className="tools-surface"
            // Keys drawn on (arrows, Enter) are the surface's own, as in any drawing application.
            role="application"
            aria-label={texts.surface}
            aria-describedby={hintId}
            tabIndex={0}
            data-tool={mode}
            onKeyDown={onKey}
            onFocus={(event) => {
              // Focused by a pointer (drawing with it), no cross: it shows on the first key.
              if (!event.currentTarget.matches(':focus-visible')) return;
              loop.setCursor({ at: keys.current.at, colour: TOOL_COLOURS[role] });
            }}
            onBlur={() => {
              if (keys.current.drawing) {
                keys.current.drawing = false;
                loop.setBox(null);
                drawer.end();
              }
              loop.setCursor(null);
            }}
            style={{ left: rect.x, top: rect.y, width: rect.width, height: rect.height }}
            onPointerDown={(event) => {
              event.currentTarget.setPointerCapture(event.pointerId);
              const at = point(event);
              if (mode === 'track') loop.setBox({ from: at, to: at });
              else drawer.begin(mode, at);
              kick();
            }}
            onPointerMove={(event) => {
              if (!event.currentTarget.hasPointerCapture(event.pointerId)) return;
              const at = point(event);
              if (loop.box) loop.setBox({ ...loop.box, to: at });
              else drawer.move(at);
              kick();
            }}
            onPointerUp={(event) => {
              const chosen = loop.box;
              loop.setBox(null);
              if (chosen) void chooseObject(chosen.from, point(event));
              else drawer.end();
              kick();
            }}
            onPointerCancel={() => {
              loop.setBox(null);
              drawer.end();
            }}
          />
        )}
      </div>
      {highlight?.lost && (
        <p className="tools-lost" role="status">
          {texts.lost}
        </p>
      )}
      <div className="tools-bar" role="toolbar" aria-label={texts.toolbar}>
        {STROKE_TOOLS.map((tool) => (
          <button
            key={tool}
            type="button"
            aria-pressed={mode === tool}
            style={{ borderColor: mode === tool ? TOOL_COLOURS[role] : undefined }}
            onClick={() => setMode(tool)}
          >
            {texts[tool]}
          </button>
        ))}
        {employee && (
          <button type="button" aria-pressed={mirrored} onClick={() => setMirrored(!mirrored)}>
            {texts.mirror}
          </button>
        )}
        {employee && tracker.available && !highlight && (
          <button type="button" aria-pressed={mode === 'track'} onClick={() => setMode('track')}>
            {texts.track}
          </button>
        )}
        {employee && highlight && (
          <button type="button" onClick={stopTracking}>
            {texts.stopTracking}
          </button>
        )}
      </div>
      {mode === 'track' && <p className="hint">{texts.trackHint}</p>}
      {/* Shown all along: showing it only on focus would move the controls under a pointer leaving the picture. */}
      <p id={hintId} className="tools-keys">
        {texts.keyboardHint}
      </p>
      {trackError && (
        <p className="error" role="alert">
          {texts.trackFailed}
        </p>
      )}
    </div>
  );
}
