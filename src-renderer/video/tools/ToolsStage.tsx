import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { CallRole } from '../../../src-shared/video/live';
import { TOOL_COLOURS, type ToolPoint, type TrackedCorners } from '../../../src-shared/video/tools';
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
      setHighlight({ id, role, corners, lost: false });
      call.sendTool({ type: 'track', id, corners, template });
      setMode('pen');
    } catch {
      setTrackError(true);
    }
  };
  const stopTracking = () => {
    const current = toolsStore.getState().highlight;
    tracker.stop();
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
            role="img"
            aria-label={texts.surface}
            data-tool={mode}
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
      {trackError && (
        <p className="error" role="alert">
          {texts.trackFailed}
        </p>
      )}
    </div>
  );
}
